package dev.sgproof.semantics;

import dev.sgproof.model.Rule;

/** A rule that matched the flow but did not decide, and why. */
public record LostRule(Rule rule, Reason reason) {
  public enum Reason {
    /** A rule with a smaller priority number matched. */
    HIGHER_PRIORITY_WON("a higher-priority rule won"),
    /** An allow at the deciding priority lost to a deny at the same priority. */
    EQUAL_PRIORITY_DENY_WON("an equal-priority deny won"),
    /** Another rule with the same priority and action is reported as the decider. */
    SAME_DECISION("another rule at the same priority decided the same way"),
    /** The intra-group allow comes before every custom rule. */
    INTRA_GROUP_ALLOW_WON("the intra-group allow comes first");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}

package dev.sgproof.semantics;

import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Nic;
import java.util.List;
import java.util.Objects;

/** The decision at one NIC in one direction, with the step that decided and the rules that lost. */
public record NicDecision(
    Nic nic, Direction direction, boolean allowed, Step decidedBy, List<LostRule> lost) {
  public NicDecision {
    Objects.requireNonNull(nic, "nic");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(decidedBy, "decidedBy");
    lost = List.copyOf(lost);
  }

  /**
   * One line for traces, e.g. {@code ECS3.eth1 ingress: deny by the default of a basic group}; a
   * rule is named by its group and place ({@code the rule of group Web at net.sg:13 priority 1}),
   * the place in the file it is written in (an included file for a rule from an include).
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    describeTo(b);
    return b.toString();
  }

  /** Appends {@link #describe()} to {@code b} (reports of many traces build no line apart). */
  public void describeTo(StringBuilder b) {
    b.append(nic.id()).append(' ').append(direction).append(": ").append(allowed ? "allow" : "deny");
    if (decidedBy instanceof Step.IntraGroup ig) {
      b.append(" (intra-group allow through group ")
          .append(ig.group().name())
          .append(": ")
          .append(ig.sourceNic().id())
          .append(" is a member too)");
    } else if (decidedBy instanceof Step.CustomRule cr) {
      var r = cr.rule();
      b.append(r.legacy() ? " by the legacy default rule of group " : " by the rule of group ")
          .append(r.group())
          .append(" at ")
          .append(r.span().file())
          .append(':')
          .append(r.line())
          .append(" priority ")
          .append(r.priority())
          .append(": ")
          .append(r.text());
    } else if (decidedBy instanceof Step.Default d) {
      b.append(" by the default of ")
          .append(d.type() == GroupType.BASIC ? "a basic" : "an advanced")
          .append(" group (no rule matched)");
    }
    for (LostRule l : lost) {
      var r = l.rule();
      b.append("; lost: ")
          .append(r.action() == Action.ALLOW ? "allow" : "deny")
          .append(" rule of group ")
          .append(r.group())
          .append(" at ")
          .append(r.span().file())
          .append(':')
          .append(r.line())
          .append(" priority ")
          .append(r.priority())
          .append(" (")
          .append(l.reason().text())
          .append(')');
    }
  }
}

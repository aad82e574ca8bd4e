package dev.sgproof.semantics;

import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The decision at one NIC in one direction, with the step that decided and the rules that lost. */
public record NicDecision(
    Nic nic, Direction direction, boolean allowed, Step decidedBy, List<LostRule> lost) {
  /**
   * A trace line names at most this many of the rules that lost; it counts the rest, which
   * {@code sgproof explain} lists. A NIC in groups of a thousand rules has a hundred losers for
   * many flows, and a line that names them all (a kilobyte or more, in every report format and in
   * SARIF's message) hides the decision it is there to show.
   */
  public static final int LOST_NAMED = 3;

  public NicDecision {
    Objects.requireNonNull(nic, "nic");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(decidedBy, "decidedBy");
    lost = List.copyOf(lost);
  }

  /**
   * One line for traces, e.g. {@code ECS3.eth1 ingress: deny by the default of a basic group}; a
   * rule is named by its group and place ({@code the rule of group Web at net.sg:13 priority 1}),
   * the place in the file it is written in (an included file for a rule from an include); then
   * up to {@link #LOST_NAMED} rules that lost, with why, and how many more lost.
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
    for (LostRule l : named()) {
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
    if (lost.size() > LOST_NAMED) {
      int more = lost.size() - LOST_NAMED;
      b.append("; ").append(more).append(more == 1 ? " more rule" : " more rules")
          .append(" matched and lost (sgproof explain lists every one)");
    }
  }

  /**
   * The rules that lost that a trace line names, in the order it names them: first those that
   * would have decided the other way (an allow that lost to a deny, a deny that lost to an allow:
   * the ones a reader asks about), then by priority, nearest the winner first; else in the
   * evaluator's order.
   */
  List<LostRule> named() {
    if (lost.size() <= LOST_NAMED) {
      return lost;
    }
    // The LOST_NAMED smallest keys, by selection: a line is made for every refutation of a run.
    long[] best = new long[LOST_NAMED];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    for (int i = 0; i < lost.size(); i++) {
      Rule r = lost.get(i).rule();
      long key = ((long) ((r.action() == Action.ALLOW) == allowed ? 1 : 0) << 62)
          | ((long) r.priority() << 32) | i;
      for (int k = 0; k < LOST_NAMED; k++) {
        if (key < best[k]) {
          long t = best[k];
          best[k] = key;
          key = t;
        }
      }
    }
    List<LostRule> out = new ArrayList<>(LOST_NAMED);
    for (long key : best) {
      out.add(lost.get((int) key));
    }
    return out;
  }
}

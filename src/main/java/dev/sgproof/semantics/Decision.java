package dev.sgproof.semantics;

import dev.sgproof.model.Flow;
import java.util.List;
import java.util.Objects;

/**
 * Whether a flow is permitted, with the decision at each NIC it touches: egress at the source NIC
 * (when the source is a NIC) first, then ingress at the destination NIC (when it is one). Both
 * are always evaluated, so a trace shows every end even when the first already denies.
 */
public record Decision(Flow flow, boolean permitted, List<NicDecision> steps) {
  public Decision {
    Objects.requireNonNull(flow, "flow");
    steps = List.copyOf(steps);
  }

  /** The trace as lines, one per NIC decision. */
  public List<String> trace() {
    return steps.stream().map(NicDecision::describe).toList();
  }
}

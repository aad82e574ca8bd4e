package dev.sgproof.semantics;

import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;

/** What decided at one NIC (semantics.md sections 5 and 6). */
public sealed interface Step permits Step.IntraGroup, Step.CustomRule, Step.Default {

  /** Ingress step 1: the source is a fellow member of an interconnected basic group. */
  record IntraGroup(Group group, Nic sourceNic) implements Step {}

  /** The highest-priority matching rule (a deny when a deny ties with an allow). */
  record CustomRule(Rule rule) implements Step {}

  /** No rule matched: ingress denies; egress allows for basic and denies for advanced. */
  record Default(GroupType type) implements Step {}
}

package dev.sgproof.model;

import dev.sgproof.diag.SourceSpan;
import java.util.List;
import java.util.Objects;

/** A security group: type, intra-group policy and rules (legacy default rules included). */
public record Group(
    String name,
    GroupType type,
    Policy policy,
    boolean legacyDefault,
    List<Rule> rules,
    SourceSpan span) {
  public Group {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(policy, "policy");
    rules = List.copyOf(rules);
    Objects.requireNonNull(span, "span");
    if (type == GroupType.ADVANCED && policy == Policy.INTERCONNECTED) {
      throw new IllegalArgumentException("advanced group " + name + " cannot be interconnected");
    }
  }
}

package dev.sgproof.query;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Network;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The implicit steps a proof rests on, next to the rules it depends on: the intra-group allow of
 * an interconnected group, the ingress default deny, the egress default allow of basic groups and
 * the egress default deny of advanced groups (semantics.md sections 5 and 6).
 *
 * <p>A step matters when the proof fails once the step is neutralised in the network reduced to
 * the proof's rules: an interconnected group made isolated; a default overridden by a
 * catch-all rule at priority 110, below every custom rule, so that it acts exactly as the opposite
 * default would. Each variant is decided by a fresh engine, so the caller's engine keeps its
 * cached encoding.
 */
public final class ProofSteps {
  private ProofSteps() {}

  /**
   * @param dependsOn the rules the proof depends on (the proof must hold with only these; when it
   *     does not, because an engine did not compute them, the whole network is used)
   */
  public static List<String> of(
      Spec spec, Assertion a, List<Rule> dependsOn, Supplier<Engine> engines) {
    Network reduced = keepOnly(spec.network(), dependsOn);
    Network base = holds(spec, reduced, a, engines) ? reduced : spec.network();
    List<String> steps = new ArrayList<>();
    for (Group g : base.groups()) {
      if (g.type() == GroupType.BASIC && g.policy() == Policy.INTERCONNECTED
          && base.members(g.name()).size() > 1
          && !holds(spec, isolate(base, g.name()), a, engines)) {
        steps.add("the intra-group allow of group " + g.name() + " (interconnected)");
      }
    }
    if (!holds(spec, withCatchAll(base, Direction.INGRESS, Action.ALLOW, t -> true), a, engines)) {
      steps.add("the ingress default deny");
    }
    if (hasType(base, GroupType.BASIC) && !hasLegacy(base, Direction.EGRESS, GroupType.BASIC)) {
      Network flipped = withCatchAll(base, Direction.EGRESS, Action.DENY, t -> t == GroupType.BASIC);
      if (!holds(spec, flipped, a, engines)) {
        steps.add("the egress default allow of basic groups");
      }
    }
    if (hasType(base, GroupType.ADVANCED)) {
      Network flipped =
          withCatchAll(base, Direction.EGRESS, Action.ALLOW, t -> t == GroupType.ADVANCED);
      if (!holds(spec, flipped, a, engines)) {
        steps.add("the egress default deny of advanced groups");
      }
    }
    return steps;
  }

  /**
   * The rules a proof depends on, minimal by deletion, for engines that do not compute them (the
   * exhaustive engine): each rule in spec order is removed for good when the proof still holds
   * without it. Costs one engine run per rule.
   */
  public static List<Rule> minimalRules(Spec spec, Assertion a, Supplier<Engine> engines) {
    List<Rule> keep = new ArrayList<>();
    spec.network().groups().forEach(g -> keep.addAll(g.rules()));
    for (Rule r : List.copyOf(keep)) {
      List<Rule> without = new ArrayList<>(keep);
      without.removeIf(x -> x == r);
      if (holds(spec, keepOnly(spec.network(), without), a, engines)) {
        keep.remove(r);
      }
    }
    return keep;
  }

  private static boolean holds(Spec spec, Network n, Assertion a, Supplier<Engine> engines) {
    try (Engine e = engines.get()) {
      return e.check(new Spec(spec.file(), n, List.of(a)), a) instanceof Verdict.Proved;
    }
  }

  private static boolean hasType(Network n, GroupType t) {
    return n.groups().stream().anyMatch(g -> g.type() == t && !n.members(g.name()).isEmpty());
  }

  /**
   * A legacy rule at 110 in that direction: a catch-all deny at 110 would tie with it and change
   * its effect, so the default cannot be tested this way (a minimal rule set never keeps a basic
   * group's legacy egress allow, which only repeats the default).
   */
  private static boolean hasLegacy(Network n, Direction d, GroupType t) {
    return n.groups().stream()
        .filter(g -> g.type() == t)
        .anyMatch(g -> g.rules().stream().anyMatch(r -> r.legacy() && r.direction() == d));
  }

  private static Network keepOnly(Network n, List<Rule> keep) {
    Set<Rule> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(keep);
    return map(n, g -> withRules(g, g.rules().stream().filter(kept::contains).toList()));
  }

  private static Network isolate(Network n, String group) {
    return map(n, g -> g.name().equals(group)
        ? new Group(g.name(), g.type(), Policy.ISOLATED, g.legacyDefault(), g.rules(), g.span())
        : g);
  }

  /** Every group of the chosen types gets catch-all rules at priority 110 (IPv4 and IPv6). */
  private static Network withCatchAll(
      Network n, Direction d, Action action, Predicate<GroupType> types) {
    return map(n, g -> {
      if (!types.test(g.type())) {
        return g;
      }
      List<Rule> rules = new ArrayList<>(g.rules());
      for (Cidr any : List.of(Cidr.ANY_V4, Cidr.ANY_V6)) {
        rules.add(new Rule(g.name(), d, action, Proto.ALL, PortRange.ALL, PortRange.ALL,
            new Peer.CidrPeer(any), Rule.LEGACY_PRIORITY, true, SourceSpan.none(g.span().file())));
      }
      return withRules(g, rules);
    });
  }

  private static Group withRules(Group g, List<Rule> rules) {
    return new Group(g.name(), g.type(), g.policy(), g.legacyDefault(), rules, g.span());
  }

  private static Network map(Network n, UnaryOperator<Group> f) {
    return new Network(n.groups().stream().map(f).toList(), n.instances());
  }
}

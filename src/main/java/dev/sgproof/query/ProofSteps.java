package dev.sgproof.query;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The implicit steps a proof rests on, next to the rules it depends on: the intra-group allow of
 * an interconnected group, the ingress default deny, the egress default allow of basic groups and
 * the egress default deny of advanced groups (semantics.md sections 5 and 6).
 *
 * <p>A step matters when the proof fails once the step is neutralised in the network reduced to
 * the proof's rules: an interconnected group made isolated; a default overridden by a
 * catch-all rule at priority 110, below every custom rule, so that it acts exactly as the opposite
 * default would. Only interconnected groups with a member on each end of some obligation are
 * tried (no other intra-group allow can decide a flow of the assertion). Each {@link Variant} is
 * decided by {@link Checks}: in practice {@link Engine#holdsOn} for every obligation, each engine
 * building the variant as a network of its own ({@link #network}) or searching it in place.
 *
 * <p>Also home of {@link #minimalByDeletion}, the one definition of the rules a proof depends on.
 */
public final class ProofSteps {
  private ProofSteps() {}

  /** A default overridden by catch-all rules at priority 110 in the groups of some type. */
  public enum CatchAll {
    /** Ingress allow in every group: neutralises the ingress default deny. */
    INGRESS_ALLOW(Direction.INGRESS, Action.ALLOW, null),
    /** Egress deny in basic groups: neutralises their egress default allow. */
    EGRESS_DENY_BASIC(Direction.EGRESS, Action.DENY, GroupType.BASIC),
    /** Egress allow in advanced groups: neutralises their egress default deny. */
    EGRESS_ALLOW_ADVANCED(Direction.EGRESS, Action.ALLOW, GroupType.ADVANCED);

    public final Direction direction;
    public final Action action;
    private final GroupType only;

    CatchAll(Direction direction, Action action, GroupType only) {
      this.direction = direction;
      this.action = action;
      this.only = only;
    }

    /** Whether groups of this type get the catch-all rules. */
    public boolean applies(GroupType t) {
      return only == null || only == t;
    }
  }

  /**
   * A variant of the network a proof step is tested on: only the rules in {@code kept} (all when
   * null), the intra-group allow of {@code isolated} off (none when null), and catch-all rules at
   * priority 110 (none when null).
   */
  public record Variant(Set<Rule> kept, String isolated, CatchAll catchAll) {}

  /** Decides one problem's assertion on a variant of its network. */
  public interface Checks {
    /** True only when every obligation holds on the variant (false when undecided). */
    boolean holds(Variant v);
  }

  /** The variant as a network of its own. */
  public static Network network(Network n, Variant v) {
    Network out = v.kept() == null ? n
        : map(n, g -> withRules(g, g.rules().stream().filter(v.kept()::contains).toList()));
    if (v.isolated() != null) {
      out = isolate(out, v.isolated());
    }
    if (v.catchAll() != null) {
      out = withCatchAll(out, v.catchAll());
    }
    return out;
  }

  /**
   * The steps the proof of the problem rests on, each variant decided by {@code checks}.
   *
   * @param dependsOn the rules the proof depends on (the proof must hold with only these; when it
   *     does not, because an engine did not compute them, the whole network is used)
   */
  public static List<String> of(Problem p, List<Rule> dependsOn, Checks checks) {
    Network n = p.network();
    Set<Rule> reduced = Collections.newSetFromMap(new IdentityHashMap<>());
    reduced.addAll(dependsOn);
    Set<Rule> kept = checks.holds(new Variant(reduced, null, null)) ? reduced : null;
    List<String> steps = new ArrayList<>();
    Set<String> spanning = groupsSpanningTheFlows(p);
    for (Group g : n.groups()) {
      if (g.type() == GroupType.BASIC && g.policy() == Policy.INTERCONNECTED
          && spanning.contains(g.name()) && n.members(g.name()).size() > 1
          && !checks.holds(new Variant(kept, g.name(), null))) {
        steps.add("the intra-group allow of group " + g.name() + " (interconnected)");
      }
    }
    if (!checks.holds(new Variant(kept, null, CatchAll.INGRESS_ALLOW))) {
      steps.add("the ingress default deny");
    }
    if (hasType(n, GroupType.BASIC) && !hasLegacy(n, kept, Direction.EGRESS, GroupType.BASIC)
        && !checks.holds(new Variant(kept, null, CatchAll.EGRESS_DENY_BASIC))) {
      steps.add("the egress default allow of basic groups");
    }
    if (hasType(n, GroupType.ADVANCED)
        && !checks.holds(new Variant(kept, null, CatchAll.EGRESS_ALLOW_ADVANCED))) {
      steps.add("the egress default deny of advanced groups");
    }
    return steps;
  }

  /**
   * The groups with a member that owns an address of some obligation's sources and a member that
   * owns one of its destinations: only their intra-group allows can decide a flow of the
   * assertion, so only they are re-checked isolated.
   */
  private static Set<String> groupsSpanningTheFlows(Problem p) {
    Network n = p.network();
    Classes classes = p.classes();
    Set<String> out = new java.util.HashSet<>();
    for (Obligation o : p.obligations()) {
      Set<String> from = groupsOwning(n, classes.addressClasses(o.source()));
      Set<String> to = groupsOwning(n, classes.addressClasses(o.destination()));
      from.retainAll(to);
      out.addAll(from);
    }
    return out;
  }

  private static Set<String> groupsOwning(Network n, List<Classes.AddressClass> classes) {
    Set<Nic> owners = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Classes.AddressClass c : classes) {
      if (c.nic()) {
        n.owner(c.representative()).ifPresent(owners::add);
      }
    }
    Set<String> out = new java.util.HashSet<>();
    for (Nic nic : owners) {
      out.addAll(nic.groups());
    }
    return out;
  }

  /**
   * The rules a proof on the network depends on, for engines without a shortcut (the exhaustive
   * engine): {@link #minimalByDeletion} with one check of the variant that keeps only the rules
   * left, per rule and pass.
   */
  public static List<Rule> minimalRules(Network n, Checks checks) {
    List<Rule> all = new ArrayList<>();
    for (Group g : n.groups()) {
      all.addAll(g.rules());
    }
    return minimalByDeletion(all, kept -> {
      if (!checks.holds(new Variant(kept, null, null))) {
        return null;
      }
      Set<Rule> each = identitySet();
      each.addAll(kept);
      return each; // no shortcut: every kept rule is tested
    });
  }

  /** Whether a proof holds with only some rules, and which of them it may need. */
  public interface DeletionTest {
    /**
     * @param kept the rules left (read it now: it changes after the call)
     * @return null when the proof fails with only the kept rules; else a set of rules such that
     *     deleting any kept rule outside it leaves the proof holding, with the set still valid
     */
    Set<Rule> holdsWith(Set<Rule> kept);

    /**
     * {@link #holdsWith} after the last test that held lost {@code deleted} and any rules outside
     * the set that test returned; a test may use it to redo only what {@code deleted} decided.
     */
    default Set<Rule> holdsWithout(Set<Rule> kept, Rule deleted) {
      return holdsWith(kept);
    }

    /**
     * Told of each rule deleted without a test (outside the set the last test that held
     * returned), so that a test may keep its own copy of the kept rules up to date.
     */
    default void deletedUntested(Rule r) {}
  }

  /**
   * The one definition of the rules a proof depends on, shared by every engine: what is left
   * after deleting, in spec order, every rule (custom or legacy) without which the proof still
   * holds, pass after pass until none can go (rules are not monotone: deleting an allow can make
   * a deny needless), so the proof holds with only them and needs each of them. A rule outside the
   * set the last successful test returned goes without a test.
   *
   * @param all every rule of the network, in spec order
   * @return the rules left, in spec order; all of them when the proof fails with all
   */
  public static List<Rule> minimalByDeletion(List<Rule> all, DeletionTest test) {
    return minimalByDeletion(all, test, false);
  }

  /**
   * {@link #minimalByDeletion(List, DeletionTest)} over every rule of the network, given only the
   * {@code candidates}: the rules that can be in a set the test returns (in spec order). Every
   * other rule is outside each such set, so deletion over every rule deletes it without a test in
   * its first pass, whatever the tests answer; and the test must not depend on whether those
   * rules are kept (they decide nothing it searches). So the other rules are left out from the
   * start (no pass walks them), the candidates meet the same tests in the same order, with the
   * same answers, and the rules left are the same. {@code othersLeftOut} says whether there are
   * such rules: their deletion in the first pass makes it a pass that deleted something, so a
   * second pass follows, as it would have.
   *
   * @return the candidates left, in spec order; all of them when the proof fails with all (the
   *     caller then answers every rule of the network)
   */
  public static List<Rule> minimalByDeletion(List<Rule> candidates, DeletionTest test,
      boolean othersLeftOut) {
    List<Rule> all = candidates;
    Set<Rule> kept = identitySet();
    kept.addAll(all);
    Set<Rule> mayNeed = test.holdsWith(kept);
    if (mayNeed == null) {
      return all;
    }
    boolean changed = true;
    boolean first = true;
    while (changed) {
      changed = first && othersLeftOut;
      first = false;
      for (Rule r : all) {
        if (!kept.remove(r)) {
          continue;
        }
        if (mayNeed.contains(r)) {
          Set<Rule> without = test.holdsWithout(kept, r);
          if (without == null) {
            kept.add(r); // the proof needs it
            continue;
          }
          mayNeed = without;
        } else {
          test.deletedUntested(r);
        }
        changed = true;
      }
    }
    return all.stream().filter(kept::contains).toList();
  }

  private static Set<Rule> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  private static boolean hasType(Network n, GroupType t) {
    return n.groups().stream().anyMatch(g -> g.type() == t && !n.members(g.name()).isEmpty());
  }

  /**
   * A legacy rule at 110 in that direction among the kept rules: a catch-all deny at 110 would tie
   * with it and change its effect, so the default cannot be tested this way (a minimal rule set
   * never keeps a basic group's legacy egress allow, which only repeats the default). With kept
   * rules, only they are looked at (an account's 20,000 rules are not walked for every proof).
   */
  private static boolean hasLegacy(Network n, Set<Rule> kept, Direction d, GroupType t) {
    if (kept != null) {
      for (Rule r : kept) {
        if (r.legacy() && r.direction() == d
            && n.group(r.group()).map(g -> g.type() == t).orElse(false)) {
          return true;
        }
      }
      return false;
    }
    return n.groups().stream()
        .filter(g -> g.type() == t)
        .anyMatch(g -> g.rules().stream().anyMatch(r -> r.legacy() && r.direction() == d));
  }

  private static Network isolate(Network n, String group) {
    return map(n, g -> g.name().equals(group)
        ? new Group(g.name(), g.type(), Policy.ISOLATED, g.legacyDefault(), g.rules(), g.span())
        : g);
  }

  /** Every group of the chosen types gets catch-all rules at priority 110 (IPv4 and IPv6). */
  private static Network withCatchAll(Network n, CatchAll c) {
    return map(n, g -> {
      if (!c.applies(g.type())) {
        return g;
      }
      List<Rule> rules = new ArrayList<>(g.rules());
      for (Cidr any : List.of(Cidr.ANY_V4, Cidr.ANY_V6)) {
        rules.add(new Rule(g.name(), c.direction, c.action, Proto.ALL, PortRange.ALL,
            PortRange.ALL, new Peer.CidrPeer(any), Rule.LEGACY_PRIORITY, true,
            SourceSpan.none(g.span().file())));
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

package dev.sgproof.engines;

import static dev.sgproof.model.Action.ALLOW;
import static dev.sgproof.model.Action.DENY;
import static dev.sgproof.model.AssertionKind.INTERCONNECTED;
import static dev.sgproof.model.AssertionKind.ISOLATED;
import static dev.sgproof.model.AssertionKind.ONLY;
import static dev.sgproof.model.AssertionKind.REACHABLE;
import static dev.sgproof.model.AssertionKind.UNREACHABLE;
import static dev.sgproof.engines.Nets.assertion;
import static dev.sgproof.engines.Nets.basic;
import static dev.sgproof.engines.Nets.in;
import static dev.sgproof.engines.Nets.inst;
import static dev.sgproof.engines.Nets.isolated;
import static dev.sgproof.engines.Nets.legacy;
import static dev.sgproof.engines.Nets.net;
import static dev.sgproof.engines.Nets.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Network;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Problem;
import dev.sgproof.query.Verdict;
import dev.sgproof.testing.Queries;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DependsOnTest {
  private static Portfolio engine;
  private static Portfolio auto;

  @BeforeAll
  static void open() {
    engine = Engines.portfolio(EngineOptions.of(EngineChoice.smt).withEnumerationLimit(0));
    auto = Engines.portfolio(EngineOptions.of(EngineChoice.auto));
  }

  @AfterAll
  static void close() {
    engine.close();
    auto.close();
  }

  /**
   * The dependsOn of a proof by Z3, checked for sufficiency and minimality by the exhaustive
   * engine, and the same as the auto engine's and as deletion in spec order gives.
   */
  static List<Rule> dependsOn(Network n, String l, AssertionKind k, String r, String traffic) {
    Assertion a = assertion(l, k, r, traffic);
    Verdict v = engine.check(n, a);
    List<Rule> deps = assertInstanceOf(Verdict.Proved.class, v).dependsOn();
    assertMinimalAndSufficient(n, a, deps);
    assertCanonical(n, a, deps);
    List<Rule> byAuto =
        assertInstanceOf(Verdict.Proved.class, auto.check(n, a)).dependsOn();
    assertTrue(Rules.same(deps, byAuto), "auto: " + Rules.texts(byAuto) + ", smt: "
        + Rules.texts(deps));
    return deps;
  }

  /** The rules are exactly those that deletion in spec order leaves (the exhaustive engine's). */
  static void assertCanonical(Network n, Assertion a, List<Rule> deps) {
    List<Rule> byDeletion = byDeletion(n, a);
    assertTrue(Rules.same(byDeletion, deps), "by deletion: " + Rules.texts(byDeletion)
        + ", engine: " + Rules.texts(deps));
  }

  /** The rules deletion in spec order leaves, one exhaustive run per rule and pass. */
  static List<Rule> byDeletion(Network n, Assertion a) {
    try (ExhaustiveEngine exact = new ExhaustiveEngine()) {
      return exact.dependsOn(Problem.of(n, a));
    }
  }

  static void assertMinimalAndSufficient(Network n, Assertion a, List<Rule> deps) {
    Network reduced = Rules.keepOnly(n, deps);
    assertInstanceOf(Verdict.Proved.class, Queries.decide(reduced, a),
        "the proof needs more than " + deps);
    for (Rule r : deps) {
      Network less = Rules.without(reduced, r);
      assertTrue(!(Queries.decide(less, a) instanceof Verdict.Proved),
          "not minimal: the proof holds without " + r.text());
    }
    List<Rule> all = Rules.all(n);
    int last = -1;
    for (Rule r : deps) {
      int i = indexOf(all, r);
      assertTrue(i > last, "dependsOn is not in spec order");
      last = i;
    }
  }

  private static int indexOf(List<Rule> all, Rule r) {
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i) == r) {
        return i;
      }
    }
    throw new AssertionError("not a rule of the network: " + r);
  }

  @Test
  void anAllowProofNeedsItsAllowRule() {
    Rule allow = in("Web", ALLOW, "tcp", "80", "0.0.0.0/0", 1);
    Network n = net(List.of(basic("Web", in("Web", ALLOW, "tcp", "22", "10.0.0.0/8", 1), allow,
            in("Web", ALLOW, "tcp", "80-90", "0.0.0.0/0", 5))),
        inst("W", "10.0.0.1", "Web"));
    List<Rule> deps = dependsOn(n, "internet", REACHABLE, "W", "tcp 80");
    assertEquals(1, deps.size());
  }

  @Test
  void aDenyProofNeedsTheDenyThatHidesTheDefaultAllow() {
    Rule deny = out("G", DENY, "tcp", "25", "0.0.0.0/0", 1);
    Network n = net(List.of(basic("G", deny, out("G", ALLOW, "tcp", "80", "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1", "G"));
    List<Rule> deps = dependsOn(n, "A", UNREACHABLE, "internet", "tcp 25");
    assertEquals(List.of(deny), deps);
  }

  @Test
  void aProofByDefaultsNeedsNoRule() {
    Network n = net(List.of(basic("G", in("G", ALLOW, "tcp", "80", "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1", "G"));
    assertEquals(List.of(), dependsOn(n, "internet", UNREACHABLE, "A", "udp"));
  }

  @Test
  void overlappingRulesGiveOneMinimalChoice() {
    Network n = net(List.of(basic("G", in("G", ALLOW, "tcp", "", "0.0.0.0/0", 1),
            in("G", ALLOW, "tcp", "22", "0.0.0.0/0", 1),
            in("G", DENY, "tcp", "23", "0.0.0.0/0", 2),
            in("G", ALLOW, "all", "", "0.0.0.0/0", 3))),
        inst("A", "10.0.0.1", "G"));
    assertEquals(1, dependsOn(n, "internet", REACHABLE, "A", "tcp 22").size());
  }

  @Test
  void onlyAndBidirectionalProofsCountEveryObligation() {
    Network n = net(List.of(isolated("I", in("I", ALLOW, "tcp", "443", "group I", 1),
            out("I", DENY, "udp", "", "0.0.0.0/0", 1),
            in("I", ALLOW, "tcp", "443", "0.0.0.0/0", 1),
            in("I", DENY, "all", "", "192.0.2.0/24", 50))),
        inst("A", "10.0.0.1", "I"), inst("B", "10.0.0.2", "I"));
    dependsOn(n, "A", INTERCONNECTED, "B", "tcp 443");
    dependsOn(n, "A", ONLY, "B", "tcp 443");
    dependsOn(n, "A", ISOLATED, "B", "udp");
    dependsOn(n, "A", ISOLATED, "B", "tcp 22");
  }

  @Test
  void legacyRulesCountAsRules() {
    Network n = net(List.of(legacy("Old", Policy.ISOLATED)),
        inst("L", "10.0.0.1", "Old"), inst("M", "10.0.0.2", "Old"));
    List<Rule> deps = dependsOn(n, "internet", REACHABLE, "L", "tcp 22");
    assertEquals(1, deps.size());
    assertTrue(deps.get(0).legacy());
  }
}

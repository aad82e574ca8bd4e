package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Network;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Traffic;
import dev.sgproof.engines.ExhaustiveEngine;
import dev.sgproof.engines.classsearch.ClassSearchEngine;
import dev.sgproof.testing.NetworkBuilder;
import dev.sgproof.testing.Queries;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The intra-group allows and defaults a proof rests on, decided by re-checking variants. */
class ProofStepsTest {

  /**
   * A deletion test that keeps its own copy of the kept rules (the class search's) is told of
   * every rule deleted without a test, and of nothing else.
   */
  @Test
  void minimalByDeletionTellsTheTestOfEveryRuleDeletedWithoutATest() {
    List<Rule> all = dev.sgproof.semantics.SpecLoader.load(new dev.sgproof.diag.SourceText(
        "d.sg", "group G {\n  ingress allow tcp 1 from 10.0.0.0/8\n"
            + "  ingress allow tcp 2 from 10.0.0.0/8\n  ingress allow tcp 3 from 10.0.0.0/8\n"
            + "  ingress allow tcp 4 from 10.0.0.0/8\n  ingress allow tcp 5 from 10.0.0.0/8\n}\n"))
        .spec().network().groups().get(0).rules();
    Rule needed = all.get(2);
    List<Rule> untested = new java.util.ArrayList<>();
    List<Rule> tested = new java.util.ArrayList<>();
    List<Rule> left = ProofSteps.minimalByDeletion(all, new ProofSteps.DeletionTest() {
      @Override
      public java.util.Set<Rule> holdsWith(java.util.Set<Rule> kept) {
        return kept.contains(needed) ? java.util.Set.of(needed) : null;
      }

      @Override
      public java.util.Set<Rule> holdsWithout(java.util.Set<Rule> kept, Rule deleted) {
        tested.add(deleted);
        return holdsWith(kept);
      }

      @Override
      public void deletedUntested(Rule r) {
        untested.add(r);
      }
    });
    assertEquals(List.of(needed), left);
    assertEquals(List.of(all.get(0), all.get(1), all.get(3), all.get(4)), untested);
    assertEquals(List.of(needed, needed), tested);
  }

  private static Assertion assertion(AssertionKind kind, String left, String right) {
    return new Assertion("", kind, Queries.endpoint(left), Queries.endpoint(right), Traffic.ANY,
        left + " " + kind.keyword() + " " + right, new SourceSpan("t.sg", 99, 1, 1));
  }

  /** Every obligation of the problem holds on the variant, by the engine. */
  private static ProofSteps.Checks checks(Engine e, Problem p) {
    return v -> p.obligations().stream().allMatch(o -> e.holdsOn(p, o, v));
  }

  private static List<String> steps(Network n, Assertion a, List<Rule> dependsOn) {
    assertInstanceOf(Verdict.Proved.class, Queries.decide(n, a), "the proof must hold");
    Problem p = Problem.of(n, a);
    return ProofSteps.of(p, dependsOn, checks(new ExhaustiveEngine(), p));
  }

  @Test
  void interconnectionRestsOnTheIntraGroupAllowAndTheEgressDefault() {
    Network n = new NetworkBuilder()
        .group("G")
        .instance("a", "10.0.0.1", "G")
        .instance("b", "10.0.0.2", "G")
        .build();
    assertEquals(
        List.of("the intra-group allow of group G (interconnected)",
            "the egress default allow of basic groups"),
        steps(n, assertion(AssertionKind.INTERCONNECTED, "a", "b"), List.of()));
  }

  @Test
  void isolationRestsOnTheIngressDefaultDeny() {
    Network n = new NetworkBuilder()
        .group("G", GroupType.BASIC, Policy.ISOLATED)
        .instance("a", "10.0.0.1", "G")
        .instance("b", "10.0.0.2", "G")
        .build();
    assertEquals(List.of("the ingress default deny"),
        steps(n, assertion(AssertionKind.ISOLATED, "a", "b"), List.of()));
  }

  @Test
  void advancedOutboundIsolationRestsOnTheAdvancedEgressDefault() {
    Network n = new NetworkBuilder()
        .group("V", GroupType.ADVANCED, Policy.ISOLATED)
        .rule("ingress allow all from 0.0.0.0/0")
        .instance("v", "10.0.0.1", "V")
        .build();
    Assertion a = new Assertion("", AssertionKind.UNREACHABLE, Queries.endpoint("v"),
        new Endpoint.InternetEndpoint(), Traffic.ANY, "v -> internet unreachable",
        new SourceSpan("t.sg", 99, 1, 1));
    assertEquals(List.of("the egress default deny of advanced groups"), steps(n, a, List.of()));
  }

  @Test
  void aProofCarriedByADenyRuleNeedsNoDefault() {
    NetworkBuilder b = new NetworkBuilder()
        .group("G", GroupType.BASIC, Policy.ISOLATED)
        .rule("egress deny all to 0.0.0.0/0 priority 100")
        .instance("a", "10.0.0.1", "G");
    Network n = b.build();
    Assertion a = new Assertion("", AssertionKind.UNREACHABLE, Queries.endpoint("a"),
        new Endpoint.InternetEndpoint(), Traffic.ANY, "a -> internet unreachable",
        new SourceSpan("t.sg", 99, 1, 1));
    List<Rule> deny = n.groupNamed("G").rules();
    assertEquals(List.of(), steps(n, a, deny));
  }

  @Test
  void withoutTheRulesOfTheProofTheWholeNetworkIsUsed() {
    NetworkBuilder b = new NetworkBuilder()
        .group("G", GroupType.BASIC, Policy.ISOLATED)
        .rule("ingress allow tcp 22 from group G")
        .instance("a", "10.0.0.1", "G")
        .instance("b", "10.0.0.2", "G");
    Network n = b.build();
    Assertion a = new Assertion("", AssertionKind.REACHABLE, Queries.endpoint("a"),
        Queries.endpoint("b"), Queries.traffic("tcp 22"), "a -> b reachable tcp 22",
        new SourceSpan("t.sg", 99, 1, 1));
    // An engine that computes no dependencies passes an empty list: the rule stays in.
    assertEquals(List.of("the egress default allow of basic groups"), steps(n, a, List.of()));
  }

  @Test
  void rulesByDeletionAreSufficientAndMinimal() {
    Network n = new NetworkBuilder()
        .group("G", GroupType.BASIC, Policy.ISOLATED)
        .rule("ingress allow tcp 22 from group G")
        .rule("ingress allow tcp 80 from 0.0.0.0/0")
        .rule("ingress deny udp from 0.0.0.0/0 priority 50")
        .instance("a", "10.0.0.1", "G")
        .instance("b", "10.0.0.2", "G")
        .build();
    Assertion a = new Assertion("", AssertionKind.REACHABLE, Queries.endpoint("a"),
        Queries.endpoint("b"), Queries.traffic("tcp 22"), "a -> b reachable tcp 22",
        new SourceSpan("t.sg", 99, 1, 1));
    List<Rule> rules = ProofSteps.minimalRules(n, checks(new ExhaustiveEngine(), Problem.of(n, a)));
    assertEquals(List.of("ingress allow tcp 22 from group G"), rules.stream().map(Rule::text).toList());
  }

  /**
   * Only interconnected groups with a member on each end of some obligation are re-checked
   * isolated: on generated specs, re-checking every interconnected group finds no other step.
   */
  @Test
  void theGroupsLeftUntriedNeverCarryAProof() {
    long base = dev.sgproof.gen.Property.baseSeed(0x57E95L);
    System.out.println("ProofStepsTest base seed " + base);
    int proofs = 0;
    int intraGroupSteps = 0;
    for (int i = 0; i < 400; i++) {
      dev.sgproof.gen.Gen g = new dev.sgproof.gen.Gen(base + i);
      Network n = new dev.sgproof.gen.NetworkGen(i % 2 == 0 ? dev.sgproof.gen.GenConfig.small()
          : dev.sgproof.gen.GenConfig.medium()).network(g);
      for (Assertion a : dev.sgproof.gen.AssertionGen.assertions(g, n, 4)) {
        if (!(Queries.decide(n, a) instanceof Verdict.Proved)) {
          continue;
        }
        proofs++;
        Problem p = Problem.of(n, a);
        ProofSteps.Checks checks = checks(new ClassSearchEngine(), p);
        List<Rule> deps = new ExhaustiveEngine().dependsOn(p);
        List<String> steps = ProofSteps.of(p, deps, checks);
        java.util.Set<Rule> kept =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        kept.addAll(deps);
        List<String> everyGroup = new java.util.ArrayList<>();
        for (dev.sgproof.model.Group grp : n.groups()) {
          if (grp.type() == GroupType.BASIC && grp.policy() == Policy.INTERCONNECTED
              && n.members(grp.name()).size() > 1
              && !checks.holds(new ProofSteps.Variant(kept, grp.name(), null))) {
            everyGroup.add("the intra-group allow of group " + grp.name() + " (interconnected)");
          }
        }
        assertEquals(everyGroup,
            steps.stream().filter(x -> x.startsWith("the intra-group allow")).toList(),
            "seed " + (base + i) + ": " + a.text());
        intraGroupSteps += everyGroup.size();
      }
    }
    System.out.println("ProofStepsTest: " + proofs + " proofs, " + intraGroupSteps
        + " intra-group steps");
    assertTrue(proofs > 200 && intraGroupSteps > 20,
        proofs + " proofs, " + intraGroupSteps + " intra-group steps");
  }
}

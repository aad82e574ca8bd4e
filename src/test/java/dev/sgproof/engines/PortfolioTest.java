package dev.sgproof.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.engines.classsearch.ClassSearchEngine;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Flow;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Network;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import dev.sgproof.query.CanonicalFlows;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Engine;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.query.Verdict;
import dev.sgproof.testing.NetworkBuilder;
import dev.sgproof.testing.Queries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The portfolio picks an engine per obligation and assembles the verdict from their outcomes. */
class PortfolioTest {

  private static Network pair() {
    return new NetworkBuilder()
        .group("G", GroupType.BASIC, Policy.ISOLATED)
        .rule("ingress allow tcp 22 from group G")
        .instance("a", "10.0.0.1", "G")
        .instance("b", "10.0.0.2", "G")
        .build();
  }

  private static Assertion assertion(AssertionKind kind, String left, String right, String t) {
    return new Assertion("", kind, Queries.endpoint(left), Queries.endpoint(right),
        Queries.traffic(t), left + " " + kind.keyword() + " " + right + " " + t,
        new SourceSpan("t.sg", 99, 1, 1));
  }

  /** Records what it is asked, and answers with the exhaustive engine or a fixed outcome. */
  private static class Recording implements Engine {
    final List<String> asked = new ArrayList<>();
    private final ExhaustiveEngine inner = new ExhaustiveEngine();
    private final Outcome fixed;

    Recording(Outcome fixed) {
      this.fixed = fixed;
    }

    @Override
    public Outcome decide(Problem p, Obligation o) {
      asked.add("decide " + o.describe());
      return fixed != null ? fixed : inner.decide(p, o);
    }

    @Override
    public boolean holdsOn(Problem p, Obligation o, ProofSteps.Variant v) {
      asked.add("variant " + o.describe());
      return inner.holdsOn(p, o, v);
    }

    @Override
    public dev.sgproof.flows.FlowSet violating(Problem p, Obligation o,
        dev.sgproof.flows.FlowSpace space) {
      asked.add("violating");
      return inner.violating(p, o, space);
    }

    @Override
    public List<Rule> decidedBy(Problem p) {
      asked.add("decidedBy");
      return inner.decidedBy(p);
    }

    @Override
    public List<Rule> dependsOn(Problem p) {
      asked.add("dependsOn");
      return inner.dependsOn(p);
    }
  }

  @Test
  void theExhaustiveChoiceFillsInRulesAndSteps() {
    Network n = pair();
    Assertion a = assertion(AssertionKind.REACHABLE, "a", "b", "tcp 22");
    try (Portfolio p = Engines.portfolio(EngineOptions.of(EngineChoice.exhaustive).withSteps(true))) {
      Verdict.Proved v = assertInstanceOf(Verdict.Proved.class, p.check(n, a));
      assertEquals(List.of("ingress allow tcp 22 from group G"),
          v.dependsOn().stream().map(Rule::text).toList());
      assertEquals(List.of("the egress default allow of basic groups"), v.steps());
    }
  }

  @Test
  void autoOpensNoSolverAndSmtDoes() {
    try (Portfolio auto = Engines.portfolio(EngineOptions.of(EngineChoice.auto));
        Portfolio smt = Engines.portfolio(EngineOptions.of(EngineChoice.smt));
        Portfolio exhaustive = Engines.portfolio(EngineOptions.of(EngineChoice.exhaustive))) {
      assertInstanceOf(ClassSearchEngine.class, auto.mainEngine());
      assertInstanceOf(Z3Engine.class, smt.mainEngine());
      assertEquals(null, exhaustive.mainEngine());
    }
  }

  @Test
  void smtSendsEveryObligationOfItsOwnToZ3HoweverFewFlowsItHas() {
    Network n = pair();
    Assertion a = assertion(AssertionKind.INTERCONNECTED, "a", "b", "tcp 22");
    EngineOptions o = EngineOptions.of(EngineChoice.smt);
    assertEquals(0, o.enumerationLimit(), "--engine smt enumerates nothing");
    Recording small = new Recording(null);
    Recording main = new Recording(null);
    try (Portfolio p = new Portfolio(o, small, main)) {
      assertInstanceOf(Verdict.Proved.class, p.check(n, a));
    }
    assertEquals(List.of(), small.asked);
    assertEquals(2, main.asked.stream().filter(x -> x.startsWith("decide")).count(),
        main.asked::toString);
  }

  @Test
  void obligationsUpToTheLimitAreEnumeratedAndTheRestGoToTheMainEngine() {
    Network n = pair();
    // a <-> b interconnected: two obligations with the same class product.
    Assertion a = assertion(AssertionKind.INTERCONNECTED, "a", "b", "tcp 22");
    Problem problem = Problem.of(n, a);
    long flows = CanonicalFlows.flowCount(problem.classes(), problem.obligations().get(0));
    for (long limit : new long[] {flows - 1, flows}) {
      Recording small = new Recording(null);
      Recording big = new Recording(null);
      EngineOptions o = EngineOptions.of(EngineChoice.smt).withEnumerationLimit(limit)
          .withSteps(true);
      try (Portfolio p = new Portfolio(o, small, big)) {
        assertInstanceOf(Verdict.Proved.class, p.check(n, a));
      }
      Recording picked = limit >= flows ? small : big;
      Recording other = limit >= flows ? big : small;
      assertTrue(picked.asked.stream().anyMatch(x -> x.startsWith("decide")), picked.asked::toString);
      assertTrue(picked.asked.stream().anyMatch(x -> x.startsWith("variant")),
          "variants go where their obligation goes: " + picked.asked);
      assertFalse(other.asked.stream().anyMatch(x -> x.startsWith("decide")
          || x.startsWith("variant")), other.asked::toString);
      assertTrue(big.asked.contains("dependsOn") && !small.asked.contains("dependsOn"),
          "dependsOn goes to the main engine");
    }
  }

  @Test
  void aBrokenObligationRefutesEvenAfterAnUndecidedOneAndUndecidedIsNeverProved() {
    Network n = pair();
    Assertion a = assertion(AssertionKind.INTERCONNECTED, "a", "b", "tcp 22");
    Flow bad = Flow.tcp("10.0.0.2", 49152, "10.0.0.1", 22);
    EngineOptions o = EngineOptions.of(EngineChoice.smt).withEnumerationLimit(0);
    Recording undecided = new Recording(new Outcome.Undecided("time"));
    try (Portfolio p = new Portfolio(o, new ExhaustiveEngine(), undecided)) {
      assertEquals(new Verdict.Unknown("time"), p.check(n, a));
      assertEquals(2, undecided.asked.size(), "every obligation is asked: " + undecided.asked);
    }
    Engine thenBroken = new Recording(null) {
      private int calls;

      @Override
      public Outcome decide(Problem p, Obligation ob) {
        return calls++ == 0 ? new Outcome.Undecided("time") : new Outcome.Broken(bad);
      }
    };
    try (Portfolio p = new Portfolio(o, new ExhaustiveEngine(), thenBroken)) {
      assertEquals(new Verdict.Refuted(bad), p.check(n, a));
    }
  }

  @Test
  void theClassesOfOneNetworkAreComputedOncePerPortfolio() {
    Network n = pair();
    Assertion first = assertion(AssertionKind.REACHABLE, "internet", "a", "tcp 22");
    Assertion second = assertion(AssertionKind.REACHABLE, "internet", "b", "udp");
    List<List<Classes.AddressClass>> seen = new ArrayList<>();
    Engine spy = new Recording(null) {
      @Override
      public Outcome decide(Problem p, Obligation o) {
        seen.add(p.classes().addressClasses(o.source()));
        return super.decide(p, o);
      }
    };
    try (Portfolio p = new Portfolio(EngineOptions.of(EngineChoice.auto).withDependsOn(false),
        new ExhaustiveEngine(), spy)) {
      p.check(n, first);
      p.check(n, second);
    }
    assertEquals(2, seen.size());
    assertTrue(seen.get(0) == seen.get(1), "the internet's classes are one list");
  }
}

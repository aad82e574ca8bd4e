package dev.sgproof.query;

import static dev.sgproof.model.AssertionKind.INTERCONNECTED;
import static dev.sgproof.model.AssertionKind.REACHABLE;
import static dev.sgproof.model.AssertionKind.UNREACHABLE;
import static dev.sgproof.query.Queries.assertion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Spec;
import dev.sgproof.testing.NetworkBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifierTest {

  private static Network web() {
    return new NetworkBuilder()
        .group("Web")
        .rule("ingress allow tcp 80 from any")
        .instance("ECS1", "10.0.0.1", "Web")
        .instance("ECS2", "10.0.0.2", "Web")
        .build();
  }

  private static Assertion at(Assertion a, int line) {
    return new Assertion(a.label(), a.kind(), a.left(), a.right(), a.traffic(), a.text(),
        new SourceSpan(Queries.FILE, line, 1, 1));
  }

  @Test
  void aCounterexampleOutsideTheAssertionsSetIsADisagreement() {
    Network n = web();
    Assertion a = assertion("internet", REACHABLE, "ECS1", "tcp 22");
    // denied, but tcp 23 is not in the set
    Engine wrong = (s, x) -> new Verdict.Refuted(Flow.tcp("198.51.100.1", 1024, "10.0.0.1", 23));
    assertThrows(DisagreementException.class, () -> Verifier.check(Queries.spec(n, a), a, wrong));
    // a NIC address is not in the internet
    Engine nic = (s, x) -> new Verdict.Refuted(Flow.tcp("10.0.0.2", 1024, "10.0.0.1", 22));
    assertThrows(DisagreementException.class, () -> Verifier.check(Queries.spec(n, a), a, nic));
  }

  @Test
  void aCounterexampleTheEvaluatorDoesNotConfirmIsADisagreement() {
    Network n = web();
    Assertion a = assertion("internet", REACHABLE, "ECS1", "tcp 80-81");
    Engine wrong = (s, x) -> new Verdict.Refuted(Flow.tcp("198.51.100.1", 1024, "10.0.0.1", 80));
    assertThrows(DisagreementException.class, () -> Verifier.check(Queries.spec(n, a), a, wrong));
  }

  @Test
  void aCorrectRefutationCarriesTheDecisionAndTheBrokenObligation() {
    Network n = web();
    Assertion a = assertion("internet", UNREACHABLE, "ECS1", "tcp");
    Flow f = Flow.tcp("198.51.100.1", 1024, "10.0.0.1", 80);
    AssertionResult r = Verifier.check(Queries.spec(n, a), a, (s, x) -> new Verdict.Refuted(f));
    assertEquals(new Verdict.Refuted(f), r.verdict());
    assertTrue(r.decision().orElseThrow().permitted());
    assertEquals(f, r.decision().orElseThrow().flow());
    assertEquals(Obligation.of(a).get(0), r.broken().orElseThrow());
  }

  @Test
  void aProofPassesThroughWithoutDecision() {
    Network n = web();
    Assertion a = assertion("internet", REACHABLE, "ECS1", "tcp 80");
    AssertionResult r = Verifier.check(Queries.spec(n, a), a, new ExhaustiveEngine());
    assertInstanceOf(Verdict.Proved.class, r.verdict());
    assertFalse(r.decision().isPresent());
    assertFalse(r.broken().isPresent());
  }

  /** Counts opens and closes, and delegates to the exhaustive engine. */
  private static final class Counting implements Engine {
    static final AtomicInteger OPENED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();
    private final ExhaustiveEngine inner = new ExhaustiveEngine();

    Counting() {
      OPENED.incrementAndGet();
    }

    @Override
    public Verdict check(Spec spec, Assertion a) {
      return inner.check(spec, a);
    }

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }
  }

  private static Spec manyAssertions() {
    Network n = web();
    List<Assertion> as = new ArrayList<>();
    String[][] shapes = {
      {"internet", "tcp 80"}, {"internet", "tcp 80-81"}, {"ECS2", "all"}, {"10.0.0.0/24", "udp"},
    };
    int line = 1;
    for (int i = 0; i < 6; i++) {
      for (String[] s : shapes) {
        as.add(at(assertion(s[0], i % 2 == 0 ? REACHABLE : UNREACHABLE, "ECS1", s[1]), line++));
      }
      as.add(at(assertion("ECS1", INTERCONNECTED, "ECS2", "all"), line++));
    }
    return new Spec(Queries.FILE, n, as);
  }

  @Test
  void theParallelPathReturnsResultsInFileOrderEqualToTheSequentialPath() {
    Spec spec = manyAssertions();
    List<AssertionResult> seq = new Verifier(ExhaustiveEngine::new, 1).verify(spec);
    List<AssertionResult> par = new Verifier(ExhaustiveEngine::new, 2).verify(spec);
    List<AssertionResult> wide = new Verifier(ExhaustiveEngine::new, 64).verify(spec);
    assertEquals(seq, par);
    assertEquals(seq, wide);
    for (int i = 0; i < spec.assertions().size(); i++) {
      assertEquals(spec.assertions().get(i), par.get(i).assertion());
    }
    assertTrue(seq.stream().anyMatch(r -> r.verdict() instanceof Verdict.Proved));
    assertTrue(seq.stream().anyMatch(r -> r.verdict() instanceof Verdict.Refuted));
  }

  @Test
  void everyEngineOpenedIsClosed() {
    Spec spec = manyAssertions();
    for (int jobs : new int[] {1, 2, 4}) {
      Counting.OPENED.set(0);
      Counting.CLOSED.set(0);
      new Verifier(Counting::new, jobs).verify(spec);
      assertTrue(Counting.OPENED.get() >= 1 && Counting.OPENED.get() <= jobs);
      assertEquals(Counting.OPENED.get(), Counting.CLOSED.get(), "jobs " + jobs);
    }
  }

  @Test
  void aDisagreementInAWorkerReachesTheCallerAndEnginesAreStillClosed() throws Exception {
    Spec spec = manyAssertions();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Verifier v =
        new Verifier(
            () -> {
              opened.incrementAndGet();
              return new Engine() {
                @Override
                public Verdict check(Spec s, Assertion a) {
                  return new Verdict.Refuted(Flow.tcp("198.51.100.1", 1024, "10.0.0.1", 9));
                }

                @Override
                public void close() {
                  closed.incrementAndGet();
                }
              };
            },
            2);
    assertThrows(DisagreementException.class, () -> v.verify(spec));
    for (int i = 0; i < 100 && closed.get() < opened.get(); i++) {
      Thread.sleep(10);
    }
    assertEquals(opened.get(), closed.get());
  }

  @Test
  void jobsBelowOneAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Verifier(ExhaustiveEngine::new, 0));
  }
}

package dev.sgproof.query;

import static dev.sgproof.model.AssertionKind.INTERCONNECTED;
import static dev.sgproof.model.AssertionKind.REACHABLE;
import static dev.sgproof.model.AssertionKind.UNREACHABLE;
import static dev.sgproof.testing.Queries.assertion;
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
import dev.sgproof.testing.Queries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every refutation is replayed in the concrete evaluator: a wrong one is a disagreement. */
class ReplayTest {

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
    Verdict wrong = new Verdict.Refuted(Flow.tcp("8.8.8.8", 1024, "10.0.0.1", 23));
    assertThrows(DisagreementException.class, () -> Replay.check(Queries.spec(n, a), a, wrong));
    // a NIC address is not in the internet
    Verdict nic = new Verdict.Refuted(Flow.tcp("10.0.0.2", 1024, "10.0.0.1", 22));
    assertThrows(DisagreementException.class, () -> Replay.check(Queries.spec(n, a), a, nic));
    // nor is an external address outside public space (documentation, private)
    Network dual = new NetworkBuilder().group("Web").instance("ECS1", "10.0.0.1, 2001:db8::1",
        "Web").build();
    Assertion e = assertion("external", REACHABLE, "ECS1", "tcp 22");
    for (String src : List.of("198.51.100.1", "192.168.1.1", "2001:db8::9")) {
      String dst = src.contains(":") ? "2001:db8::1" : "10.0.0.1";
      Verdict priv = new Verdict.Refuted(Flow.tcp(src, 1024, dst, 22));
      assertThrows(DisagreementException.class,
          () -> Replay.check(Queries.spec(dual, a), a, priv), src);
      // but it is external
      assertEquals(priv, Replay.check(Queries.spec(dual, e), e, priv).verdict(), src);
    }
  }

  @Test
  void aCounterexampleTheEvaluatorDoesNotConfirmIsADisagreement() {
    Network n = web();
    Assertion a = assertion("internet", REACHABLE, "ECS1", "tcp 80-81");
    Verdict wrong = new Verdict.Refuted(Flow.tcp("8.8.8.8", 1024, "10.0.0.1", 80));
    assertThrows(DisagreementException.class, () -> Replay.check(Queries.spec(n, a), a, wrong));
  }

  @Test
  void aCorrectRefutationCarriesTheDecisionAndTheBrokenObligation() {
    Network n = web();
    Assertion a = assertion("internet", UNREACHABLE, "ECS1", "tcp");
    Flow f = Flow.tcp("8.8.8.8", 1024, "10.0.0.1", 80);
    AssertionResult r = Replay.check(Queries.spec(n, a), a, new Verdict.Refuted(f));
    assertEquals(new Verdict.Refuted(f), r.verdict());
    assertTrue(r.decision().orElseThrow().permitted());
    assertEquals(f, r.decision().orElseThrow().flow());
    assertEquals(Obligation.of(a).get(0), r.broken().orElseThrow());
  }

  @Test
  void aProofPassesThroughWithoutDecision() {
    Network n = web();
    Assertion a = assertion("internet", REACHABLE, "ECS1", "tcp 80");
    AssertionResult r = Replay.check(Queries.spec(n, a), a, Queries.decide(n, a));
    assertInstanceOf(Verdict.Proved.class, r.verdict());
    assertFalse(r.decision().isPresent());
    assertFalse(r.broken().isPresent());
  }
}

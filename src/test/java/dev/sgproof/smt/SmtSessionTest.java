package dev.sgproof.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Traffic;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.testing.NetworkBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code smt} on its own, a leaf over the model: questions are plain records, answers plain enums
 * and flows, checked here against the concrete evaluator.
 */
class SmtSessionTest {
  private static final Endpoint INTERNET = new Endpoint.InternetEndpoint();
  private static final Endpoint WEB = new Endpoint.NicEndpoint("web");

  private static Network network() {
    return new NetworkBuilder()
        .group("Web")
        .rule("ingress allow tcp 80 from any")
        .rule("ingress allow tcp 22 from 10.0.0.0/8")
        .instance("web", "10.0.0.1", "Web")
        .instance("ops", "10.0.0.2", "Web")
        .build();
  }

  private static Traffic tcp(int port) {
    return new Traffic(Proto.TCP, List.of(PortRange.single(port)));
  }

  @Test
  void aQuestionHoldsOrBreaksAsTheEvaluatorSays() {
    Network n = network();
    try (SmtSession s = new SmtSession(30_000)) {
      try (ViolationQuery q = s.violation(n, new Violation(INTERNET, WEB, tcp(80), false, true))) {
        assertEquals(Answer.HOLDS, q.check(List.of()));
        assertEquals(Optional.empty(), q.model(List.of()));
      }
      try (ViolationQuery q = s.violation(n, new Violation(INTERNET, WEB, tcp(22), false, true))) {
        assertEquals(Answer.BROKEN, q.check(List.of()));
        Flow f = q.model(List.of()).orElseThrow();
        assertEquals(22, f.dstPort());
        assertEquals(IpAddress.of("10.0.0.1"), f.dst());
        assertTrue(n.owner(f.src()).isEmpty(), "the internet is no NIC: " + f);
        assertFalse(new Evaluator(n).evaluate(f).permitted(), f + " must be denied");
      }
    }
  }

  @Test
  void constraintsNarrowTheQuestionAndAreNotKept() {
    Network n = network();
    Endpoint anyV4 = new Endpoint.CidrEndpoint(Cidr.ANY_V4);
    try (SmtSession s = new SmtSession(30_000);
        ViolationQuery q = s.violation(n, new Violation(anyV4, WEB, tcp(22), false, true))) {
      FlowConstraint fromOps =
          new FlowConstraint.AddressIs(Side.SRC, IpAddress.of("10.0.0.2"));
      FlowConstraint fromInside = new FlowConstraint.AddressAtMost(Side.SRC,
          IpAddress.of("10.255.255.255"));
      assertEquals(Answer.HOLDS, q.check(List.of(fromOps)), "ops is inside 10.0.0.0/8");
      assertEquals(Answer.BROKEN, q.check(List.of(new FlowConstraint.Not(fromInside))));
      assertEquals(Answer.BROKEN, q.check(List.of()), "nothing was asserted");
      Flow f = q.model(List.of(new FlowConstraint.Not(fromInside))).orElseThrow();
      assertTrue(f.src().compareTo(IpAddress.of("10.255.255.255")) > 0, f.toString());
    }
  }

  @Test
  void unsatCoresNameTheRulesAProofNeeds() {
    Network n = network();
    try (SmtSession s = new SmtSession(30_000)) {
      DependencyQuery d =
          s.dependencies(n, List.of(new Violation(INTERNET, WEB, tcp(80), false, true)));
      List<Rule> all = d.encodedRules();
      // "from any" is a rule per IP version; web has an IPv4 address only.
      Rule allow80 = all.stream().filter(r -> r.dstPorts().low() == 80
              && r.peer().equals(new Peer.CidrPeer(Cidr.ANY_V4)))
          .findFirst().orElseThrow();
      Set<Rule> kept = new HashSet<>(all);
      Set<Rule> core = d.holdsWith(kept).orElseThrow();
      assertEquals(Set.of(allow80), core, "only the tcp 80 allow");
      kept.remove(allow80);
      assertEquals(Optional.empty(), d.holdsWith(kept), "without it the proof fails");
    }
  }

  @Test
  void aQueryOfARecycledContextIsRejectedAndClosingTwiceIsHarmless() {
    Network n = network();
    SmtSession s = new SmtSession(30_000);
    Violation v = new Violation(INTERNET, WEB, tcp(80), false, true);
    ViolationQuery old = s.violation(n, v);
    old.close();
    for (int i = 1; i < SmtSession.RECYCLE_AFTER; i++) {
      s.violation(n, v).close();
    }
    ViolationQuery fresh = s.violation(n, v); // the context was recycled for this one
    assertEquals(Answer.HOLDS, fresh.check(List.of()));
    assertThrows(IllegalStateException.class, () -> old.check(List.of()));
    fresh.close();
    s.close();
    s.close();
    assertThrows(IllegalStateException.class, () -> s.violation(n, v));
  }
}

package dev.sgproof.semantics;

import static dev.sgproof.model.GroupType.BASIC;
import static dev.sgproof.model.Policy.ISOLATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.testing.NetworkBuilder;
import org.junit.jupiter.api.Test;

/** semantics.md section 3: which rules match a flow (direction, protocol, ports, peer). */
class RuleMatchingTest {
  private static final String NIC = "10.0.0.1";
  private static final String NIC6 = "2001:db8::1";
  private static final String EXT = "198.51.100.7";
  private static final String EXT6 = "2001:db8:1::7";

  /** One isolated basic NIC (ingress default deny) with the given rules in its only group. */
  private static Evaluator nicWith(String... rules) {
    NetworkBuilder b = new NetworkBuilder().group("G", BASIC, ISOLATED);
    for (String r : rules) {
      b.rule(r);
    }
    return b.instance("ECS1", NIC + ", " + NIC6, "G").evaluator();
  }

  private static boolean in(Evaluator e, Flow f) {
    return e.evaluate(f).permitted();
  }

  private static Flow proto(String src, String dst, int p) {
    return Flow.of(src, dst, p, 0, 0);
  }

  @Test
  void ingressRulesDoNotMatchEgressFlows() {
    Evaluator e = nicWith("ingress deny all from any");
    assertTrue(in(e, Flow.tcp(NIC, 1000, EXT, 80)), "egress default allow stays");
  }

  @Test
  void egressRulesDoNotMatchIngressFlows() {
    Evaluator e = nicWith("egress allow all to any");
    assertFalse(in(e, Flow.tcp(EXT, 1000, NIC, 80)), "ingress default deny stays");
  }

  @Test
  void allMatchesEveryProtocolNumberFrom0To255() {
    Evaluator e = nicWith("ingress allow all from any");
    for (int p = 0; p <= 255; p++) {
      int sp = Protocols.hasPorts(p) ? 1 : 0;
      if (p != Protocols.ICMPV6) {
        assertTrue(in(e, Flow.of(EXT, NIC, p, sp, sp)), "v4 protocol " + p);
      }
      if (p != Protocols.ICMP) {
        assertTrue(in(e, Flow.of(EXT6, NIC6, p, sp, sp)), "v6 protocol " + p);
      }
    }
  }

  @Test
  void namedProtocolsMatchOnlyTheirOwnNumber() {
    for (String name : new String[] {"tcp", "udp", "icmp", "icmpv6", "gre"}) {
      Evaluator e = nicWith("ingress allow " + name + " from any");
      int number = dev.sgproof.model.Proto.fromKeyword(name).number();
      for (int p = 0; p <= 255; p++) {
        int sp = Protocols.hasPorts(p) ? 5 : 0;
        if (p != Protocols.ICMPV6) {
          assertEquals(p == number, in(e, Flow.of(EXT, NIC, p, sp, sp)), name + " v4 " + p);
        }
        if (p != Protocols.ICMP) {
          assertEquals(p == number, in(e, Flow.of(EXT6, NIC6, p, sp, sp)), name + " v6 " + p);
        }
      }
    }
  }

  @Test
  void anOtherProtocolNumberIsMatchedOnlyByAll() {
    Evaluator named =
        nicWith(
            "ingress allow tcp from any",
            "ingress allow udp from any",
            "ingress allow icmp from any",
            "ingress allow icmpv6 from any",
            "ingress allow gre from any");
    assertFalse(in(named, proto(EXT, NIC, 132)));
    assertFalse(in(named, proto(EXT6, NIC6, 132)));
    assertFalse(in(named, proto(EXT, NIC, 0)));
    assertFalse(in(named, proto(EXT, NIC, 255)));
    Evaluator all = nicWith("ingress allow all from any");
    assertTrue(in(all, proto(EXT, NIC, 132)));
    assertTrue(in(all, proto(EXT6, NIC6, 132)));
  }

  @Test
  void destinationPortRangeIsInclusiveAtBothEnds() {
    Evaluator e = nicWith("ingress allow tcp 1000-2000 from any");
    assertFalse(in(e, Flow.tcp(EXT, 5000, NIC, 999)));
    assertTrue(in(e, Flow.tcp(EXT, 5000, NIC, 1000)));
    assertTrue(in(e, Flow.tcp(EXT, 5000, NIC, 2000)));
    assertFalse(in(e, Flow.tcp(EXT, 5000, NIC, 2001)));
  }

  @Test
  void aTcpPortRuleDoesNotMatchUdpOnTheSamePort() {
    Evaluator e = nicWith("ingress allow tcp 53 from any");
    assertTrue(in(e, Flow.of(EXT, NIC, Protocols.TCP, 9, 53)));
    assertFalse(in(e, Flow.of(EXT, NIC, Protocols.UDP, 9, 53)));
  }

  @Test
  void aUdpPortRuleMatchesOnlyItsPorts() {
    Evaluator e = nicWith("ingress allow udp 53 from any");
    assertTrue(in(e, Flow.of(EXT, NIC, Protocols.UDP, 9, 53)));
    assertFalse(in(e, Flow.of(EXT, NIC, Protocols.UDP, 9, 54)));
  }

  @Test
  void portsAreIgnoredForAnAllRuleAndPortlessFlows() {
    Evaluator e = nicWith("ingress allow all from any");
    assertTrue(in(e, Flow.tcp(EXT, 1, NIC, 65535)));
    assertTrue(in(e, proto(EXT, NIC, Protocols.GRE)));
  }

  @Test
  void sourcePortRangeRestrictsTheSourcePortOnly() {
    Evaluator e = nicWith("ingress allow tcp 80 from any sport 1024-65535");
    assertFalse(in(e, Flow.tcp(EXT, 1023, NIC, 80)));
    assertTrue(in(e, Flow.tcp(EXT, 1024, NIC, 80)));
    assertTrue(in(e, Flow.tcp(EXT, 65535, NIC, 80)));
    assertFalse(in(e, Flow.tcp(EXT, 1024, NIC, 81)));
  }

  @Test
  void flowsOfOtherProtocolsCannotCarryPorts() {
    assertThrows(IllegalArgumentException.class, () -> Flow.of(EXT, NIC, Protocols.GRE, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Flow.of(EXT, NIC, Protocols.TCP, 0, 80));
  }

  @Test
  void cidrPeerIncludesItsFirstAndLastAddressOnly() {
    Evaluator e = nicWith("ingress allow all from 198.51.100.4/30");
    assertFalse(in(e, proto("198.51.100.3", NIC, Protocols.GRE)));
    assertTrue(in(e, proto("198.51.100.4", NIC, Protocols.GRE)));
    assertTrue(in(e, proto("198.51.100.7", NIC, Protocols.GRE)));
    assertFalse(in(e, proto("198.51.100.8", NIC, Protocols.GRE)));
  }

  @Test
  void anIpv4CidrNeverMatchesAnIpv6Address() {
    Evaluator e = nicWith("ingress allow all from 0.0.0.0/0");
    assertTrue(in(e, proto(EXT, NIC, Protocols.GRE)));
    assertFalse(in(e, proto(EXT6, NIC6, Protocols.GRE)));
    assertFalse(in(e, proto("::ffff:198.51.100.7", NIC6, Protocols.GRE)), "mapped v4 is v6");
  }

  @Test
  void anIpv6CidrNeverMatchesAnIpv4Address() {
    Evaluator e = nicWith("ingress allow all from ::/0");
    assertTrue(in(e, proto(EXT6, NIC6, Protocols.GRE)));
    assertFalse(in(e, proto(EXT, NIC, Protocols.GRE)));
  }

  @Test
  void ipv6CidrBoundariesAreExact() {
    Evaluator e = nicWith("ingress allow tcp 443 from 2001:db8:1::/120");
    assertTrue(in(e, Flow.of("2001:db8:1::ff", NIC6, Protocols.TCP, 7, 443)));
    assertFalse(in(e, Flow.of("2001:db8:1::100", NIC6, Protocols.TCP, 7, 443)));
  }

  private static final NetworkBuilder GROUP_PEER =
      new NetworkBuilder()
          .group("Db", BASIC, ISOLATED)
          .rule("ingress allow tcp 5432 from group App")
          .group("App", BASIC, ISOLATED)
          .group("Other", BASIC, ISOLATED)
          .instance("DB", "10.0.0.10, 2001:db8::10", "Db")
          .instance("APP1", "10.0.0.20, 10.0.0.21, 2001:db8::20", "Other", "App")
          .instance(
              "APP2",
              NetworkBuilder.nic("eth0", "10.0.0.30", "App"),
              NetworkBuilder.nic("eth1", "10.0.0.31, 2001:db8::31", "Other"))
          .instance("OTHER", "10.0.0.40, 2001:db8::40", "Other");

  @Test
  void groupPeerMatchesEveryIpv4AndIpv6AddressOfAMemberNic() {
    Evaluator e = GROUP_PEER.evaluator();
    for (String src : new String[] {"10.0.0.20", "10.0.0.21", "10.0.0.30"}) {
      assertTrue(in(e, Flow.tcp(src, 1000, "10.0.0.10", 5432)), src);
    }
    assertTrue(in(e, Flow.tcp("2001:db8::20", 1000, "2001:db8::10", 5432)));
  }

  @Test
  void groupPeerDoesNotMatchANonMemberNicEvenOfAMemberInstance() {
    Evaluator e = GROUP_PEER.evaluator();
    assertFalse(in(e, Flow.tcp("10.0.0.40", 1000, "10.0.0.10", 5432)));
    assertFalse(in(e, Flow.tcp("10.0.0.31", 1000, "10.0.0.10", 5432)), "sibling NIC of APP2");
    assertFalse(in(e, Flow.tcp("2001:db8::31", 1000, "2001:db8::10", 5432)));
  }

  @Test
  void groupPeerNeverMatchesAnExternalAddress() {
    Evaluator e = GROUP_PEER.evaluator();
    assertFalse(in(e, Flow.tcp("10.0.0.22", 1000, "10.0.0.10", 5432)));
    assertFalse(in(e, Flow.tcp(EXT, 1000, "10.0.0.10", 5432)));
    assertFalse(in(e, Flow.tcp("2001:db8::21", 1000, "2001:db8::10", 5432)));
  }

  @Test
  void egressGroupPeerDescribesTheDestination() {
    Network n =
        new NetworkBuilder()
            .group("A", BASIC, ISOLATED)
            .rule("egress deny all to group B")
            .group("B", BASIC, ISOLATED)
            .rule("ingress allow all from any")
            .group("C", BASIC, ISOLATED)
            .rule("ingress allow all from any")
            .instance("X", "10.0.0.1", "A")
            .instance("Y", "10.0.0.2", "B")
            .instance("Z", "10.0.0.3", "C")
            .build();
    Evaluator e = new Evaluator(n);
    assertFalse(in(e, Flow.tcp("10.0.0.1", 9, "10.0.0.2", 80)));
    assertTrue(in(e, Flow.tcp("10.0.0.1", 9, "10.0.0.3", 80)));
    assertEquals(
        Direction.EGRESS, e.evaluate(Flow.tcp("10.0.0.1", 9, "10.0.0.2", 80)).steps().get(0).direction());
  }
}

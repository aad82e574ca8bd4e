package dev.sgproof.engines;

import static dev.sgproof.model.AssertionKind.INTERCONNECTED;
import static dev.sgproof.model.AssertionKind.ISOLATED;
import static dev.sgproof.model.AssertionKind.ONLY;
import static dev.sgproof.model.AssertionKind.REACHABLE;
import static dev.sgproof.model.AssertionKind.UNREACHABLE;
import static dev.sgproof.model.GroupType.ADVANCED;
import static dev.sgproof.model.GroupType.BASIC;
import static dev.sgproof.testing.Queries.assertProved;
import static dev.sgproof.testing.Queries.assertRefuted;
import static dev.sgproof.testing.Queries.assertion;
import static dev.sgproof.testing.NetworkBuilder.nic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Replay;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.testing.Queries;
import dev.sgproof.testing.NetworkBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-written cases for the exhaustive engine: one proved and one refuted case per shape. */
class ExhaustiveEngineTest {

  /** Web allows tcp 80 from anywhere; ECS1 is IPv4 only. */
  private static Network web() {
    return new NetworkBuilder()
        .group("Web")
        .rule("ingress allow tcp 80 from any")
        .instance("ECS1", "10.0.0.1", "Web")
        .build();
  }

  private static Flow tcp(String src, int sport, String dst, int dport) {
    return Flow.tcp(src, sport, dst, dport);
  }

  // ---- reachable / unreachable

  @Test
  void reachableIsProvedWhenEveryFlowIsAllowed() {
    assertProved(web(), assertion("internet", REACHABLE, "ECS1", "tcp 80"));
  }

  @Test
  void reachableIsRefutedByTheFirstDeniedPort() {
    Flow f = assertRefuted(web(), assertion("internet", REACHABLE, "ECS1", "tcp 80-81"));
    assertEquals(tcp("1.0.0.0", 49152, "10.0.0.1", 81), f);
  }

  @Test
  void unreachableIsProvedWhenNoFlowIsAllowed() {
    assertProved(web(), assertion("internet", UNREACHABLE, "ECS1", "tcp 22"));
    assertProved(web(), assertion("internet", UNREACHABLE, "ECS1", "udp 80"));
  }

  @Test
  void unreachableIsRefutedByAnAllowedFlow() {
    Flow f = assertRefuted(web(), assertion("internet", UNREACHABLE, "ECS1", "all"));
    assertEquals(tcp("1.0.0.0", 49152, "10.0.0.1", 80), f);
  }

  // ---- traffic unions

  private static Network webAndPing() {
    return new NetworkBuilder()
        .group("Web", BASIC, Policy.ISOLATED)
        .rule("ingress allow tcp 80,443 from any")
        .rule("ingress allow icmp from any")
        .instance("ECS1", "10.0.0.1", "Web")
        .build();
  }

  @Test
  void onlyWithAUnionPermitsEveryItemAndDeniesEverythingElse() {
    Network n = webAndPing();
    assertProved(n, assertion("internet", ONLY, "ECS1", "tcp 80,443 + icmp"));
    assertProved(n, assertion("internet", ONLY, "ECS1", "icmp + tcp 443 + tcp 80"));
    // a permitted flow outside the union
    Flow outside = assertRefuted(n, assertion("internet", ONLY, "ECS1", "tcp 80 + icmp"));
    assertEquals(tcp("1.0.0.0", 49152, "10.0.0.1", 443), outside);
    // a denied flow inside it
    Flow inside = assertRefuted(n, assertion("internet", ONLY, "ECS1", "tcp 80,443 + icmp + udp 53"));
    assertEquals(new Flow(IpAddress.of("1.0.0.0"), IpAddress.of("10.0.0.1"), Protocols.UDP, 49152,
        53), inside);
  }

  @Test
  void reachableAndUnreachableCheckEveryItemOfAUnion() {
    Network n = webAndPing();
    assertProved(n, assertion("internet", REACHABLE, "ECS1", "icmp + tcp 443"));
    assertProved(n, assertion("internet", UNREACHABLE, "ECS1", "udp + gre + tcp 22"));
    Flow f = assertRefuted(n, assertion("internet", UNREACHABLE, "ECS1", "udp + icmp"));
    assertEquals(Protocols.ICMP, f.protocol());
    Flow g = assertRefuted(n, assertion("internet", REACHABLE, "ECS1", "tcp 443 + udp 53"));
    assertEquals(Protocols.UDP, g.protocol());
    // an item with no flow for IPv4 ends adds nothing
    assertProved(n, assertion("internet", REACHABLE, "ECS1", "tcp 80 + icmpv6"));
  }

  @Test
  void onlyAllMeansTheSameAsReachable() {
    Network n = webAndPing();
    for (Network net : List.of(n, web())) {
      Queries.decide(net, assertion("internet", REACHABLE, "ECS1", "all"));
      assertEquals(Queries.decide(net, assertion("internet", REACHABLE, "ECS1", "all")),
          Queries.decide(net, assertion("internet", ONLY, "ECS1", "all")));
      assertEquals(Queries.decide(net, assertion("internet", REACHABLE, "ECS1", "all")),
          Queries.decide(net, assertion("internet", ONLY, "ECS1", "tcp 80 + all")));
    }
    Network open = new NetworkBuilder().group("Open").rule("ingress allow all from any")
        .instance("ECS1", "10.0.0.1", "Open").build();
    assertProved(open, assertion("internet", ONLY, "ECS1", "all"));
  }

  // ---- only

  @Test
  void onlyIsProvedWhenExactlyTheTrafficIsAllowed() {
    assertProved(web(), assertion("internet", ONLY, "ECS1", "tcp 80"));
  }

  @Test
  void onlyIsRefutedByADeniedFlowInsideTheTraffic() {
    Flow f = assertRefuted(web(), assertion("internet", ONLY, "ECS1", "tcp 80,8080"));
    assertEquals(8080, f.dstPort());
    assertFalse(new Evaluator(web()).evaluate(f).permitted());
  }

  @Test
  void onlyIsRefutedByAPermittedFlowOnAnotherPort() {
    Network n =
        new NetworkBuilder()
            .group("Web")
            .rule("ingress allow tcp 80,443 from any")
            .instance("ECS1", "10.0.0.1", "Web")
            .build();
    Flow f = assertRefuted(n, assertion("internet", ONLY, "ECS1", "tcp 80"));
    assertEquals(tcp("1.0.0.0", 49152, "10.0.0.1", 443), f);
    assertTrue(new Evaluator(n).evaluate(f).permitted());
  }

  @Test
  void onlyIsRefutedByAPermittedFlowOfAnotherProtocol() {
    Network n =
        new NetworkBuilder()
            .group("Web")
            .rule("ingress allow tcp 80 from any")
            .rule("ingress allow udp 53 from any")
            .instance("ECS1", "10.0.0.1", "Web")
            .build();
    Flow f = assertRefuted(n, assertion("internet", ONLY, "ECS1", "tcp 80"));
    assertEquals(
        new Flow(IpAddress.of("1.0.0.0"), IpAddress.of("10.0.0.1"), Protocols.UDP, 49152, 53), f);
  }

  @Test
  void onlyIsRefutedByAnUnnamedProtocolThatOnlyAnAllRuleLetsIn() {
    Network n =
        new NetworkBuilder()
            .group("Web")
            .rule("ingress allow tcp 80 from any priority 1")
            .rule("ingress deny tcp from any priority 2")
            .rule("ingress deny udp from any priority 2")
            .rule("ingress deny icmp from any priority 2")
            .rule("ingress deny icmpv6 from any priority 2")
            .rule("ingress deny gre from any priority 2")
            .rule("ingress allow all from any priority 3")
            .instance("ECS1", "10.0.0.1", "Web")
            .build();
    Flow f = assertRefuted(n, assertion("internet", ONLY, "ECS1", "tcp 80"));
    assertEquals(Classes.OTHER_PROTOCOL, f.protocol());
    assertFalse(Protocols.isNamed(f.protocol()));
    assertEquals(IpAddress.of("10.0.0.1"), f.dst());
    // and without the all rule the allow-list holds
    Network strict =
        new NetworkBuilder()
            .group("Web")
            .rule("ingress allow tcp 80 from any priority 1")
            .rule("ingress deny gre from any priority 2")
            .instance("ECS1", "10.0.0.1", "Web")
            .build();
    assertProved(strict, assertion("internet", ONLY, "ECS1", "tcp 80"));
  }

  // ---- <->

  /** X in A (no rules), Y in B, which lets X in: X -> Y permitted, Y -> X denied. */
  private static Network oneWay() {
    return new NetworkBuilder()
        .group("A", BASIC, Policy.ISOLATED)
        .group("B", BASIC, Policy.ISOLATED)
        .rule("ingress allow all from 10.0.0.1")
        .instance("X", "10.0.0.1", "A")
        .instance("Y", "10.0.0.2", "B")
        .build();
  }

  @Test
  void interconnectedIsProvedInsideAnInterconnectedGroup() {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.INTERCONNECTED)
            .instance("X", "10.0.0.1, 2001:db8::1", "G")
            .instance("Y", "10.0.0.2, 2001:db8::2", "G")
            .build();
    assertProved(n, assertion("X", INTERCONNECTED, "Y", "all"));
    assertProved(n, assertion("X", INTERCONNECTED, "Y", "icmpv6"));
  }

  @Test
  void interconnectedIsRefutedInTheReverseDirectionOnly() {
    Network n = oneWay();
    assertProved(n, assertion("X", REACHABLE, "Y", "all"));
    Assertion a = assertion("X", INTERCONNECTED, "Y", "all");
    Flow f = assertRefuted(n, a);
    assertEquals(tcp("10.0.0.2", 49152, "10.0.0.1", 1), f);
    AssertionResult r = Replay.check(Queries.spec(n, a), a, Queries.decide(n, a));
    assertEquals(Obligation.of(a).get(1), r.broken().orElseThrow());
  }

  @Test
  void isolatedIsProvedBetweenMembersOfAnIsolatedGroup() {
    Network n =
        new NetworkBuilder()
            .group("A", BASIC, Policy.ISOLATED)
            .instance("X", "10.0.0.1", "A")
            .instance("Y", "10.0.0.2", "A")
            .build();
    assertProved(n, assertion("X", ISOLATED, "Y", "all"));
  }

  @Test
  void isolatedIsRefutedInTheReverseDirectionOnly() {
    Network n = oneWay();
    assertProved(n, assertion("Y", UNREACHABLE, "X", "all"));
    Assertion a = assertion("Y", ISOLATED, "X", "all");
    Flow f = assertRefuted(n, a);
    assertEquals(tcp("10.0.0.1", 49152, "10.0.0.2", 1), f);
    AssertionResult r = Replay.check(Queries.spec(n, a), a, Queries.decide(n, a));
    assertEquals(Obligation.of(a).get(1), r.broken().orElseThrow());
  }

  // ---- CIDR endpoints that contain NIC addresses

  /** N (10.0.0.5) sits in an advanced group without egress rules; T lets 10.0.0.0/24 in. */
  private static Network advancedSource(String... advancedRules) {
    NetworkBuilder b = new NetworkBuilder().group("Adv", ADVANCED, Policy.ISOLATED);
    for (String r : advancedRules) {
      b.rule(r);
    }
    return b.group("Open", BASIC, Policy.ISOLATED)
        .rule("ingress allow all from 10.0.0.0/24")
        .instance("N", "10.0.0.5", "Adv")
        .instance("T", "10.1.0.1", "Open")
        .build();
  }

  @Test
  void aCidrSourceCountsItsNicAddressesAsTheNicWithItsEgress() {
    Network n = advancedSource();
    Flow f = assertRefuted(n, assertion("10.0.0.0/24", REACHABLE, "T", "tcp 22"));
    assertEquals(tcp("10.0.0.5", 49152, "10.1.0.1", 22), f);
    // the external addresses of the block are let in: only the NIC breaks it
    assertProved(n, assertion("10.0.0.0/30", REACHABLE, "T", "tcp 22"));
    assertProved(n, assertion("10.0.0.6/31", REACHABLE, "T", "all"));
    assertRefuted(n, assertion("10.0.0.5", REACHABLE, "T", "all"));
    // with an egress rule the NIC is let out too
    assertProved(
        advancedSource("egress allow all to 10.1.0.0/16"),
        assertion("10.0.0.0/24", REACHABLE, "T", "all"));
  }

  @Test
  void aCidrSourceCountsTheGroupMembershipsOfItsNicAddresses() {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.INTERCONNECTED)
            .instance("T", "10.0.0.1", "G")
            .instance("M", "10.0.0.7", "G")
            .build();
    assertProved(n, assertion("10.0.0.7", REACHABLE, "T", "all"));
    Flow f = assertRefuted(n, assertion("10.0.0.6/31", REACHABLE, "T", "all"));
    assertEquals(IpAddress.of("10.0.0.6"), f.src());
    Flow g = assertRefuted(n, assertion("10.0.0.0/24", UNREACHABLE, "T", "all"));
    assertEquals(IpAddress.of("10.0.0.7"), g.src());
  }

  @Test
  void nicAddressesComeBeforeExternalAddressesInCounterexamples() {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.ISOLATED)
            .instance("T", "10.0.0.9", "G")
            .instance("M", "10.0.0.200", "G")
            .build();
    Flow f = assertRefuted(n, assertion("10.0.0.0/24", REACHABLE, "T", "all"));
    assertEquals(IpAddress.of("10.0.0.200"), f.src());
  }

  // ---- internet

  @Test
  void theInternetNeverIncludesNicAddresses() {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.INTERCONNECTED)
            .instance("ECS1", "10.0.0.1, 2001:db8::1", "G")
            .instance("ECS2", "10.0.0.2, 2001:db8::2", "G")
            .build();
    assertProved(n, assertion("internet", UNREACHABLE, "ECS1", "all"));
    assertProved(n, assertion("ECS1", REACHABLE, "internet", "all"));
    Flow f = assertRefuted(n, assertion("10.0.0.0/24", UNREACHABLE, "ECS1", "all"));
    assertEquals(IpAddress.of("10.0.0.2"), f.src());
  }

  @Test
  void theInternetHasIpv4AndIpv6Sources() {
    Network n =
        new NetworkBuilder()
            .group("Web")
            .rule("ingress allow tcp 80 from 0.0.0.0/0")
            .instance("ECS1", "10.0.0.1, 2001:db8::1", "Web")
            .build();
    Flow v6 = assertRefuted(n, assertion("internet", REACHABLE, "ECS1", "tcp 80"));
    assertEquals(tcp("2000::", 49152, "2001:db8::1", 80), v6);
    Flow v4 = assertRefuted(n, assertion("internet", UNREACHABLE, "ECS1", "tcp 80"));
    assertEquals(tcp("1.0.0.0", 49152, "10.0.0.1", 80), v4);
    // every external address, private ones included, starts at the first address but 0.0.0.0
    Flow ext6 = assertRefuted(n, assertion("external", REACHABLE, "ECS1", "tcp 80"));
    assertEquals(tcp("::1", 49152, "2001:db8::1", 80), ext6);
    Flow ext4 = assertRefuted(n, assertion("external", UNREACHABLE, "ECS1", "tcp 80"));
    assertEquals(tcp("0.0.0.1", 49152, "10.0.0.1", 80), ext4);
    Network both =
        new NetworkBuilder()
            .group("Web")
            .rule("ingress allow tcp 80 from any")
            .instance("ECS1", "10.0.0.1, 2001:db8::1", "Web")
            .build();
    assertProved(both, assertion("internet", REACHABLE, "ECS1", "tcp 80"));
  }

  @Test
  void theInternetAsDestinationChecksEgressOnly() {
    Network n =
        new NetworkBuilder()
            .group("Adv", ADVANCED, Policy.ISOLATED)
            .rule("egress allow tcp 443 to ::/0")
            .instance("V", "2001:db8::5", "Adv")
            .build();
    assertProved(n, assertion("V", REACHABLE, "internet", "tcp 443"));
    Flow f = assertRefuted(n, assertion("V", ONLY, "internet", "tcp 443,444"));
    assertEquals(tcp("2001:db8::5", 49152, "2000::", 444), f);
  }

  // ---- groups with several members, multi-NIC instances, IPv6

  @Test
  void aGroupEndpointIsRefutedByTheOneMemberThatDenies() {
    Network n =
        new NetworkBuilder()
            .group("Web")
            .rule("ingress allow tcp 80 from any priority 2")
            .group("Strict")
            .rule("ingress deny tcp 80 from any priority 1")
            .instance("W1", "10.0.0.1", "Web")
            .instance("W2", "10.0.0.2", "Web")
            .instance("W3", "10.0.0.3", "Web", "Strict")
            .build();
    Flow f = assertRefuted(n, assertion("internet", REACHABLE, "group Web", "tcp 80"));
    assertEquals(IpAddress.of("10.0.0.3"), f.dst());
    assertProved(n, assertion("internet", UNREACHABLE, "group Strict", "tcp 80"));
    assertProved(n, assertion("internet", REACHABLE, "W2", "tcp 80"));
  }

  @Test
  void flowsBetweenTwoNicsOfOneInstanceAreFlows() {
    Network n =
        new NetworkBuilder()
            .group("A", BASIC, Policy.ISOLATED)
            .group("B", BASIC, Policy.ISOLATED)
            .rule("ingress allow tcp 22 from 10.0.0.2")
            .instance("X", nic("eth0", "10.0.0.2", "A"), nic("eth1", "10.0.0.3", "B"))
            .build();
    assertProved(n, assertion(Queries.nic("X.eth1"), UNREACHABLE, Queries.nic("X.eth0"), "all"));
    assertProved(n, assertion(Queries.nic("X.eth0"), REACHABLE, Queries.nic("X.eth1"), "tcp 22"));
    Flow f = assertRefuted(n, assertion("X", ISOLATED, "X", "all"));
    assertEquals(tcp("10.0.0.2", 49152, "10.0.0.3", 22), f);
  }

  @Test
  void ipv6OnlyNicsAreReachedOverIcmpv6() {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.ISOLATED)
            .rule("ingress allow icmpv6 from any")
            .instance("V", "2001:db8::5", "G")
            .build();
    assertProved(n, assertion("internet", REACHABLE, "V", "icmpv6"));
    Flow f = assertRefuted(n, assertion("internet", REACHABLE, "V", "all"));
    assertTrue(f.src().isV6());
    assertEquals(Protocols.TCP, f.protocol());
    assertProved(n, assertion("internet", ONLY, "V", "icmpv6"));
    Flow g = assertRefuted(n, assertion("internet", ONLY, "V", "gre"));
    assertEquals(Protocols.GRE, g.protocol()); // denied inside comes first
    assertFalse(new Evaluator(n).evaluate(g).permitted());
  }

  @Test
  void dualStackNicsAreCheckedOverBothVersions() {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.ISOLATED)
            .rule("ingress allow all from 10.0.0.0/8")
            .instance("D", "10.0.0.1, 2001:db8::1", "G")
            .instance("N", "10.0.0.2", "G")
            .instance("V", "2001:db8::2", "G")
            .build();
    assertProved(n, assertion("D", INTERCONNECTED, "N", "all"));
    Flow f = assertRefuted(n, assertion("D", REACHABLE, "V", "all"));
    assertEquals(tcp("2001:db8::1", 49152, "2001:db8::2", 1), f);
    // icmp exists over IPv4 only: D's IPv4 address reaches N, and D to itself is no flow
    assertProved(n, assertion("D", REACHABLE, "group G", "icmp"));
  }

  // ---- ports

  @ParameterizedTest
  @CsvSource({"999-1001, 999", "1000-2001, 2001", "1500-2001, 2001", "2000-2001, 2001", "1-1000, 1"})
  void thePortCounterexampleIsExactlyOnTheEdgeOfTheRule(String ports, int expected) {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.ISOLATED)
            .rule("ingress allow tcp 1000-2000 from any")
            .instance("X", "10.0.0.1", "G")
            .build();
    assertProved(n, assertion("internet", REACHABLE, "X", "tcp 1000-2000"));
    Flow f = assertRefuted(n, assertion("internet", REACHABLE, "X", "tcp " + ports));
    assertEquals(expected, f.dstPort());
  }

  @Test
  void aSourcePortRuleRefutesReachabilityForOtherSourcePortsOnly() {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.ISOLATED)
            .rule("ingress allow tcp 80 from any sport 1024-65535")
            .instance("X", "10.0.0.1", "G")
            .build();
    Flow f = assertRefuted(n, assertion("internet", REACHABLE, "X", "tcp 80"));
    assertEquals(tcp("1.0.0.0", 1, "10.0.0.1", 80), f);
    // the counterexample prefers 49152 when that class breaks the assertion
    Flow g = assertRefuted(n, assertion("internet", UNREACHABLE, "X", "tcp 80"));
    assertEquals(49152, g.srcPort());
    Network low =
        new NetworkBuilder()
            .group("G", BASIC, Policy.ISOLATED)
            .rule("ingress allow tcp 80 from any sport 1-1023")
            .instance("X", "10.0.0.1", "G")
            .build();
    Flow h = assertRefuted(low, assertion("internet", REACHABLE, "X", "tcp 80"));
    assertEquals(49152, h.srcPort());
    Flow k = assertRefuted(low, assertion("internet", UNREACHABLE, "X", "tcp 80"));
    assertEquals(1, k.srcPort());
  }

  // ---- legacy default groups

  @Test
  void legacyDefaultGroupsLetInIcmpSshAndRdpOverIpv4() {
    Network n =
        new NetworkBuilder()
            .group("L", BASIC, Policy.ISOLATED)
            .legacyDefault()
            .instance("X", "10.0.0.1", "L")
            .build();
    assertProved(n, assertion("internet", REACHABLE, "X", "tcp 22,3389"));
    assertProved(n, assertion("internet", REACHABLE, "X", "icmp"));
    assertProved(n, assertion("X", REACHABLE, "internet", "all"));
    Flow f = assertRefuted(n, assertion("internet", REACHABLE, "X", "tcp 80"));
    assertEquals(80, f.dstPort());
  }

  @Test
  void aCustomRuleOverridesTheLegacyDefaults() {
    Network n =
        new NetworkBuilder()
            .group("L", BASIC, Policy.ISOLATED)
            .legacyDefault()
            .rule("ingress deny tcp 22 from 8.8.8.0/24 priority 100")
            .instance("X", "10.0.0.1", "L")
            .build();
    Flow f = assertRefuted(n, assertion("internet", REACHABLE, "X", "tcp 22"));
    assertEquals(IpAddress.of("8.8.8.0"), f.src());
    assertProved(n, assertion("8.8.9.0/24", REACHABLE, "X", "tcp 22"));
  }

  // ---- protocol preference

  @ParameterizedTest
  @CsvSource({
    "tcp, 6", "udp, 17", "icmp, 1", "icmpv6, 58", "gre, 47",
  })
  void theCounterexampleHasTheOnlyAllowedProtocol(String proto, int number) {
    Network n =
        new NetworkBuilder()
            .group("G", BASIC, Policy.ISOLATED)
            .rule("ingress allow " + proto + " from any")
            .instance("X", "10.0.0.1, 2001:db8::1", "G")
            .build();
    Flow f = assertRefuted(n, assertion("internet", UNREACHABLE, "X", "all"));
    assertEquals(number, f.protocol());
  }

  @Test
  void protocolsArePreferredInTheDocumentedOrder() {
    List<String> order = List.of("tcp", "udp", "icmp", "icmpv6", "gre");
    for (int i = 0; i < order.size(); i++) {
      NetworkBuilder b = new NetworkBuilder().group("G", BASIC, Policy.ISOLATED);
      for (String p : order.subList(i, order.size())) {
        b.rule("ingress allow " + p + " from any");
      }
      Network n = b.instance("X", "10.0.0.1, 2001:db8::1", "G").build();
      Flow f = assertRefuted(n, assertion("internet", UNREACHABLE, "X", "all"));
      assertEquals(order.get(i), Protocols.name(f.protocol()));
    }
  }
}

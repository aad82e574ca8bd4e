package dev.sgproof.semantics;

import static dev.sgproof.model.GroupType.ADVANCED;
import static dev.sgproof.model.GroupType.BASIC;
import static dev.sgproof.model.Policy.INTERCONNECTED;
import static dev.sgproof.model.Policy.ISOLATED;
import static dev.sgproof.testing.NetworkBuilder.nic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Protocols;
import dev.sgproof.testing.NetworkBuilder;
import org.junit.jupiter.api.Test;

/** semantics.md sections 4 to 8: priorities, intra-group allow, defaults, both ends, legacy. */
class EvaluatorTest {
  private static final String EXT = "198.51.100.7";
  private static final String EXT6 = "2001:db8:1::7";

  private static boolean permitted(NetworkBuilder b, Flow f) {
    return b.evaluator().evaluate(f).permitted();
  }

  private static NetworkBuilder oneNic(String... rules) {
    NetworkBuilder b = new NetworkBuilder().group("G", BASIC, ISOLATED);
    for (String r : rules) {
      b.rule(r);
    }
    return b.instance("ECS1", "10.0.0.1, 2001:db8::1", "G");
  }

  private static Flow ssh(String src, String dst) {
    return Flow.tcp(src, 40000, dst, 22);
  }

  // ---- section 4: priority, deny on ties, merged groups

  @Test
  void aSmallerPriorityNumberAllowWinsOverALargerNumberDeny() {
    assertTrue(
        permitted(
            oneNic("ingress deny tcp 22 from any priority 2", "ingress allow tcp 22 from any priority 1"),
            ssh(EXT, "10.0.0.1")));
  }

  @Test
  void aSmallerPriorityNumberDenyWinsOverALargerNumberAllow() {
    assertFalse(
        permitted(
            oneNic("ingress allow tcp 22 from any priority 1", "ingress deny tcp 22 from any priority 1"),
            ssh(EXT, "10.0.0.1")));
    assertFalse(
        permitted(
            oneNic("ingress allow tcp 22 from any priority 50", "ingress deny all from any priority 49"),
            ssh(EXT, "10.0.0.1")));
  }

  @Test
  void denyWinsATieRegardlessOfRuleOrder() {
    assertFalse(
        permitted(
            oneNic("ingress deny tcp 22 from any priority 7", "ingress allow tcp 22 from any priority 7"),
            ssh(EXT, "10.0.0.1")));
    assertFalse(
        permitted(
            oneNic("ingress allow tcp 22 from any priority 7", "ingress deny tcp 22 from any priority 7"),
            ssh(EXT, "10.0.0.1")));
  }

  @Test
  void aRuleThatDoesNotMatchTakesNoPartInThePriorityContest() {
    assertTrue(
        permitted(
            oneNic("ingress deny tcp 23 from any priority 1", "ingress allow tcp 22 from any priority 100"),
            ssh(EXT, "10.0.0.1")));
  }

  @Test
  void rulesOfAllGroupsOfANicAreMergedBeforeThePriorityContest() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("A", BASIC, ISOLATED)
            .rule("ingress deny tcp 22 from any priority 5")
            .group("B", BASIC, ISOLATED)
            .rule("ingress allow tcp 22 from any priority 4")
            .group("C", BASIC, ISOLATED)
            .rule("ingress allow tcp 22 from any priority 5")
            .instance("AB", "10.0.0.1", "A", "B")
            .instance("AC", "10.0.0.2", "A", "C")
            .instance("CA", "10.0.0.3", "C", "A");
    assertTrue(permitted(b, ssh(EXT, "10.0.0.1")), "priority 4 allow of B beats deny 5 of A");
    assertFalse(permitted(b, ssh(EXT, "10.0.0.2")), "tie across groups: deny wins");
    assertFalse(permitted(b, ssh(EXT, "10.0.0.3")), "group order does not matter");
  }

  // ---- section 5: ingress

  private static NetworkBuilder pair(String type, String policy, String... rules) {
    NetworkBuilder b =
        new NetworkBuilder()
            .group(
                "G",
                type.equals("basic") ? BASIC : ADVANCED,
                policy.equals("isolated") ? ISOLATED : INTERCONNECTED);
    for (String r : rules) {
      b.rule(r);
    }
    return b.instance("A", "10.0.0.1, 2001:db8::1", "G").instance("B", "10.0.0.2, 2001:db8::2", "G");
  }

  @Test
  void membersOfAnInterconnectedBasicGroupReachEachOtherOnEveryProtocol() {
    NetworkBuilder b = pair("basic", "interconnected");
    assertTrue(permitted(b, ssh("10.0.0.1", "10.0.0.2")));
    assertTrue(permitted(b, Flow.of("10.0.0.2", "10.0.0.1", 132, 0, 0)));
    assertTrue(permitted(b, Flow.of("2001:db8::1", "2001:db8::2", Protocols.ICMPV6, 0, 0)));
  }

  @Test
  void intraGroupAllowOverridesACustomDenyAtPriorityOne() {
    NetworkBuilder b = pair("basic", "interconnected", "ingress deny all from any priority 1");
    assertTrue(permitted(b, ssh("10.0.0.1", "10.0.0.2")));
    assertTrue(permitted(b, ssh("2001:db8::2", "2001:db8::1")));
    assertFalse(permitted(b, ssh(EXT, "10.0.0.2")), "the deny still applies to strangers");
  }

  @Test
  void intraGroupAllowIsDecidedBeforeCustomRules() {
    NicDecision d =
        pair("basic", "interconnected", "ingress allow all from any priority 1")
            .evaluator()
            .evaluate(ssh("10.0.0.1", "10.0.0.2"))
            .steps()
            .get(1);
    assertInstanceOf(Step.IntraGroup.class, d.decidedBy());
  }

  @Test
  void anIsolatedBasicGroupGivesItsMembersNoIntraGroupAllow() {
    NetworkBuilder b = pair("basic", "isolated");
    assertFalse(permitted(b, ssh("10.0.0.1", "10.0.0.2")));
    assertFalse(permitted(b, ssh("2001:db8::2", "2001:db8::1")));
  }

  @Test
  void anAdvancedGroupGivesItsMembersNoIntraGroupAllow() {
    NetworkBuilder b = pair("advanced", "isolated", "egress allow all to any");
    assertFalse(permitted(b, ssh("10.0.0.1", "10.0.0.2")));
    NicDecision in = b.evaluator().evaluate(ssh("10.0.0.1", "10.0.0.2")).steps().get(1);
    assertInstanceOf(Step.Default.class, in.decidedBy());
  }

  @Test
  void aCustomAllowStillOpensAnIsolatedGroupBecauseIsolationHasTheLowestPriority() {
    NetworkBuilder b = pair("basic", "isolated", "ingress allow tcp 22 from group G");
    assertTrue(permitted(b, ssh("10.0.0.1", "10.0.0.2")));
    assertFalse(permitted(b, Flow.tcp("10.0.0.1", 40000, "10.0.0.2", 23)));
  }

  @Test
  void intraGroupAllowNeedsTheSourceNicInTheSameGroup() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("G", BASIC, INTERCONNECTED)
            .group("H", BASIC, INTERCONNECTED)
            .instance("A", "10.0.0.1", "G")
            .instance("B", "10.0.0.2", "H");
    assertFalse(permitted(b, ssh("10.0.0.1", "10.0.0.2")));
    assertFalse(permitted(b, ssh("10.0.0.2", "10.0.0.1")));
  }

  @Test
  void aSharedInterconnectedGroupWinsOverASharedIsolatedGroup() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("Iso", BASIC, ISOLATED)
            .rule("ingress deny all from any priority 1")
            .group("Con", BASIC, INTERCONNECTED)
            .instance("A", "10.0.0.1", "Iso", "Con")
            .instance("B", "10.0.0.2", "Con", "Iso");
    assertTrue(permitted(b, ssh("10.0.0.1", "10.0.0.2")));
    assertTrue(permitted(b, ssh("10.0.0.2", "10.0.0.1")));
  }

  @Test
  void ingressWithNoMatchingRuleIsDeniedForBasicAndAdvancedGroups() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("B", BASIC, INTERCONNECTED)
            .group("V", ADVANCED, ISOLATED)
            .instance("X", "10.0.0.1", "B")
            .instance("Y", "10.0.0.2", "V");
    for (String dst : new String[] {"10.0.0.1", "10.0.0.2"}) {
      NicDecision d = b.evaluator().evaluate(ssh(EXT, dst)).steps().get(0);
      assertFalse(d.allowed(), dst);
      assertInstanceOf(Step.Default.class, d.decidedBy());
    }
  }

  // ---- section 6: egress

  @Test
  void egressWithNoMatchingRuleIsAllowedForBasicAndDeniedForAdvanced() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("B", BASIC, INTERCONNECTED)
            .group("V", ADVANCED, ISOLATED)
            .instance("X", "10.0.0.1", "B")
            .instance("Y", "10.0.0.2", "V");
    assertTrue(permitted(b, ssh("10.0.0.1", EXT)));
    assertFalse(permitted(b, ssh("10.0.0.2", EXT)));
  }

  @Test
  void aCustomEgressDenyBlocksABasicGroupAndACustomAllowOpensAnAdvancedOne() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("B", BASIC, INTERCONNECTED)
            .rule("egress deny tcp 25 to 0.0.0.0/0")
            .group("V", ADVANCED, ISOLATED)
            .rule("egress allow tcp 443 to 0.0.0.0/0")
            .instance("X", "10.0.0.1", "B")
            .instance("Y", "10.0.0.2", "V");
    assertFalse(permitted(b, Flow.tcp("10.0.0.1", 999, EXT, 25)));
    assertTrue(permitted(b, Flow.tcp("10.0.0.1", 999, EXT, 26)));
    assertTrue(permitted(b, Flow.tcp("10.0.0.2", 999, EXT, 443)));
    assertFalse(permitted(b, Flow.tcp("10.0.0.2", 999, EXT, 444)));
  }

  @Test
  void egressHasNoIntraGroupStepSoAnEgressDenyBlocksFellowMembers() {
    NetworkBuilder b = pair("basic", "interconnected", "egress deny all to group G");
    Decision d = b.evaluator().evaluate(ssh("10.0.0.1", "10.0.0.2"));
    assertFalse(d.permitted());
    assertFalse(d.steps().get(0).allowed());
    assertTrue(d.steps().get(1).allowed(), "ingress alone would allow");
  }

  // ---- section 7: both ends

  @Test
  void nicToNicNeedsEgressAtTheSourceAndIngressAtTheDestination() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("S", BASIC, ISOLATED)
            .rule("egress deny tcp 22 to 10.0.0.2")
            .group("D", BASIC, ISOLATED)
            .rule("ingress allow tcp 22,23 from 10.0.0.0/24")
            .instance("SRC", "10.0.0.1", "S")
            .instance("DST", "10.0.0.2", "D")
            .instance("SRC2", "10.0.0.3", "S");
    assertFalse(permitted(b, ssh("10.0.0.1", "10.0.0.2")), "egress denies");
    assertTrue(permitted(b, Flow.tcp("10.0.0.1", 1, "10.0.0.2", 23)), "both allow");
    assertFalse(permitted(b, Flow.tcp("10.0.0.1", 1, "10.0.0.2", 24)), "ingress denies");
    Decision d = b.evaluator().evaluate(ssh("10.0.0.1", "10.0.0.2"));
    assertEquals(2, d.steps().size());
    assertEquals(Direction.EGRESS, d.steps().get(0).direction());
    assertEquals("SRC", d.steps().get(0).nic().id());
    assertEquals(Direction.INGRESS, d.steps().get(1).direction());
    assertEquals("DST", d.steps().get(1).nic().id());
    assertTrue(d.steps().get(1).allowed(), "both ends are evaluated even after a deny");
  }

  @Test
  void externalToNicChecksOnlyIngressAtTheDestination() {
    NetworkBuilder b = oneNic("ingress allow tcp 22 from any", "egress deny all to any");
    Decision d = b.evaluator().evaluate(ssh(EXT, "10.0.0.1"));
    assertTrue(d.permitted());
    assertEquals(1, d.steps().size());
    assertEquals(Direction.INGRESS, d.steps().get(0).direction());
  }

  @Test
  void nicToExternalChecksOnlyEgressAtTheSource() {
    NetworkBuilder b = oneNic("egress allow tcp 22 to any", "ingress deny all from any");
    Decision d = b.evaluator().evaluate(ssh("2001:db8::1", EXT6));
    assertTrue(d.permitted());
    assertEquals(1, d.steps().size());
    assertEquals(Direction.EGRESS, d.steps().get(0).direction());
  }

  @Test
  void evaluateRejectsAFlowBetweenTwoExternalAddresses() {
    assertThrows(
        IllegalArgumentException.class,
        () -> oneNic().evaluator().evaluate(ssh(EXT, "198.51.100.8")));
  }

  @Test
  void evaluateRejectsAFlowWithinOneNicEvenBetweenTwoOfItsAddresses() {
    NetworkBuilder b =
        new NetworkBuilder().group("G").instance("A", "10.0.0.1, 10.0.0.5", "G");
    assertThrows(IllegalArgumentException.class, () -> b.evaluator().evaluate(ssh("10.0.0.1", "10.0.0.5")));
    assertThrows(IllegalArgumentException.class, () -> b.evaluator().evaluate(ssh("10.0.0.1", "10.0.0.1")));
  }

  // ---- section 8: legacy default rules

  private static NetworkBuilder legacy(String... rules) {
    NetworkBuilder b = new NetworkBuilder().group("L", BASIC, ISOLATED).legacyDefault();
    for (String r : rules) {
      b.rule(r);
    }
    return b.instance("ECS1", "10.0.0.1, 2001:db8::1", "L");
  }

  @Test
  void legacyDefaultRulesBeatTheIngressDefault() {
    NetworkBuilder b = legacy();
    assertTrue(permitted(b, ssh(EXT, "10.0.0.1")));
    assertTrue(permitted(b, Flow.tcp(EXT, 1, "10.0.0.1", 3389)));
    assertTrue(permitted(b, Flow.of(EXT, "10.0.0.1", Protocols.ICMP, 0, 0)));
    assertFalse(permitted(b, Flow.tcp(EXT, 1, "10.0.0.1", 80)));
    assertFalse(permitted(b, ssh(EXT6, "2001:db8::1")), "legacy rules are IPv4 only");
  }

  @Test
  void legacyDefaultRulesLoseToAnyCustomRuleEvenAtPriority100() {
    NetworkBuilder b = legacy("ingress deny tcp 22 from 0.0.0.0/0 priority 100");
    assertFalse(permitted(b, ssh(EXT, "10.0.0.1")));
    assertTrue(permitted(b, Flow.tcp(EXT, 1, "10.0.0.1", 3389)));
    NetworkBuilder e = legacy("egress deny tcp 25 to any priority 100");
    assertFalse(permitted(e, Flow.tcp("10.0.0.1", 1, EXT, 25)));
    assertTrue(permitted(e, Flow.tcp("10.0.0.1", 1, EXT, 26)));
  }

  @Test
  void legacyEgressAllowBeatsTheAdvancedEgressDefault() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("V", ADVANCED, ISOLATED)
            .legacyDefault()
            .instance("Y", "10.0.0.2, 2001:db8::2", "V");
    assertTrue(permitted(b, Flow.of("10.0.0.2", EXT, 132, 0, 0)));
    assertTrue(permitted(b, Flow.of("2001:db8::2", EXT6, 132, 0, 0)),
        "the legacy egress allow covers IPv6 too (::/0)");
  }

  // ---- multi-NIC instances: isolation is per NIC

  private static final NetworkBuilder MULTI =
      new NetworkBuilder()
          .group("Front", BASIC, INTERCONNECTED)
          .group("Back", BASIC, INTERCONNECTED)
          .instance("GW", nic("eth0", "10.0.0.1", "Front"), nic("eth1", "10.0.1.1, 2001:db8::1", "Back"))
          .instance("WEB", "10.0.0.2", "Front")
          .instance("DB", "10.0.1.2, 2001:db8::2", "Back");

  @Test
  void isolationIsPerNicNotPerInstance() {
    assertTrue(permitted(MULTI, ssh("10.0.0.2", "10.0.0.1")), "WEB shares Front with eth0");
    assertFalse(permitted(MULTI, ssh("10.0.0.2", "10.0.1.1")), "but not Back with eth1");
    assertTrue(permitted(MULTI, ssh("2001:db8::2", "2001:db8::1")));
    assertFalse(permitted(MULTI, ssh("10.0.0.2", "10.0.1.2")));
  }

  @Test
  void twoNicsOfOneInstanceAreDistinctEndsOfAFlow() {
    Decision d = MULTI.evaluator().evaluate(ssh("10.0.0.1", "10.0.1.1"));
    assertFalse(d.permitted(), "eth0 and eth1 share no group");
    assertEquals("GW.eth0", d.steps().get(0).nic().id());
    assertEquals("GW.eth1", d.steps().get(1).nic().id());
  }

  // ---- IPv6 and protocol classes

  @Test
  void ipv6FlowsAreDecidedByIpv6Rules() {
    NetworkBuilder b =
        oneNic("ingress allow tcp 443 from 2001:db8:1::/48", "ingress allow icmpv6 from ::/0");
    assertTrue(permitted(b, Flow.tcp(EXT6, 5, "2001:db8::1", 443)));
    assertFalse(permitted(b, Flow.tcp("2001:db8:2::1", 5, "2001:db8::1", 443)));
    assertTrue(permitted(b, Flow.of(EXT6, "2001:db8::1", Protocols.ICMPV6, 0, 0)));
    assertFalse(permitted(b, Flow.of(EXT, "10.0.0.1", Protocols.ICMP, 0, 0)));
  }

  @Test
  void icmpIsIpv4OnlyAndIcmpv6IsIpv6Only() {
    assertThrows(IllegalArgumentException.class, () -> Flow.of(EXT6, "2001:db8::1", Protocols.ICMP, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Flow.of(EXT, "10.0.0.1", Protocols.ICMPV6, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Flow.of(EXT, "2001:db8::1", Protocols.GRE, 0, 0));
  }

  @Test
  void greIsMatchedByGreAndAllRulesOnly() {
    NetworkBuilder b = oneNic("ingress allow gre from any", "ingress allow icmp from any");
    assertTrue(permitted(b, Flow.of(EXT, "10.0.0.1", Protocols.GRE, 0, 0)));
    assertTrue(permitted(b, Flow.of(EXT6, "2001:db8::1", Protocols.GRE, 0, 0)));
    assertFalse(permitted(b, Flow.of(EXT6, "2001:db8::1", Protocols.ICMPV6, 0, 0)));
    assertFalse(permitted(b, Flow.of(EXT, "10.0.0.1", 132, 0, 0)));
  }
}

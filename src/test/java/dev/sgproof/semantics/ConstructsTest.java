package dev.sgproof.semantics;

import static dev.sgproof.semantics.Specs.assertDiagnostic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.model.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each construct of language.md, resolved. */
class ConstructsTest {
  private static Spec clean(String name) {
    LoadResult r = Specs.loadResource(ConstructsTest.class, name);
    Specs.assertClean(r);
    return r.spec();
  }

  @Test
  void anyPeerBecomesOneRulePerIpVersionAndApiWordsMeanAllowAndDeny() {
    List<Rule> rules = clean("any_peer_and_api_words.sg").network().groupNamed("G").rules();
    assertEquals(4, rules.size());
    assertEquals(new Peer.CidrPeer(Cidr.ANY_V4), rules.get(0).peer());
    assertEquals(new Peer.CidrPeer(Cidr.ANY_V6), rules.get(1).peer());
    assertEquals(Action.ALLOW, rules.get(0).action());
    assertEquals(new PortRange(1024, 65535), rules.get(0).srcPorts());
    assertEquals(7, rules.get(0).priority());
    assertEquals(Action.DENY, rules.get(2).action());
    assertEquals(Proto.GRE, rules.get(2).protocol());
    assertEquals(Direction.EGRESS, rules.get(3).direction());
  }

  @Test
  void legacyDefaultGroupGetsThePriority110RulesOfTheOldDefaultGroup() {
    Group g = clean("legacy_default_group.sg").network().groupNamed("Old");
    assertTrue(g.legacyDefault());
    assertEquals(6, g.rules().size());
    List<Rule> legacy = g.rules().stream().filter(Rule::legacy).toList();
    assertEquals(5, legacy.size());
    assertTrue(legacy.stream().allMatch(r -> r.priority() == Rule.LEGACY_PRIORITY));
    assertTrue(legacy.stream().allMatch(r -> r.span().equals(g.span())));
    assertEquals(1, g.span().line());
    assertEquals(7, g.span().column());
    assertEquals(
        List.of(
            "ingress allow icmp from 0.0.0.0/0 priority 110",
            "ingress allow tcp 22 from 0.0.0.0/0 priority 110",
            "ingress allow tcp 3389 from 0.0.0.0/0 priority 110",
            "egress allow all to 0.0.0.0/0 priority 110",
            "egress allow all to ::/0 priority 110"),
        legacy.stream().map(Rule::text).toList());
  }

  @Test
  void statementsMaySpanLinesAndOptionsDefault() {
    Spec s = clean("defaults_and_layout.sg");
    assertEquals(GroupType.BASIC, s.network().groupNamed("B").type());
    assertEquals(Policy.INTERCONNECTED, s.network().groupNamed("B").policy());
    assertEquals(Policy.ISOLATED, s.network().groupNamed("A").policy());
    assertEquals(List.of("B"), s.network().nic("X").orElseThrow().groups());
    assertEquals("tight", s.assertions().get(0).label());
    assertEquals(new Endpoint.CidrEndpoint(Cidr.of("10.0.0.3/32")), s.assertions().get(0).right());
    assertEquals(new Traffic(Proto.TCP, List.of()), s.assertions().get(0).traffic());
    assertEquals(new Endpoint.CidrEndpoint(Cidr.of("fe80::1/128")), s.assertions().get(2).left());
    assertEquals(
        List.of(new PortRange(1, 100), PortRange.single(200)),
        s.assertions().get(2).traffic().portRanges());
    assertEquals("fe80::1 -> Y.a unreachable udp 1-100,200", s.assertions().get(2).text());
  }

  @Test
  void acceptsAnInstanceWithTwoNicsTalkingToItselfAndHostCidrsAsNicAddresses() {
    Spec s = clean("two_nic_instance_to_itself.sg");
    assertEquals(2, s.assertions().size());
    assertEquals(
        List.of(
            dev.sgproof.model.IpAddress.of("10.0.0.9"),
            dev.sgproof.model.IpAddress.of("2001:db8::9")),
        s.network().nic("Z").orElseThrow().addresses());
  }

  @Test
  void reportsEveryErrorOfAFileInOneRun() {
    LoadResult r = Specs.loadResource(ConstructsTest.class, "several_errors.sg");
    assertDiagnostic(r, DiagnosticCode.SG011, 2, 21, 1);
    assertDiagnostic(r, DiagnosticCode.SG010, 2, 48, 3);
    assertDiagnostic(r, DiagnosticCode.SG013, 3, 21, 1);
    assertDiagnostic(r, DiagnosticCode.SG030, 3, 32, 4);
    assertDiagnostic(r, DiagnosticCode.SG030, 5, 27, 7);
    assertDiagnostic(r, DiagnosticCode.SG033, 6, 10, 1);
    assertDiagnostic(r, DiagnosticCode.SG034, 6, 15, 8);
    assertDiagnostic(r, DiagnosticCode.SG035, 6, 10, 1);
    assertDiagnostic(r, DiagnosticCode.SG031, 7, 8, 5);
    assertEquals(9, r.diagnostics().size(), Specs.describe(r));
    assertTrue(r.hasErrors());
  }
}

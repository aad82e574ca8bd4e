package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Action;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.model.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of language.md parses cleanly and resolves to the model it describes. */
class LanguageExampleTest {
  private final LoadResult result =
      Specs.loadResource(LanguageExampleTest.class, "language_example.sg");

  private Spec spec() {
    Specs.assertClean(result);
    return result.spec();
  }

  @Test
  void loadsWithoutDiagnostics() {
    Specs.assertClean(result);
    assertEquals("language_example.sg", spec().file());
  }

  @Test
  void groupsHaveTheirTypesAndPolicies() {
    Network n = spec().network();
    assertEquals(
        List.of("Group1", "Group2", "Web", "Vault"), n.groups().stream().map(Group::name).toList());
    assertEquals(Policy.ISOLATED, n.groupNamed("Group1").policy());
    assertEquals(Policy.INTERCONNECTED, n.groupNamed("Group2").policy());
    assertEquals(GroupType.BASIC, n.groupNamed("Web").type());
    assertEquals(GroupType.ADVANCED, n.groupNamed("Vault").type());
    assertEquals(Policy.ISOLATED, n.groupNamed("Vault").policy());
    assertEquals(2, n.groupNamed("Vault").rules().size());
  }

  @Test
  void portListsExpandToOneRulePerRangeWithTheSpanOfTheSourceRule() {
    List<Rule> web = spec().network().groupNamed("Web").rules();
    assertEquals(8, web.size());
    Rule r80 = web.get(0);
    Rule r443 = web.get(1);
    assertEquals(PortRange.single(80), r80.dstPorts());
    assertEquals(PortRange.single(443), r443.dstPorts());
    assertEquals(r80.span(), r443.span());
    assertEquals(5, r80.line());
    assertEquals(3, r80.span().column());
    assertEquals(new Peer.CidrPeer(Cidr.of("0.0.0.0/0")), r80.peer());
    assertEquals(1, r80.priority());
    assertEquals(PortRange.ALL, r80.srcPorts());
  }

  @Test
  void rulesCarryPeersPrioritiesAndActions() {
    List<Rule> web = spec().network().groupNamed("Web").rules();
    assertEquals(new Peer.CidrPeer(Cidr.of("203.0.113.7/32")), web.get(2).peer());
    assertEquals(5, web.get(2).priority());
    assertEquals(Action.DENY, web.get(3).action());
    assertEquals(Proto.ALL, web.get(3).protocol());
    assertEquals(100, web.get(3).priority());
    assertEquals(new Peer.GroupPeer("Group2"), web.get(4).peer());
    assertEquals(Direction.EGRESS, web.get(5).direction());
    assertEquals(new PortRange(1000, 2000), web.get(6).dstPorts());
    assertEquals(new Peer.CidrPeer(Cidr.of("2001:db8::/32")), web.get(6).peer());
    assertEquals(Proto.ICMP, web.get(7).protocol());
    assertTrue(web.stream().noneMatch(Rule::legacy));
  }

  @Test
  void nicsHaveIdsAddressesAndGroups() {
    Network n = spec().network();
    assertEquals(
        List.of("ECS1", "ECS2", "ECS3.eth0", "ECS3.eth1"), n.nics().stream().map(Nic::id).toList());
    Nic ecs2 = n.nic("ECS2").orElseThrow();
    assertEquals("", ecs2.nicName());
    assertEquals(List.of("Group1", "Group2"), ecs2.groups());
    Nic eth1 = n.nic("ECS3.eth1").orElseThrow();
    assertEquals("eth1", eth1.nicName());
    assertEquals("ECS3", eth1.instance());
    assertEquals(List.of(IpAddress.of("10.0.1.3"), IpAddress.of("2001:db8::3")), eth1.addresses());
    assertTrue(n.instance("ECS1").orElseThrow().oneLine());
    assertFalse(n.instance("ECS3").orElseThrow().oneLine());
    assertEquals(List.of("ECS1", "ECS2"), n.members("Group1").stream().map(Nic::id).toList());
  }

  @Test
  void assertionsHaveKindsEndpointsTrafficLabelsAndText() {
    List<Assertion> a = spec().assertions();
    assertEquals(7, a.size());
    assertEquals(AssertionKind.ISOLATED, a.get(0).kind());
    assertEquals(new Endpoint.InstanceEndpoint("ECS1"), a.get(0).left());
    assertEquals(Traffic.ANY, a.get(0).traffic());
    assertEquals("ECS1 <-> ECS2 isolated", a.get(0).text());
    assertEquals("", a.get(0).label());
    assertEquals(25, a.get(0).line());
    assertEquals(AssertionKind.INTERCONNECTED, a.get(1).kind());
    assertEquals(AssertionKind.UNREACHABLE, a.get(2).kind());
    assertEquals(new Traffic(Proto.TCP, List.of(PortRange.single(22))), a.get(2).traffic());
    assertEquals("web is public", a.get(3).label());
    assertEquals(new Endpoint.InternetEndpoint(), a.get(3).left());
    assertEquals(new Endpoint.GroupEndpoint("Web"), a.get(3).right());
    assertEquals("internet -> group Web reachable tcp 80,443", a.get(3).text());
    assertEquals(new Endpoint.NicEndpoint("ECS3.eth1"), a.get(4).right());
    assertEquals(new Endpoint.CidrEndpoint(Cidr.of("10.0.0.0/8")), a.get(5).left());
    assertEquals(new Traffic(Proto.ICMP, List.of()), a.get(5).traffic());
    assertEquals(AssertionKind.ONLY, a.get(6).kind());
    assertEquals(
        new Traffic(Proto.TCP, List.of(PortRange.single(80), PortRange.single(443))),
        a.get(6).traffic());
  }
}

package dev.sgproof.semantics;

import static dev.sgproof.semantics.Specs.assertDiagnostic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.Severity;
import org.junit.jupiter.api.Test;

/** Every validity diagnostic: its code and the span of the offending token (not the message). */
class ValidityDiagnosticsTest {
  private static LoadResult load(String name) {
    return Specs.loadResource(ValidityDiagnosticsTest.class, name);
  }

  @Test
  void rejectsPriorityAbove100() {
    assertDiagnostic(load("rejects_priority_above100.sg"), DiagnosticCode.SG010, 2, 49, 3);
  }

  @Test
  void rejectsPriorityZero() {
    assertDiagnostic(load("rejects_priority_zero.sg"), DiagnosticCode.SG010, 2, 49, 1);
  }

  @Test
  void rejectsPortAbove65535() {
    assertDiagnostic(load("rejects_port_above65535.sg"), DiagnosticCode.SG011, 2, 21, 5);
  }

  @Test
  void rejectsPortZeroInSourcePorts() {
    assertDiagnostic(load("rejects_port_zero_in_source_ports.sg"), DiagnosticCode.SG011, 2, 46, 1);
  }

  @Test
  void rejectsFourHundredDigitPort() {
    assertDiagnostic(load("rejects_four_hundred_digit_port.sg"), DiagnosticCode.SG011, 2, 21, 400);
  }

  @Test
  void rejectsPortRangeReversed() {
    assertDiagnostic(load("rejects_port_range_reversed.sg"), DiagnosticCode.SG012, 2, 21, 9);
  }

  @Test
  void rejectsPortsOnIcmp() {
    assertDiagnostic(load("rejects_ports_on_icmp.sg"), DiagnosticCode.SG013, 2, 22, 2);
  }

  @Test
  void rejectsSourcePortsOnAll() {
    assertDiagnostic(load("rejects_source_ports_on_all.sg"), DiagnosticCode.SG013, 2, 39, 4);
  }

  @Test
  void rejectsMalformedPeerAddress() {
    assertDiagnostic(load("rejects_malformed_peer_address.sg"), DiagnosticCode.SG014, 2, 26, 10);
  }

  @Test
  void rejectsPrefixLongerThanTheAddress() {
    assertDiagnostic(
        load("rejects_prefix_longer_than_the_address.sg"), DiagnosticCode.SG014, 2, 26, 11);
  }

  @Test
  void rejectsMalformedIpv6Peer() {
    assertDiagnostic(load("rejects_malformed_ipv6_peer.sg"), DiagnosticCode.SG014, 2, 26, 12);
  }

  @Test
  void rejectsMalformedNicAddress() {
    assertDiagnostic(load("rejects_malformed_nic_address.sg"), DiagnosticCode.SG014, 2, 15, 9);
  }

  @Test
  void rejectsNicAddressWrittenAsBlock() {
    assertDiagnostic(
        load("rejects_nic_address_written_as_block.sg"), DiagnosticCode.SG015, 2, 15, 11);
  }

  @Test
  void rejectsIngressRuleWithTo() {
    assertDiagnostic(load("rejects_ingress_rule_with_to.sg"), DiagnosticCode.SG016, 2, 24, 2);
  }

  @Test
  void rejectsEgressRuleWithFrom() {
    assertDiagnostic(load("rejects_egress_rule_with_from.sg"), DiagnosticCode.SG016, 2, 23, 4);
  }

  @Test
  void rejectsRepeatedGroupOption() {
    assertDiagnostic(load("rejects_repeated_group_option.sg"), DiagnosticCode.SG017, 1, 15, 5);
  }

  @Test
  void rejectsConflictingGroupType() {
    assertDiagnostic(load("rejects_conflicting_group_type.sg"), DiagnosticCode.SG017, 1, 15, 8);
  }

  @Test
  void rejectsConflictingGroupPolicy() {
    assertDiagnostic(load("rejects_conflicting_group_policy.sg"), DiagnosticCode.SG017, 1, 18, 14);
  }

  @Test
  void rejectsRepeatedPriority() {
    assertDiagnostic(load("rejects_repeated_priority.sg"), DiagnosticCode.SG018, 2, 51, 8);
  }

  @Test
  void rejectsNicMixingBasicAndAdvancedGroups() {
    assertDiagnostic(
        load("rejects_nic_mixing_basic_and_advanced_groups.sg"), DiagnosticCode.SG020, 3, 30, 1);
  }

  @Test
  void rejectsAdvancedGroupAsRulePeer() {
    assertDiagnostic(
        load("rejects_advanced_group_as_rule_peer.sg"), DiagnosticCode.SG021, 3, 35, 1);
  }

  @Test
  void rejectsGroupPeerInAdvancedGroup() {
    assertDiagnostic(
        load("rejects_group_peer_in_advanced_group.sg"), DiagnosticCode.SG022, 3, 29, 7);
  }

  @Test
  void rejectsInterconnectedAdvancedGroup() {
    assertDiagnostic(
        load("rejects_interconnected_advanced_group.sg"), DiagnosticCode.SG023, 1, 18, 14);
  }

  @Test
  void rejectsUnknownGroupPeer() {
    assertDiagnostic(load("rejects_unknown_group_peer.sg"), DiagnosticCode.SG030, 2, 35, 7);
  }

  @Test
  void rejectsUnknownGroupOnNic() {
    assertDiagnostic(load("rejects_unknown_group_on_nic.sg"), DiagnosticCode.SG030, 2, 27, 7);
  }

  @Test
  void rejectsUnknownGroupEndpoint() {
    assertDiagnostic(load("rejects_unknown_group_endpoint.sg"), DiagnosticCode.SG030, 3, 26, 7);
  }

  @Test
  void rejectsUnknownInstanceEndpoint() {
    assertDiagnostic(load("rejects_unknown_instance_endpoint.sg"), DiagnosticCode.SG031, 3, 20, 5);
  }

  @Test
  void rejectsUnknownNic() {
    assertDiagnostic(load("rejects_unknown_nic.sg"), DiagnosticCode.SG032, 5, 22, 4);
  }

  @Test
  void rejectsNicNameOnOneLineInstance() {
    assertDiagnostic(
        load("rejects_nic_name_on_one_line_instance.sg"), DiagnosticCode.SG032, 3, 22, 4);
  }

  @Test
  void rejectsDuplicateGroup() {
    assertDiagnostic(load("rejects_duplicate_group.sg"), DiagnosticCode.SG033, 2, 7, 1);
  }

  @Test
  void rejectsDuplicateInstance() {
    assertDiagnostic(load("rejects_duplicate_instance.sg"), DiagnosticCode.SG033, 3, 10, 1);
  }

  @Test
  void rejectsDuplicateNicName() {
    assertDiagnostic(load("rejects_duplicate_nic_name.sg"), DiagnosticCode.SG033, 4, 7, 4);
  }

  @Test
  void rejectsAddressOnTwoNics() {
    assertDiagnostic(load("rejects_address_on_two_nics.sg"), DiagnosticCode.SG034, 3, 15, 8);
  }

  @Test
  void rejectsAddressTwiceOnOneNic() {
    assertDiagnostic(load("rejects_address_twice_on_one_nic.sg"), DiagnosticCode.SG034, 2, 28, 13);
  }

  @Test
  void rejectsNicWithNoGroup() {
    assertDiagnostic(load("rejects_nic_with_no_group.sg"), DiagnosticCode.SG035, 3, 7, 4);
  }

  @Test
  void rejectsSameGroupTwiceOnNic() {
    assertDiagnostic(load("rejects_same_group_twice_on_nic.sg"), DiagnosticCode.SG036, 2, 30, 1);
  }

  @Test
  void rejectsInstanceWithoutNic() {
    assertDiagnostic(load("rejects_instance_without_nic.sg"), DiagnosticCode.SG037, 1, 10, 5);
  }

  @Test
  void rejectsEmptyGroupEndpoint() {
    assertDiagnostic(load("rejects_empty_group_endpoint.sg"), DiagnosticCode.SG040, 4, 26, 5);
  }

  @Test
  void rejectsInternetToInternet() {
    assertDiagnostic(load("rejects_internet_to_internet.sg"), DiagnosticCode.SG041, 1, 17, 2);
  }

  @Test
  void rejectsInternetToCidrWithoutNic() {
    assertDiagnostic(
        load("rejects_internet_to_cidr_without_nic.sg"), DiagnosticCode.SG041, 3, 17, 2);
  }

  @Test
  void rejectsOneNicInstanceToItself() {
    assertDiagnostic(load("rejects_one_nic_instance_to_itself.sg"), DiagnosticCode.SG041, 3, 10, 3);
  }

  @Test
  void rejectsEndpointsWithNoCommonIpVersion() {
    assertDiagnostic(
        load("rejects_endpoints_with_no_common_ip_version.sg"), DiagnosticCode.SG041, 4, 10, 2);
  }

  @Test
  void rejectsIcmpWithoutIpv4PairAtTheTraffic() {
    assertDiagnostic(load("rejects_icmp_without_ipv4_pair.sg"), DiagnosticCode.SG041, 4, 25, 4);
  }

  @Test
  void rejectsIcmpv6WithoutIpv6PairAtTheTraffic() {
    assertDiagnostic(load("rejects_icmpv6_without_ipv6_pair.sg"), DiagnosticCode.SG041, 4, 27, 6);
  }

  @Test
  void rejectsAUnionWithoutAnItemForTheEndpointsAtTheWholeTraffic() {
    assertDiagnostic(load("rejects_union_without_an_item_for_the_endpoints.sg"),
        DiagnosticCode.SG041, 4, 25, 15);
  }

  @Test
  void acceptsAUnionItemWithoutFlowsForTheEndpoints() {
    LoadResult r = load("accepts_union_item_without_flows_for_the_endpoints.sg");
    Specs.assertClean(r);
    assertEquals("tcp 80 + icmpv6", r.spec().assertions().get(0).traffic().toString());
  }

  @Test
  void rejectsPortsOnIcmpAtTheUnionItem() {
    assertDiagnostic(load("rejects_union_item_with_ports_on_icmp.sg"), DiagnosticCode.SG042, 4, 39, 1);
  }

  @Test
  void rejectsAPortAbove65535AtTheUnionItem() {
    assertDiagnostic(
        load("rejects_union_item_with_port_above65535.sg"), DiagnosticCode.SG011, 4, 41, 5);
  }

  @Test
  void rejectsAReversedRangeAtTheUnionItem() {
    assertDiagnostic(
        load("rejects_union_item_with_reversed_range.sg"), DiagnosticCode.SG012, 4, 38, 9);
  }

  @Test
  void rejectsTrafficPortsOnGre() {
    assertDiagnostic(load("rejects_traffic_ports_on_gre.sg"), DiagnosticCode.SG042, 4, 29, 2);
  }

  @Test
  void rejectsOneWayArrowWithIsolated() {
    assertDiagnostic(
        load("rejects_one_way_arrow_with_isolated.sg"), DiagnosticCode.SG043, 4, 15, 8);
  }

  @Test
  void rejectsTwoWayArrowWithReachable() {
    assertDiagnostic(
        load("rejects_two_way_arrow_with_reachable.sg"), DiagnosticCode.SG043, 4, 16, 9);
  }

  @Test
  void rejectsOnlyWithoutTraffic() {
    assertDiagnostic(load("rejects_only_without_traffic.sg"), DiagnosticCode.SG044, 4, 15, 4);
  }

  @Test
  void acceptsOnlyAllWithAWarningThatItMeansReachable() {
    LoadResult r = load("warns_only_all.sg");
    Diagnostic d = assertDiagnostic(r, DiagnosticCode.SG112, 4, 20, 3);
    assertEquals(Severity.WARNING, d.severity());
    assertFalse(r.hasErrors(), Specs.describe(r));
    assertEquals(dev.sgproof.model.Traffic.ANY, r.spec().assertions().get(0).traffic());
    LoadResult u = load("warns_only_all_in_a_union.sg");
    assertDiagnostic(u, DiagnosticCode.SG112, 4, 29, 3);
    assertFalse(u.hasErrors(), Specs.describe(u));
  }

  @Test
  void warnsIcmpRuleWithIpv6Peer() {
    assertDiagnostic(load("warns_icmp_rule_with_ipv6_peer.sg"), DiagnosticCode.SG110, 2, 27, 13);
  }

  @Test
  void warnsIcmpv6RuleWithIpv4Peer() {
    assertDiagnostic(load("warns_icmpv6_rule_with_ipv4_peer.sg"), DiagnosticCode.SG110, 2, 26, 10);
  }

  @Test
  void warnsAboutHostBitsInRuleCidr() {
    assertDiagnostic(
        load("warns_about_host_bits_in_rule_cidr.sg"), DiagnosticCode.SG111, 2, 26, 10);
  }

  @Test
  void warnsAboutMoreThanFiveGroupsOnNic() {
    assertDiagnostic(
        load("warns_about_more_than_five_groups_on_nic.sg"), DiagnosticCode.SG104, 7, 47, 2);
  }
}

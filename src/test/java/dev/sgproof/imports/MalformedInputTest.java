package dev.sgproof.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each malformed input: one clear line naming the file and the JSON path, exit 2, no trace. */
class MalformedInputTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      alibaba   | port_range_reversed.json      | $.Permissions.Permission[3].PortRange: "200/1" is not a valid range
      alibaba   | unknown_protocol.json         | $.Permissions.Permission[0].IpProtocol: "SCTP" is not a known protocol (tcp, udp, icmp, icmpv6, gre or all)
      alibaba   | invalid_cidr.json             | $.Permissions.Permission[0].DestCidrIp: "10.0.0.300/8" is not a valid CIDR block or address
      alibaba   | missing_direction.json        | $.Permissions.Permission[0].Direction: is missing
      alibaba   | wrong_type.json               | $.Permissions.Permission: expected an array, found an object
      alibaba   | priority_out_of_range.json    | $.Permissions.Permission[0].Priority: 300 is not a valid priority (1..100, or the legacy 110)
      alibaba   | no_peer.json                  | $.Permissions.Permission[0]: rule has no source (no CIDR, group or prefix list)
      alibaba   | ports_on_icmp.json            | $.Permissions.Permission[0].PortRange: "1/200" is not a valid range for icmp (only -1/-1)
      alibaba   | bad_nic_address.json          | $.NetworkInterfaceSets.NetworkInterfaceSet[0].PrivateIpAddress: "10.0.0.1.5" is not a valid IP address
      alibaba   | truncated.json                | $.Permissions.Permission[0].Direction: invalid JSON at line 2, column 37: the JSON ends early (truncated?)
      alibaba   | not_a_response.json           | $: not a known response (expected DescribeSecurityGroupAttribute, DescribeSecurityGroups, DescribeNetworkInterfaces, DescribeInstances, DescribePrefixListAttributes or DescribePrefixLists)
      alibaba   | prefix_mixed.json             | $.Entries.Entry[1].Cidr: 2001:db8::/32 is an IPv6 block, but prefix list pl-bp1mixed0000001 is IPv4 (a list never mixes families)
      alibaba   | prefix_bad_family.json        | $.AddressFamily: "IPv5" is not an address family (IPv4 or IPv6)
      alibaba   | prefix_bad_entry.json         | $.Entries[0].Cidr: "192.0.2.1/24" is not a valid CIDR block (host bits are set)
      alibaba   | control_chars.json            | $.Permissions.Permission[0].PortRange: "22/22\\u000Aassert x" is not a valid range (N/M or -1/-1)
      terraform | terraform_bad_port_range.json | $.values.root_module.resources[1].values.port_range: "0/70000" is not a valid range
      terraform | not_a_response.json           | $: not terraform show -json output (no values or planned_values)
      """)
  void reportsFileAndJsonPath(String kind, String file, String message) {
    Path p = ImportTest.DIR.resolve("malformed").resolve(file);
    ImportTest.Run r = ImportTest.cli("import", kind, p.toString());
    assertEquals(2, r.exit());
    assertEquals(p + ": " + message + System.lineSeparator(), r.err());
    assertEquals("", r.out());
    assertFalse(r.err().contains("Exception"));
  }

  @ParameterizedTest
  @CsvSource({"alibaba, no_such_file.json", "terraform, no_such_file.json"})
  void saysAMissingFileDoesNotExistWithoutAnExceptionName(String kind, String file) {
    Path p = ImportTest.DIR.resolve("malformed").resolve(file);
    ImportTest.Run r = ImportTest.cli("import", kind, p.toString());
    assertEquals(2, r.exit());
    assertEquals(p + ": does not exist" + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }
}

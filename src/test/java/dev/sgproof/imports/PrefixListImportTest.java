package dev.sgproof.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 2: a prefix-list peer is the union of the list's CIDRs (alibaba-inputs.md,
 * "Prefix lists"), one spec rule per CIDR; an empty list matches nothing; a list whose entries are
 * not in the input is refused, not dropped.
 */
class PrefixListImportTest {
  static final Path DIR = ImportTest.DIR.resolve("prefix");
  static final List<String> ALL = List.of("attribute_pl.json", "prefix_office.json",
      "prefix_bad_v6.json", "prefix_empty.json", "prefix_lists.json", "groups_pl.json",
      "interfaces_pl.json");

  static ImportTest.Run importAlibaba(List<String> flags, List<String> files) {
    List<String> args = new ArrayList<>(List.of("import", "alibaba"));
    args.addAll(flags);
    files.forEach(f -> args.add(DIR.resolve(f).toString()));
    return ImportTest.cli(args.toArray(String[]::new));
  }

  static List<String> without(String file) {
    List<String> files = new ArrayList<>(ALL);
    assertTrue(files.remove(file));
    return files;
  }

  @Test
  void aPrefixListPeerBecomesOneRulePerCidrOfTheList() throws IOException {
    ImportTest.Run r = importAlibaba(List.of(), ALL);
    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(DIR.resolve("prefix.sg")), r.out());
    assertEquals("", r.err());
    assertEquals(List.of("proved", "proved", "proved", "proved", "proved", "proved"),
        HostileInputTest.verdicts(r.out(), List.of(
            "assert 192.0.2.9 -> 10.0.5.5 reachable tcp 443",
            "assert 198.51.100.7 -> 10.0.5.5 reachable tcp 443",
            "assert 198.51.100.8 -> 10.0.5.5 unreachable tcp 443",
            "assert 2408:4000::5 -> 2001:db8:bad::1 unreachable",
            "assert 2408:4000::5 -> 2001:db8:beef::1 reachable",
            "assert 192.0.2.9 -> 10.0.5.5 unreachable udp 53")));
  }

  @Test
  void anEmptyPrefixListMatchesNothingAndSaysSo() {
    ImportTest.Run r = importAlibaba(List.of(), ALL);
    assertTrue(r.out().contains("  # sgr-bp1p0003 ingress allow udp 53 from prefix-list"
        + " pl-bp1empty0000001: prefix list pl-bp1empty0000001 is empty, so the rule matches"
        + " nothing\n"), r.out());
    assertTrue(r.out().lines().noneMatch(l -> l.startsWith("  ingress allow udp")), r.out());
  }

  @Test
  void theOrderOfTheInputFilesDoesNotMatter() {
    List<String> reversed = new ArrayList<>(ALL);
    Collections.reverse(reversed);
    assertEquals(importAlibaba(List.of(), ALL).out(), importAlibaba(List.of(), reversed).out());
  }

  @Test
  void aPrefixListMissingFromTheInputIsRefusedNamingTheRuleAndWhatToAdd() {
    List<String> files = without("prefix_bad_v6.json");
    files.remove("prefix_lists.json");
    ImportTest.Run r = importAlibaba(List.of(), files);
    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith(DIR.resolve("attribute_pl.json")
        + ": $.Permissions.Permission[1]: error: rule sgr-bp1p0002 of security group"
        + " sg-bp1app0000000001 (egress deny all to prefix-list pl-bp1badv6000001 priority 2) not"
        + " imported: its destination is prefix list pl-bp1badv6000001, which is not in the input;"
        + " add the list's DescribePrefixListAttributes response"), r.err());
    assertTrue(lines.get(1).contains("--allow-partial"), r.err());
  }

  @Test
  void aPrefixListNamedWithoutItsEntriesIsRefused() {
    ImportTest.Run r = importAlibaba(List.of(), without("prefix_office.json"));
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("rule sgr-bp1p0001 of security group sg-bp1app0000000001"
        + " (ingress allow tcp 443 from prefix-list pl-bp1office000001 priority 5) not imported:"
        + " its source is prefix list pl-bp1office000001, whose entries are not in the input"),
        r.err());
  }

  @Test
  void aDescribePrefixListAttributesResponseWithoutEntriesLeavesTheEntriesUnknown(
      @TempDir Path tmp) throws IOException {
    Path noEntries = tmp.resolve("office.json");
    Files.writeString(noEntries, "{ \"PrefixListId\": \"pl-bp1office000001\","
        + " \"AddressFamily\": \"IPv4\" }");
    List<String> args = new ArrayList<>(List.of("import", "alibaba", noEntries.toString()));
    without("prefix_office.json").forEach(f -> args.add(DIR.resolve(f).toString()));
    ImportTest.Run r = ImportTest.cli(args.toArray(String[]::new));
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("whose entries are not in the input"), r.err());
  }

  @Test
  void terraformPrefixListsResolveThroughPlanReferences() throws IOException {
    ImportTest.Run r = ImportTest.cli("import", "terraform",
        DIR.resolve("terraform_plan_pl.json").toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(DIR.resolve("terraform_plan_pl.sg")), r.out());
    assertEquals(List.of("proved", "proved", "proved", "proved"),
        HostileInputTest.verdicts(r.out(), List.of(
            "assert 198.51.100.7 -> 10.0.3.10 reachable tcp 443",
            "assert 198.51.100.8 -> 10.0.3.10 unreachable tcp 443",
            "assert 2001:db8:77::1 -> 2408:4000::10 reachable tcp 22",
            "assert 2001:db8:78::1 -> 2408:4000::10 unreachable tcp 22")));
  }
}

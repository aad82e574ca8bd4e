package dev.sgproof.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 2: what a spec cannot say (prefix lists not in the input, quintuple rules, port
 * lists, groups of other accounts, delegated prefixes, ...) is never dropped with exit 0. Without
 * {@code --allow-partial} import fails with exit 2 listing every such item; with it, the output's
 * first lines list them and the verdicts they can falsify, and those claims are checked against
 * the full import on generated accounts.
 */
class PartialImportTest {
  static final long SEED = Property.baseSeed(20261202L);
  static final int CASES = Boolean.getBoolean("sgproof.fuzz.long") ? 6_000 : 300;

  static final List<String> LEFT_OUT = List.of("sgr-bp1a0006", "sgr-bp1a0007", "sgr-bp1a0009",
      "sgr-bp1a0005", "sgr-bp1a0008", "eni-bp1db1prim00001 in security group sg-bp1gone000000001",
      "eni-bp1db1sec000001");

  static ImportTest.Run withoutFlag(String... more) {
    List<String> args = new ArrayList<>(List.of("import", "alibaba"));
    args.addAll(List.of(more));
    for (String f : ImportTest.ALL_ALIBABA) {
      args.add(ImportTest.DIR.resolve(f).toString());
    }
    return ImportTest.cli(args.toArray(String[]::new));
  }

  @Test
  void refusesInputItCannotSayListingEveryItemWithExit2() {
    ImportTest.Run r = withoutFlag();
    assertEquals(2, r.exit(), r.err());
    assertEquals("", r.out());
    List<String> errors = r.err().lines().filter(l -> l.contains(": error: ")).toList();
    assertEquals(LEFT_OUT.size(), errors.size(), r.err());
    for (String item : LEFT_OUT) {
      assertEquals(1, errors.stream().filter(l -> l.contains(item)).count(), item + "\n" + r.err());
    }
    String last = r.err().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.contains("pass --allow-partial"), last);
  }

  @Test
  void aRefusedImportLeavesTheOutputFileAlone(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("network.sg");
    Files.writeString(out, "group kept\n");
    ImportTest.Run r = withoutFlag("-o", out.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals("group kept\n", Files.readString(out));
  }

  @Test
  void withAllowPartialTheFirstLinesListTheLeftOutItemsAndWhatTheyCanFalsify() {
    ImportTest.Run r = withoutFlag("--allow-partial");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("# PARTIAL IMPORT (--allow-partial): 7 items of the input"
        + " are left out"), lines.get(0));
    assertEquals("# - 5 allow rules left out: the real cloud may permit more, so a proof of"
        + " unreachable, isolated or only, or a refutation of reachable, interconnected or only,"
        + " can be false", lines.get(1));
    assertEquals("# - 2 other items left out: the real cloud may permit more or less, so any"
        + " verdict can be false", lines.get(2));
    assertEquals("# Left out:", lines.get(3));
    for (int i = 0; i < LEFT_OUT.size(); i++) {
      String item = LEFT_OUT.get(i);
      assertTrue(lines.subList(4, 4 + LEFT_OUT.size()).stream()
          .anyMatch(l -> l.startsWith("# - ") && l.contains(item)), item + "\n" + r.out());
    }
    assertEquals("", lines.get(4 + LEFT_OUT.size()));
    assertEquals(LEFT_OUT.size(), r.err().lines().filter(l -> l.contains(": warning: ")
        && LEFT_OUT.stream().anyMatch(l::contains)).count(), r.err());
  }

  @Test
  void aLeftOutDenyRuleSaysProofsOfReachableCanBeFalse() {
    List<String> files = PrefixListImportTest.without("prefix_bad_v6.json");
    files.remove("prefix_lists.json");
    ImportTest.Run r = PrefixListImportTest.importAlibaba(List.of("--allow-partial"), files);
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("# - 1 deny rule left out: the real cloud may deny more (a deny of a higher"
        + " priority hides the allows below it), so a proof of reachable, interconnected or only,"
        + " or a refutation of unreachable, isolated or only, can be false", lines.get(1));
    // The reason for the header: the partial spec proves what the real network refutes.
    String assertion = "assert 2408:4000::5 -> 2001:db8:bad::1 reachable";
    assertEquals(List.of("proved"), HostileInputTest.verdicts(r.out(), List.of(assertion)));
    assertEquals(List.of("refuted"), HostileInputTest.verdicts(
        PrefixListImportTest.importAlibaba(List.of(), PrefixListImportTest.ALL).out(),
        List.of(assertion)));
  }

  @Test
  void aLeftOutAllowRuleSaysProofsOfUnreachableCanBeFalse() {
    List<String> files = PrefixListImportTest.without("prefix_office.json");
    ImportTest.Run r = PrefixListImportTest.importAlibaba(List.of("--allow-partial"), files);
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().lines().toList().get(1).startsWith("# - 1 allow rule left out: the real"
        + " cloud may permit more, so a proof of unreachable"), r.out());
    String assertion = "assert 198.51.100.7 -> 10.0.5.5 unreachable tcp 443";
    assertEquals(List.of("proved"), HostileInputTest.verdicts(r.out(), List.of(assertion)));
    assertEquals(List.of("refuted"), HostileInputTest.verdicts(
        PrefixListImportTest.importAlibaba(List.of(), PrefixListImportTest.ALL).out(),
        List.of(assertion)));
  }

  @Test
  void aPrefixDelegatedToANetworkInterfaceIsRefused() {
    List<String> files = PrefixListImportTest.without("interfaces_pl.json");
    files.add("interfaces_delegated.json");
    ImportTest.Run r = PrefixListImportTest.importAlibaba(List.of(), files);
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("interfaces_delegated.json:"
        + " $.NetworkInterfaceSets.NetworkInterfaceSet[0].Ipv4PrefixSets.Ipv4PrefixSet[0].Ipv4Prefix:"
        + " error: prefix 10.0.5.16/28 delegated to network interface eni-bp1app1prim0001 not"
        + " imported"), r.err());
  }

  @Test
  void rulesOfAGroupWithoutImportedMembersDecideNothingAndOnlyWarn() {
    ImportTest.Run r = ImportTest.cli("import", "terraform",
        ImportTest.DIR.resolve("terraform_state.json").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("warning: rule sgr-bp1a0002 of security group"
        + " sg-bp1web0000000001 not imported"), r.err());
    assertFalse(r.out().contains("PARTIAL"), r.out());
  }

  @Test
  void aGroupWhoseTypeIsNotInTheInputIsRefusedWhenAnInterfaceIsInIt() {
    ImportTest.Run r = ImportTest.cli("import", "alibaba",
        PrefixListImportTest.DIR.resolve("attribute_pl.json").toString(),
        PrefixListImportTest.DIR.resolve("prefix_office.json").toString(),
        PrefixListImportTest.DIR.resolve("prefix_bad_v6.json").toString(),
        PrefixListImportTest.DIR.resolve("prefix_empty.json").toString(),
        PrefixListImportTest.DIR.resolve("interfaces_pl.json").toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("error: the type of security group sg-bp1app0000000001 not"
        + " imported"), r.err());
    assertTrue(r.err().contains("add the DescribeSecurityGroups response"), r.err());
  }

  // ------------------------------------------------------------------ the header's claims

  private static final Pattern CLAIMS = Pattern.compile(
      "a proof of ([a-z, ]+?), or a refutation of ([a-z, ]+?), can be false");

  /** The (verdict, claim) pairs the header says can be false, e.g. "proved unreachable". */
  static Set<String> falsifiable(String text) {
    Set<String> out = new HashSet<>();
    for (String line : text.lines().toList()) {
      if (line.equals("# Left out:")) {
        break;
      }
      if (!line.startsWith("# - ")) {
        continue;
      }
      if (line.endsWith("any verdict can be false")) {
        for (String v : List.of("proved", "refuted")) {
          for (String c : List.of("reachable", "unreachable", "only", "interconnected",
              "isolated")) {
            out.add(v + " " + c);
          }
        }
        continue;
      }
      Matcher m = CLAIMS.matcher(line);
      assertTrue(m.find(), line);
      for (String c : m.group(1).split(", | or ")) {
        out.add("proved " + c);
      }
      for (String c : m.group(2).split(", | or ")) {
        out.add("refuted " + c);
      }
    }
    return out;
  }

  /**
   * On generated accounts imported in full and with some prefix lists withheld: wherever the
   * partial import's verdict differs from the full one, its first lines said that verdict can be
   * false; and the command refuses the partial input exactly when something is left out.
   */
  @Test
  void whereAPartialImportsVerdictIsFalseItsFirstLinesSaidSo(@TempDir Path tmp)
      throws IOException {
    Gen seeds = new Gen(SEED);
    int differing = 0;
    int partial = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = seeds.nextLong();
      Gen g = new Gen(seed);
      CloudGen.Cloud cloud = CloudGen.generate(g, false, false);
      Set<Integer> withheld = new HashSet<>();
      for (int k = 0; k < cloud.lists().size(); k++) {
        if (g.chance(0.5)) {
          withheld.add(k);
        }
      }
      String where = "case " + i + " (seed " + SEED + "/" + seed + "; replay with -D"
          + Property.SEED_PROPERTY + "=" + SEED + ")";
      HostileInputTest.Imported full = HostileInputTest.api(CloudGen.api(cloud, Set.of()));
      Map<String, String> files = CloudGen.api(cloud, withheld);
      HostileInputTest.Imported part = HostileInputTest.api(files);
      assertEquals("", full.error(), where);
      assertEquals(List.of(), full.omissions(), where);
      assertEquals("", part.error(), where);
      partial += part.omissions().isEmpty() ? 0 : 1;
      Set<String> said = falsifiable(part.text());
      assertEquals(!part.omissions().isEmpty(), !said.isEmpty(), where + "\n" + part.text());
      Spec spec = HostileInputTest.load(where, full.text());
      List<String> assertions = HostileInputTest.assertions(spec.network(), g);
      List<String> vf = HostileInputTest.verdicts(full.text(), assertions);
      List<String> vp = HostileInputTest.verdicts(part.text(), assertions);
      List<String> claims = claims(full.text(), assertions);
      for (int k = 0; k < vf.size() && k < claims.size(); k++) {
        if (!vf.get(k).equals(vp.get(k))) {
          differing++;
          String said1 = vp.get(k) + " " + claims.get(k);
          assertTrue(said.contains(said1), where + ": " + assertions.get(k) + " is " + vp.get(k)
              + " on the partial import and " + vf.get(k) + " on the full one, but the first"
              + " lines do not say '" + said1 + "' can be false\n" + part.text());
        }
      }
      if (i % 25 == 0) {
        Path dir = Files.createDirectories(tmp.resolve("case" + i));
        List<String> args = new ArrayList<>(List.of("import", "alibaba"));
        for (Map.Entry<String, String> f : files.entrySet()) {
          Files.writeString(dir.resolve(f.getKey()), f.getValue());
          args.add(dir.resolve(f.getKey()).toString());
        }
        ImportTest.Run r = ImportTest.cli(args.toArray(String[]::new));
        assertEquals(part.omissions().isEmpty() ? 0 : 2, r.exit(), where + "\n" + r.err());
        assertEquals(part.omissions().size(),
            r.err().lines().filter(l -> l.contains(": error: ")).count(), where + r.err());
      }
    }
    assertTrue(partial > CASES / 10, "only " + partial + " partial imports");
    assertTrue(differing > 0, "no verdict differed: the property checked nothing");
  }

  /** The claim word of each assertion (reachable, unreachable, only, ...). */
  private static List<String> claims(String network, List<String> assertions) {
    LoadResult r = SpecLoader.load(new SourceText("c.sg", network + "\n"
        + String.join("\n", assertions) + "\n"));
    if (r.hasErrors()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Assertion a : r.spec().assertions()) {
      out.add(a.kind().keyword());
    }
    return out;
  }
}

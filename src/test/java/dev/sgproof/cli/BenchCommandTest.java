package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.bench.SpecTextGenerator.BenchSize;
import dev.sgproof.bench.SpecTextGenerator.Generated;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

  private record Outcome(int exit, String out, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void smallPresetRunsBothEnginesAndTheyAgree() {
    Outcome o = run("bench", "--preset", "small");
    assertEquals(0, o.exit(), o.err());
    for (String label :
        List.of(
            "size ",
            "spec text ",
            "parse+resolve ",
            "smt",
            "exhaustive",
            "encode ",
            "solve p50 ",
            "solve p95 ",
            "solve max ",
            "solve total ",
            "finished ",
            "proved ",
            "refuted ",
            "unknown ",
            "heap peak ",
            "RSS peak ",
            "verdicts agree: 50 of 50")) {
      assertTrue(o.out().contains(label), "no '" + label + "' in:\n" + o.out());
    }
  }

  @Test
  void theHeaderSaysHowManyGroupsTheNicsHaveNotHowManyTheyMayHave() {
    // nicpair puts every NIC in all five groups; the account preset gives each 1..5.
    Outcome pairs = run("bench", "--preset", "nicpair", "--nics", "20", "--assertions", "10",
        "--engines", "auto");
    assertEquals(0, pairs.exit(), pairs.err());
    assertTrue(pairs.out().contains(" NICs (5 groups each) on "), pairs.out());
    Outcome mixed = run("bench", "--groups", "6", "--nics", "40", "--groups-per-nic", "3",
        "--assertions", "5", "--engines", "auto");
    assertEquals(0, mixed.exit(), mixed.err());
    assertTrue(mixed.out().contains(" NICs (1..3 groups each) on "), mixed.out());
  }

  @Test
  void oneEngineSaysThereIsNothingToCompare() {
    Outcome o = run("bench", "--groups", "3", "--nics", "4", "--assertions", "5", "--engines", "smt");
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("verdicts agree: n/a"), o.out());
  }

  @Test
  void theHugePresetIsTheAccountPresetWithTenTimesTheGroupsNicsAndProfiles() {
    BenchSize account = BenchCommand.presetSize(BenchCommand.Preset.account, 0.1, 1);
    BenchSize huge = BenchCommand.presetSize(BenchCommand.Preset.huge, 0.1, 1);
    assertEquals(new BenchSize(10_000, 20, 100_000, 5, 1_000, 0.1, 1, 10_000, 0.5, false), huge);
    assertEquals(new BenchSize(account.groups() * 10, account.rulesPerGroup(),
        account.nics() * 10, account.groupsPerNic(), account.assertions(), 0.1, 1,
        account.profiles() * 10, account.derivedShare(), false), huge);
  }

  @Test
  void theHugePresetScaledDownGeneratesTheSizesItClaims() {
    // The huge preset's shape at 1/100 of its groups, NICs and profiles (the full size is for
    // bench, not the suite): 20 rule statements per group, 1..5 groups per NIC from at most 100
    // group sets, the assertions asked for, and a spec that loads without errors.
    BenchSize huge = BenchCommand.presetSize(BenchCommand.Preset.huge, 0.1, 1);
    BenchSize scaled = new BenchSize(huge.groups() / 100, huge.rulesPerGroup(), huge.nics() / 100,
        huge.groupsPerNic(), 50, huge.ipv6Share(), huge.seed(), huge.profiles() / 100,
        huge.derivedShare(), false);
    Generated g = SpecTextGenerator.generate(scaled);
    LoadResult r = SpecLoader.load(new SourceText("huge-scaled.sg", g.text()));
    assertFalse(r.hasErrors(), r.diagnostics().toString());
    Spec s = r.spec();
    assertEquals(100, s.network().groups().size());
    assertEquals(100 * 20, g.stats().ruleStatements());
    assertEquals(1_000, s.network().nics().size());
    assertEquals(1_000, g.stats().nics());
    assertEquals(50, s.assertions().size());
    Set<Set<String>> groupSets = new HashSet<>();
    for (Nic n : s.network().nics()) {
      assertTrue(n.groups().size() >= 1 && n.groups().size() <= 5, n.toString());
      groupSets.add(Set.copyOf(n.groups()));
    }
    assertTrue(groupSets.size() <= 100, groupSets.size() + " group sets");
  }

  @Test
  void rejectsANonPositiveBudget() {
    assertEquals(2, run("bench", "--exhaustive-budget", "0").exit());
  }
}

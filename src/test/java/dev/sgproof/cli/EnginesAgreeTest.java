package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.bench.SpecTextGenerator.BenchSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three engines print the same report on a generated spec big enough that every path runs
 * (flow-by-flow enumeration, the class search of {@code auto}, the solver of {@code smt}): their
 * JSON is byte-identical (verdicts, counterexamples, dependsOn found three ways: by the class
 * search, by Z3's unsat cores, by deletion with one exhaustive run per rule; dependsOnSteps by
 * variants searched in place or built), and so is the text of every refutation.
 */
class EnginesAgreeTest {

  @Test
  void autoSmtAndExhaustivePrintTheSameReport(@TempDir Path dir) throws IOException {
    BenchSize size = new BenchSize(20, 8, 150, 3, 40, 0.2, 7L, 6, 0.5, false);
    Path spec = dir.resolve("generated.sg");
    Files.writeString(spec, SpecTextGenerator.generate(size).text(), StandardCharsets.UTF_8);

    Cli auto = Cli.run("verify", "--format", "json", "--jobs", "2", spec.toString());
    Cli smt = Cli.run("verify", "--engine", "smt", "--format", "json", "--jobs", "2",
        spec.toString());
    assertEquals(1, auto.exit(), auto.err());
    assertTrue(auto.out().contains("\"proved\"") && auto.out().contains("\"refuted\""),
        "both verdicts occur");
    assertEquals(auto.out(), smt.out());
    Cli exhaustiveJson = Cli.run("verify", "--engine", "exhaustive", "--format", "json", "--jobs",
        "2", spec.toString());
    assertEquals(auto.out(), exhaustiveJson.out());
    assertTrue(auto.out().contains("\"dependsOn\" : [\n            {"), "some proof depends on rules");

    Cli autoText = Cli.run("verify", "--quiet", spec.toString());
    Cli exhaustive = Cli.run("verify", "--quiet", "--engine", "exhaustive", spec.toString());
    assertEquals(autoText.exit(), exhaustive.exit());
    assertEquals(autoText.out(), exhaustive.out());
  }

  /**
   * On the internet, every external address, CIDRs that straddle the bounds of public space,
   * public NIC addresses and traffic unions (issue 12), the three engines print the same JSON,
   * and the SMT-LIB export of every obligation is decided again with the verdicts.
   */
  @Test
  void theEnginesAgreeOnTheInternetExternalAndTrafficUnions(@TempDir Path dir) throws IOException {
    String spec = Cli.RESOURCES + "internet_and_unions.sg";
    Cli auto = Cli.run("verify", "--format", "json", spec);
    assertEquals(1, auto.exit(), auto.err());
    assertTrue(auto.out().contains("\"proved\"") && auto.out().contains("\"refuted\""));
    for (String engine : new String[] {"smt", "exhaustive"}) {
      Cli other = Cli.run("verify", "--engine", engine, "--format", "json", spec);
      assertEquals(auto.out(), other.out(), engine);
    }
    Cli export = Cli.run("verify", "--engine", "smt", "--smt2", dir.toString(), spec);
    assertEquals(1, export.exit(), export.err());
    try (var files = Files.walk(dir)) {
      assertTrue(files.filter(p -> p.toString().endsWith(".smt2")).count() >= 13);
    }
  }
}

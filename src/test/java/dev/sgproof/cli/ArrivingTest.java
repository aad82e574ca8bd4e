package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Verdict;
import dev.sgproof.report.ArrivingResults;
import dev.sgproof.report.FileResult;
import dev.sgproof.report.JsonReport;
import dev.sgproof.report.TextReport;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * verify writes a JSON file given first while the assertions are verified, reading their results
 * as they arrive ({@link Arriving}): the same bytes as after the verification (so are the other
 * reports, made from arriving results), and on a failure of the verification no output at all.
 */
class ArrivingTest {
  private static final List<String> SPECS = List.of("specs/three-tier.sg",
      Cli.RESOURCES + "internet_and_unions.sg", Cli.RESOURCES + "quick.sg");

  private static List<LoadResult> load() {
    List<LoadResult> loaded = new ArrayList<>();
    for (String s : SPECS) {
      loaded.add(SpecLoader.read(Path.of(s)));
    }
    return loaded;
  }

  /** What verify does with arriving lists: each file in turn, each result put as it is made. */
  private static List<FileResult> verify(List<LoadResult> loaded, List<ArrivingResults> lists) {
    EngineOptions options = EngineOptions.of(EngineChoice.auto).withDependsOn(true)
        .withSteps(true).withMaxBoxes(100).withDecidedBy(true);
    List<FileResult> out = new ArrayList<>();
    try (Engines engines = new Engines(2)) {
      for (int i = 0; i < loaded.size(); i++) {
        LoadResult r = loaded.get(i);
        ArrivingResults into = lists.get(i);
        List<AssertionResult> checked = engines.verify(r.spec(), options, x -> { },
            (x, k) -> into.put(k, x));
        out.add(new FileResult(SPECS.get(i), r.diagnostics(), Optional.of(r.spec().network()),
            checked));
      }
    }
    return out;
  }

  @Test
  void theOutputsMadeWhileVerifyingAreThoseMadeAfter() {
    List<LoadResult> loaded = load();
    for (boolean json : new boolean[] {true, false}) {
      Arriving a = new Arriving(SPECS, loaded, lists -> verify(loaded, lists));
      String during = json ? new JsonReport().render(a.files)
          : new TextReport(false, false, true).render(a.files);
      List<FileResult> after = a.await();
      assertEquals(json ? new JsonReport().render(after)
          : new TextReport(false, false, true).render(after), during);
      assertTrue(during.contains(json ? "\"refuted\"" : "refuted"), during);
    }
  }

  @Test
  void aVerificationThatFailsLeavesNoOutputFileAndItsFailureIsThrownAsItIs() throws Exception {
    List<LoadResult> loaded = load();
    DisagreementException why = new DisagreementException("the engines disagree (a test)");
    Arriving a = new Arriving(SPECS, loaded, lists -> {
      // The first result arrives, then the verification fails.
      lists.get(0).put(0, AssertionResult.of(loaded.get(0).spec().assertions().get(0),
          Verdict.Proved.withoutDependencies()));
      throw why;
    });
    Path dir = Files.createTempDirectory("arriving");
    try {
      Path target = dir.resolve("out.json");
      StringWriter err = new StringWriter();
      OutputGuard guard = new OutputGuard(SPECS);
      ArrivingResults.Stopped stopped = assertThrows(ArrivingResults.Stopped.class,
          () -> guard.write(target, out -> new JsonReport().write(a.files, out), "JSON",
              new PrintWriter(err)));
      assertSame(why, stopped.getCause());
      assertFalse(Files.exists(target));
      try (var left = Files.list(dir)) {
        assertEquals(List.of(), left.toList(), "no temporary file is left");
      }
      assertEquals("", err.toString());
      assertSame(why, assertThrows(DisagreementException.class, a::await));
    } finally {
      Cli.delete(dir);
    }
  }

  @Test
  void aVerificationThatEndsWithoutEveryResultStopsTheReadersInsteadOfHangingThem() {
    List<LoadResult> loaded = load();
    Arriving a = new Arriving(SPECS, loaded, lists -> List.of());
    ArrivingResults.Stopped stopped = assertThrows(ArrivingResults.Stopped.class,
        () -> new TextReport(false, false, false).render(a.files));
    assertTrue(stopped.getCause() instanceof IllegalStateException, stopped.toString());
    assertEquals(List.of(), a.await());
  }

  @Test
  void verifyWritesTheSameOutputsWhetherMadeWhileVerifyingOrAfter() throws Exception {
    // With --proofs the outputs are made after the verification (the records come first).
    Path dir = Cli.workDir();
    try {
      for (String spec : SPECS) {
        Path ahead = dir.resolve("ahead.json");
        Path after = dir.resolve("after.json");
        Cli one = Cli.run("verify", spec, "--explain", "--format", "json", "--output",
            ahead.toString(), "--format", "text");
        Cli two = Cli.run("verify", spec, "--explain", "--format", "json", "--output",
            after.toString(), "--format", "text", "--proofs", dir.resolve("proofs").toString());
        assertEquals(two.exit(), one.exit(), one.err());
        assertEquals(two.out(), one.out());
        assertEquals(Files.readString(after), Files.readString(ahead));
        assertTrue(one.out().contains(spec), one.out());
      }
    } finally {
      Cli.delete(dir);
    }
  }
}

package dev.sgproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Network;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The text report's lines rendered on the worker threads while the run goes on ({@link
 * TextReport#ahead}) are used, and the report is byte for byte what a report rendered after the
 * run prints: plain, --quiet and --explain, two workers, generated specs of two files with
 * refutations (counterexamples, traces, violation ranges) and proofs (dependsOn, decidedBy).
 */
class TextReportAheadTest {
  @Test
  void linesRenderedAheadGiveTheSameReport() {
    long base = Property.baseSeed(0x7E47L);
    EngineOptions options = EngineOptions.of(EngineChoice.auto).withDependsOn(true)
        .withSteps(true).withMaxBoxes(TextReport.SHOWN_BOXES).withDecidedBy(true);
    boolean[][] modes = {{false, false}, {true, false}, {false, true}};
    int refuted = 0;
    int proved = 0;
    try (Engines engines = new Engines(2)) {
      for (int i = 0; i < 30; i++) {
        long seed = base + i;
        boolean quiet = modes[i % 3][0];
        boolean explain = modes[i % 3][1];
        TextReport ahead = new TextReport(false, quiet, explain);
        List<FileResult> files = new ArrayList<>();
        int expected = 0;
        for (int f = 0; f < 2; f++) {
          Gen g = new Gen(seed * 2 + f);
          Network n = new NetworkGen(f == 0 ? GenConfig.small() : GenConfig.medium()).network(g);
          Spec spec = new Spec("f" + f + ".sg", n, AssertionGen.assertions(g, n, 8));
          List<AssertionResult> results = engines.verify(spec, options, ahead.ahead(n));
          files.add(new FileResult("f" + f + ".sg", List.of(), Optional.of(n), results));
          for (AssertionResult r : results) {
            boolean isProved = r.verdict() instanceof Verdict.Proved;
            proved += isProved ? 1 : 0;
            refuted += r.verdict() instanceof Verdict.Refuted ? 1 : 0;
            expected += quiet && isProved ? 0 : 1;
          }
        }
        assertEquals(expected, ahead.renderedAhead(), "seed " + seed);
        String after = new TextReport(false, quiet, explain).render(files);
        assertEquals(after, ahead.render(files), "seed " + seed);
      }
    }
    assertTrue(refuted > 50 && proved > 50, refuted + " refuted, " + proved + " proved");
  }
}

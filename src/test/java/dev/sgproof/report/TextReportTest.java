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
 * The text report made in two parts by two threads ({@link TextReport#render(List,
 * java.util.function.ToIntFunction)}) is the report made by one, at every split point, plain,
 * {@code --quiet} and {@code --explain}, over generated specs of several files (one without
 * assertions).
 */
class TextReportTest {

  @Test
  void everySplitPointGivesTheSameReport() {
    long base = Property.baseSeed(0x7E47L);
    EngineOptions options = EngineOptions.of(EngineChoice.auto).withDependsOn(true)
        .withSteps(true).withMaxBoxes(3).withDecidedBy(true);
    int splits = 0;
    int refuted = 0;
    int proved = 0;
    try (Engines engines = new Engines(1)) {
      for (int i = 0; i < 8; i++) {
        long seed = base + i;
        List<FileResult> files = new ArrayList<>();
        int[] sizes = {5, 0, 6};
        for (int f = 0; f < sizes.length; f++) {
          Gen g = new Gen(seed * 3 + f);
          Network n = new NetworkGen(GenConfig.small()).network(g);
          Spec spec = new Spec("f" + f + ".sg", n, AssertionGen.assertions(g, n, sizes[f]));
          List<AssertionResult> results = engines.verify(spec, options, r -> {});
          for (AssertionResult r : results) {
            refuted += r.verdict() instanceof Verdict.Refuted ? 1 : 0;
            proved += r.verdict() instanceof Verdict.Proved ? 1 : 0;
          }
          files.add(new FileResult("f" + f + ".sg", List.of(), Optional.of(n), results));
        }
        for (boolean quiet : new boolean[] {false, true}) {
          for (boolean explain : new boolean[] {false, true}) {
            TextReport report = new TextReport(false, quiet, explain);
            String whole = report.render(files, List::size);
            assertEquals(whole, report.render(files), "seed " + seed);
            int shown = 0;
            for (FileResult f : files) {
              for (AssertionResult r : f.results()) {
                shown += quiet && r.verdict() instanceof Verdict.Proved ? 0 : 1;
              }
            }
            for (int k = 0; k < shown; k++) {
              int at = k;
              assertEquals(whole, report.render(files, s -> at),
                  "seed " + seed + ", quiet " + quiet + ", explain " + explain + ", split " + k);
              splits++;
            }
          }
        }
      }
    }
    assertTrue(refuted > 20 && proved > 20, refuted + " refuted, " + proved + " proved");
    assertTrue(splits > 200, splits + " split points");
  }
}

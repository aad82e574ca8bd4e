package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.Fuzz;
import dev.sgproof.semantics.gen.InputGen;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Random inputs: no exception, no internal error, every diagnostic inside the file. */
class FuzzTest {
  private static final long SEED = Long.getLong("sgproof.seed", 20261122L);

  private static void run(String kind, Function<Random, String> gen) {
    Random seeds = new Random(SEED);
    for (int i = 0; i < Fuzz.cases(1000); i++) {
      long seed = seeds.nextLong();
      String text = gen.apply(new Random(seed));
      String where = kind + " case " + i + " (seed " + SEED + "/" + seed + "): " + text;
      LoadResult r = SpecLoader.load(new SourceText("fuzz.sg", text));
      SourceText src = new SourceText("fuzz.sg", text);
      for (Diagnostic d : r.diagnostics()) {
        assertTrue(d.code() != DiagnosticCode.SG004, where + "\n" + d);
        int line = d.span().line();
        assertTrue(line >= 1 && line <= src.lineCount(), where + "\n" + d);
        assertTrue(
            d.span().column() >= 1 && d.span().column() <= src.line(line).length() + 1,
            where + "\n" + d);
        new DiagnosticRenderer(r.sources()).render(d);
      }
      if (!r.hasErrors()) {
        r.spec();
      }
    }
  }

  @Test
  void survivesRandomBytes() {
    run("bytes", InputGen::bytes);
  }

  @Test
  void survivesRandomStatementsWithValidAndInvalidValues() {
    run("statements", InputGen::statements);
  }

  @Test
  void randomStatementsSometimesResolveCleanly() {
    Random seeds = new Random(SEED);
    int clean = 0;
    for (int i = 0; i < Fuzz.cases(1000); i++) {
      clean += Specs.load(InputGen.statements(new Random(seeds.nextLong()))).hasErrors() ? 0 : 1;
    }
    assertTrue(
        clean > 0, "only " + clean + " clean specs: the generator no longer reaches the model");
  }

  @Test
  void survivesRandomUnicodeWithAstralCharactersAndLoneSurrogates() {
    run("unicode", InputGen::unicode);
  }

  @Test
  void survivesRandomTokenSoups() {
    run("soup", InputGen::soup);
  }
}

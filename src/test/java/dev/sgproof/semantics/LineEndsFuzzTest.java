package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Property;
import dev.sgproof.semantics.gen.InputGen;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * LF, CRLF and a lone CR are each one line end: random inputs give exactly the same diagnostics
 * (code, line, column, length, message) and the same rendering with any of the three. Before, a
 * CR-only file was one long line to the lexer and the renderer.
 */
class LineEndsFuzzTest {
  private static final long SEED = Property.baseSeed(20261201L);

  private static void run(String kind, Function<Random, String> gen) {
    Random seeds = new Random(SEED ^ kind.hashCode());
    for (int i = 0; i < Fuzz.cases(1000); i++) {
      long seed = seeds.nextLong();
      String lf = gen.apply(new Random(seed)).replace("\r", "");
      String where = kind + " case " + i + " (seed " + SEED + "/" + seed + ")";
      String expected = shown(lf);
      for (String eol : List.of("\r\n", "\r")) {
        String text = lf.replace("\n", eol);
        assertEquals(expected, shown(text),
            () -> where + ", line ends " + eol.replace("\r", "CR").replace("\n", "LF") + ":\n"
                + text.replace("\r", "\\r"));
      }
    }
  }

  /** The diagnostics and their rendering (the source lines and carets). */
  private static String shown(String text) {
    LoadResult r = SpecLoader.load(new SourceText("fuzz.sg", text));
    DiagnosticRenderer renderer = new DiagnosticRenderer(r.sources());
    StringBuilder b = new StringBuilder();
    r.diagnostics().forEach(d -> b.append(d).append('\n').append(renderer.render(d)));
    return b.toString();
  }

  @Test
  void randomBytesReadTheSameWithAnyLineEnd() {
    run("bytes", InputGen::bytes);
  }

  @Test
  void randomStatementsReadTheSameWithAnyLineEnd() {
    run("statements", InputGen::statements);
  }

  @Test
  void randomUnicodeReadsTheSameWithAnyLineEnd() {
    run("unicode", InputGen::unicode);
  }

  @Test
  void randomTokenSoupsReadTheSameWithAnyLineEnd() {
    run("soup", InputGen::soup);
  }
}

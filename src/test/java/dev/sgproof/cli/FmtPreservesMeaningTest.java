package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.bench.SpecTextGenerator.BenchSize;
import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.Layouts;
import dev.sgproof.gen.Layouts.Eol;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Group;
import dev.sgproof.model.Instance;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import dev.sgproof.semantics.gen.InputGen;
import dev.sgproof.syntax.Formatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fmt} never changes what a spec means. Every kind of spec the generators make (networks
 * with assertions from {@link NetworkGen}, the bench generator's accounts, the statements of
 * {@link InputGen} with valid and invalid values) is re-laid out ({@link Layouts}: line breaks
 * inside statements, comments full of braces, quotes and spec text, with LF, CRLF, CR or mixed
 * line ends) and formatted. The formatted spec must resolve to the same model (groups, rules,
 * NICs, assertions, diagnostics: everything but positions), print the same {@code verify --format
 * json} report apart from line and column numbers, use the file's line ending throughout, and
 * format to itself.
 */
class FmtPreservesMeaningTest {
  private static final long SEED = Property.baseSeed(20261130L);

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> generatedNetworksWithAssertions() {
    return cases("network", Fuzz.cases(40), seed -> {
      Gen g = new Gen(seed);
      Network n =
          new NetworkGen(seed % 3 == 0 ? GenConfig.medium() : GenConfig.small()).network(g);
      List<Assertion> as = AssertionGen.assertions(g, n, 1 + g.nextInt(6));
      return SpecPrinter.print(n, as);
    });
  }

  @TestFactory
  Stream<DynamicTest> benchGeneratorAccounts() {
    return cases("bench", Fuzz.cases(20), seed -> {
      long s = Math.abs(seed % 1000);
      BenchSize size = new BenchSize(2 + (int) (s % 7), 1 + (int) (s % 5), 3 + (int) (s % 9),
          1 + (int) (s % 3), 4, 0.3, seed, s % 2 == 0 ? 0 : 3, 0.5, s % 9 == 0);
      return SpecTextGenerator.generate(size).text();
    });
  }

  @TestFactory
  Stream<DynamicTest> statementsWithValidAndInvalidValues() {
    return cases("statements", Fuzz.cases(200), seed -> InputGen.statements(new Random(seed)));
  }

  private interface Source {
    String spec(long seed);
  }

  /** Cases in batches of ten per dynamic test, each case in every line ending. */
  private Stream<DynamicTest> cases(String kind, int count, Source source) {
    Random seeds = new Random(SEED ^ kind.hashCode());
    List<DynamicTest> tests = new ArrayList<>();
    for (int first = 0; first < count; first += 10) {
      long[] batch = new long[Math.min(10, count - first)];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = seeds.nextLong();
      }
      int firstCase = first;
      tests.add(DynamicTest.dynamicTest(kind + " " + first + ".." + (first + batch.length - 1),
          () -> {
            for (int i = 0; i < batch.length; i++) {
              String where = kind + " seed " + batch[i] + " (base -D" + Property.SEED_PROPERTY
                  + "=" + SEED + ")";
              check(where, source.spec(batch[i]), new Gen(batch[i]), firstCase + i < 5);
            }
          }));
    }
    return tests.stream();
  }

  /**
   * One layout of the spec, in every line ending. The LF layout and its formatting give the same
   * model and {@code verify} report (positions aside). Every other line ending gives exactly what
   * LF gives, positions included: the same diagnostics and model (spans and all) from the layout,
   * the same formatted text but for its line ends, and the same from that text. So each formats
   * to a spec that verifies like itself; the first cases of each kind run {@code verify} on every
   * line ending as well.
   */
  private void check(String where, String original, Gen g, boolean reportEvery) throws IOException {
    String lf = Layouts.scramble(original, g);
    Formatter.Result formatted = Formatter.format(new SourceText("spec.sg", lf));
    boolean parses = Formatter.format(new SourceText("spec.sg", original)).ok();
    if (!formatted.ok()) {
      assertTrue(!parses, () -> where + ": the layout alone made a spec unparsable: "
          + formatted.errors() + "\n" + shown(lf));
    }
    String out = formatted.text();
    String why = where + "\n--- input:\n" + shown(lf) + "\n--- formatted:\n" + shown(out);
    if (formatted.ok()) {
      assertEquals(out, Formatter.format(new SourceText("spec.sg", out)).text(),
          () -> "formatting twice changes the text; " + why);
      assertEquals(model(lf), model(out), () -> "the model changed; " + why);
      // With errors nothing is verified, and model() compared the diagnostics already.
      if (reportEvery || !SpecLoader.load(new SourceText("spec.sg", lf)).hasErrors()) {
        assertEquals(report(lf), report(out), () -> "the report changed; " + why);
      }
    }
    for (Eol eol : List.of(Eol.CRLF, Eol.CR, Eol.MIXED)) {
      String text = Layouts.withEol(lf, eol, g);
      String at = where + ", " + eol + "\n--- input:\n" + shown(text);
      assertEquals(exact(lf), exact(text), () -> "not what LF gives; " + at);
      Formatter.Result r = Formatter.format(new SourceText("spec.sg", text));
      assertEquals(formatted.errors(), r.errors(), () -> "not the errors LF gives; " + at);
      if (!r.ok()) {
        continue;
      }
      String separator = new SourceText("", text).lineSeparator();
      assertEquals(separator, lineEnds(r.text(), separator),
          () -> "mixed line ends in the output; " + at + "\n--- formatted:\n" + shown(r.text()));
      assertEquals(out.replace("\n", separator), r.text(),
          () -> "not the formatting LF gives; " + at + "\n--- formatted:\n" + shown(r.text()));
      assertEquals(exact(out), exact(r.text()), () -> "the formatted text reads otherwise; " + at);
      if (reportEvery) {
        assertEquals(report(out), report(r.text()), () -> "the report changed; " + at);
      }
    }
  }

  /** Everything the loader makes of a text, positions included. */
  private static String exact(String text) {
    LoadResult r = SpecLoader.load(new SourceText("spec.sg", text));
    if (r.hasErrors()) {
      return r.diagnostics().toString();
    }
    Spec s = r.spec();
    return r.diagnostics() + "\n" + s.network().groups() + "\n" + s.network().instances() + "\n"
        + s.assertions();
  }

  /** {@code eol} when every line end of {@code text} is {@code eol}, else the first other one. */
  private static String lineEnds(String text, String eol) {
    Matcher m = Pattern.compile("\r\n|\r|\n").matcher(text);
    while (m.find()) {
      if (!m.group().equals(eol)) {
        return m.group();
      }
    }
    return eol;
  }

  /** The resolved spec and its diagnostics, without positions. */
  private static String model(String text) {
    LoadResult r = SpecLoader.load(new SourceText("spec.sg", text));
    StringBuilder b = new StringBuilder();
    for (Diagnostic d : r.diagnostics()) {
      b.append(d.code()).append(' ').append(d.severity()).append(' ')
          .append(withoutLines(d.message())).append('\n');
    }
    if (r.hasErrors()) {
      return b.toString();
    }
    Spec s = r.spec();
    Network n = s.network();
    for (Group g : n.groups()) {
      b.append("group ").append(g.name()).append(' ').append(g.type()).append(' ')
          .append(g.policy()).append(' ').append(g.legacyDefault()).append('\n');
      for (Rule rule : g.rules()) {
        b.append("  ").append(rule.text()).append(rule.legacy() ? " (legacy)" : "").append('\n');
      }
    }
    for (Instance i : n.instances()) {
      b.append("instance ").append(i.name()).append(i.oneLine() ? " one-line" : "").append('\n');
      for (Nic nic : i.nics()) {
        b.append("  ").append(nic.id()).append(' ').append(nic.instance()).append(' ')
            .append(nic.nicName()).append(' ').append(nic.addresses()).append(' ')
            .append(nic.groups()).append('\n');
      }
    }
    for (Assertion a : s.assertions()) {
      b.append("assert [").append(a.label()).append("] ").append(a.kind()).append(' ')
          .append(a.left()).append(' ').append(a.right()).append(' ').append(a.traffic())
          .append(" | ").append(a.text()).append('\n');
    }
    return b.toString();
  }

  /** {@code verify --format json}, without line and column numbers. */
  private String report(String text) throws IOException {
    Path spec = dir.resolve("spec.sg");
    Files.writeString(spec, text, StandardCharsets.UTF_8);
    Cli c = Cli.run("verify", "--format", "json", spec.toString());
    if (c.exit() == 3) {
      fail("internal error: " + c.err());
    }
    String json = c.out().replaceAll("\"(line|column)\" : \\d+", "\"$1\" : _");
    return c.exit() + " " + withoutLines(json);
  }

  private static String withoutLines(String s) {
    return s.replaceAll("line \\d+", "line _")
        .replaceAll("column \\d+", "column _")
        .replaceAll("\\.sg:\\d+", ".sg:_");
  }

  /** Line ends made visible. */
  private static String shown(String text) {
    return text.replace("\r\n", "\\r\\n\n").replace("\r", "\\r\n");
  }
}

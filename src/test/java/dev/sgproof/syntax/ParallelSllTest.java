package dev.sgproof.syntax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.Layouts;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Network;
import dev.sgproof.semantics.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long text's SLL stage runs on parts of it at once ({@link ParallelSll}). Whatever the parts,
 * the result is exactly what the one-thread path gives (the SLL stage on the whole text, then the
 * LL parse when that meets an error): the same tree, or the same diagnostics in the same order.
 * The parts really are parsed apart when the text is clean, and no thread outlives a parse.
 */
class ParallelSllTest {
  private static final long SEED = Property.baseSeed(20261202L);

  /** The one-thread path, as before the parts. */
  private static ParseResult oneThread(SourceText source) {
    return Parser.parse(source, 1, Parser.MIN_PART_CHARS);
  }

  /** Generated specs: groups, instances (one-line and blocks) and assertions. */
  private static String spec(Gen g) {
    GenConfig config = g.chance(0.5) ? GenConfig.small() : GenConfig.medium();
    Network n = NetworkGen.generate(g.nextLong(), config.withGroups(g.intBetween(2, 12)));
    return SpecPrinter.print(n, AssertionGen.assertions(g, n, g.intBetween(0, 8)));
  }

  /** Re-laid out (statements over several lines, comments), other line ends. */
  private static String layout(String text, Gen g) {
    String lf = g.chance(0.5) ? Layouts.scramble(text, g) : text;
    return Layouts.withEol(lf, g.pick(Layouts.Eol.values()), g);
  }

  private static final List<String> INSERTS =
      List.of("{", "}", "group", "\ngroup x\n", "\ninstance", "assert", "\nassert a -> b\n",
          "$", "\"", "é", "\uD83D\uDE00", "\r", "\n", " ,", "300.1.1.1/40", "->", "# c\n",
          "\ninclude \"x.sg\"\n", "\u0000", "\t");

  /** One random edit: a character dropped, something inserted, or a line doubled. */
  private static String mutated(String text, Gen g) {
    if (text.isEmpty()) {
      return g.pick(INSERTS);
    }
    int at = g.nextInt(text.length());
    return switch (g.nextInt(3)) {
      case 0 -> text.substring(0, at) + text.substring(at + 1);
      case 1 -> text.substring(0, at) + g.pick(INSERTS) + text.substring(at);
      default -> {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        end = end < 0 ? text.length() : end + 1;
        yield text.substring(0, end) + text.substring(start, end) + text.substring(end);
      }
    };
  }

  private static void sameAsOneThread(SourceText source, String what) {
    ParseResult expected = oneThread(source);
    for (int parts : new int[] {2, 3, 7}) {
      assertEquals(expected, Parser.parse(source, parts, 1),
          () -> what + ", " + parts + " parts:\n" + source.text());
    }
  }

  @Test
  void generatedSpecsParseAsOnOneThread() {
    Gen seeds = new Gen(SEED);
    int split = 0;
    int cases = Fuzz.cases(240);
    for (int i = 0; i < cases; i++) {
      long seed = seeds.nextLong();
      Gen g = new Gen(seed);
      String text = layout(spec(g), g);
      for (int k = g.weighted(4, 3, 2, 1); k > 0; k--) {
        text = g.chance(0.6) ? text : mutated(text, g);
      }
      SourceText source = new SourceText("gen.sg", text);
      String what = "case (seed " + SEED + "/" + seed + ")";
      sameAsOneThread(source, what);
      Positions positions = new Positions(text);
      ParseResult everyCut = // a thread per statement: one case in three
          positions.isIdentity() && i % 3 == 0
              ? ParallelSll.parse(source, positions, ParallelSll.everyStart(text))
              : null;
      if (everyCut != null) {
        split++;
        assertEquals(oneThread(source), everyCut, () -> what + ", every cut:\n" + source.text());
      }
    }
    // the parts are really parsed apart (most texts are clean, and most cuts fall between
    // statements)
    int atLeast = cases / 12;
    int seen = split;
    assertTrue(seen >= atLeast, () -> seen + " of " + cases + " cases parsed in parts");
  }

  @Test
  void theBundledSpecsParseInPartsCutAtEveryStatement() throws IOException {
    List<Path> specs;
    try (Stream<Path> files = Files.list(Path.of("specs"))) {
      specs = files.filter(p -> p.toString().endsWith(".sg")).sorted().toList();
    }
    assertEquals(false, specs.isEmpty());
    for (Path p : specs) {
      SourceText source = new SourceText(p.toString(), Files.readString(p));
      Positions positions = new Positions(source.text());
      int[] cuts = ParallelSll.everyStart(source.text());
      assertTrue(cuts.length > 2, p.toString());
      ParseResult parts = ParallelSll.parse(source, positions, cuts);
      assertNotNull(parts, p.toString());
      assertEquals(Parser.parseSll(source), parts, p.toString());
      sameAsOneThread(source, p.toString());
    }
  }

  @Test
  void anErrorInAnyPartGivesTheDiagnosticsOfOneLlParse() {
    String clean =
        "group A basic {\n  ingress allow tcp 22 from 10.0.0.0/8\n}\n"
            + "group B basic {\n  egress allow tcp 80 to group A\n}\n"
            + "instance a ip 10.0.0.1 in A\n"
            + "instance b ip 10.0.0.2 in B\n"
            + "assert a -> b reachable tcp 80\n";
    assertNotNull(ParallelSll.parse(source(clean), new Positions(clean), cutsOf(clean)));
    for (String text :
        List.of(
            clean.replace("tcp 22", "tcp"), // in the first part
            clean.replace("tcp 80 to", "tcp 80"), // in a middle part
            clean.replace("reachable tcp 80", "reachable tcp $ 80"), // lexical, in the last
            clean.replace("instance b", "instance\nb"), // a statement cut in two, no error
            clean.replace("to group A", "to\ngroup A"), // a part that begins inside a group
            clean.replace("\ninstance a", "\ninstance a {"), // unclosed: the rest is in it
            clean + "assert a ->\ngroup B reachable\n", // a part that begins inside an assert
            clean.replace("\n", "\r"), // CR line ends
            clean.replace("\n", "\r\n") + "$$\n")) {
      SourceText source = source(text);
      sameAsOneThread(source, text);
      ParseResult everyCut = ParallelSll.parse(source, new Positions(text), cutsOf(text));
      if (everyCut != null) {
        assertEquals(oneThread(source), everyCut, text);
      }
    }
    SourceText cutInTwo = source(clean.replace("to group A", "to\ngroup A"));
    assertNull(ParallelSll.parse(cutInTwo, new Positions(cutInTwo.text()),
        cutsOf(cutInTwo.text())));
    assertNotNull(oneThread(cutInTwo).spec());
    assertEquals(true, oneThread(cutInTwo).diagnostics().isEmpty());
  }

  @Test
  void partsBeginAtLineStartsThatBeginAStatement() {
    String text = "group A\n  group B\ngroupC\ninstance a ip 10.0.0.1 in A\r"
        + "assert\ta -> a reachable\r\ninclude \"x.sg\"\n# group D\ngroup E";
    int[] every = {0, 25, 53, 78, 103};
    assertArrayEquals(every, ParallelSll.everyStart(text));
    assertArrayEquals(new int[] {1, 4, 5, 6, 8}, ParallelSll.lines(source(text), every));
    assertArrayEquals(new int[] {0}, ParallelSll.starts(text, 4, text.length()));
    assertArrayEquals(new int[] {0, 78}, ParallelSll.starts(text, 2, 1));
    assertArrayEquals(new int[] {0, 53, 78, 103}, ParallelSll.starts(text, 4, 1));
  }

  @Test
  void longSpecsAreCutIntoPartsOfTheirOwn() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < 3 * Parser.MIN_PART_CHARS; i++) {
      b.append("group g").append(i).append(" basic {\n  ingress allow tcp 22 from 10.0.0.0/8\n}\n");
    }
    String text = b.toString();
    int[] starts = ParallelSll.starts(text, 3, Parser.MIN_PART_CHARS);
    assertEquals(3, starts.length);
    SourceText source = source(text);
    assertEquals(Parser.parseSll(source), ParallelSll.parse(source, new Positions(text), starts));
    assertEquals(Parser.parseSll(source), Parser.parse(source));
  }

  @AfterEach
  void noPartThreadOutlivesItsParse() {
    assertEquals(List.of(),
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("sgproof-parse"))
            .map(Thread::getName)
            .toList());
  }

  private static SourceText source(String text) {
    return new SourceText("t.sg", text);
  }

  private static int[] cutsOf(String text) {
    return ParallelSll.everyStart(text);
  }

  @Test
  void theTestSpecsOfTheParserParseAsOnOneThread() {
    for (String name :
        List.of("several_syntax_errors.sg", "unclosed_group_brace.sg", "protocol_expected.sg")) {
      SourceText source = new SourceText(name, Specs.text(ParserTest.class, name));
      sameAsOneThread(source, name);
    }
  }
}

package dev.sgproof.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Property;
import dev.sgproof.semantics.Specs;
import dev.sgproof.semantics.gen.InputGen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The parser tries SLL prediction first and parses again with full LL prediction and statement
 * recovery when that stage meets any error. The result is exactly what one LL parse gives (the
 * same tree, or the same diagnostics in the same order), and the cheap stage really is the one
 * that reads error-free text.
 */
class TwoStageParseTest {
  private static final long SEED = Property.baseSeed(20261130L);

  private static void sameAsLl(String kind, Function<Random, String> gen) {
    Random seeds = new Random(SEED ^ kind.hashCode());
    for (int i = 0; i < Fuzz.cases(1000); i++) {
      long seed = seeds.nextLong();
      String text = gen.apply(new Random(seed));
      SourceText source = new SourceText("fuzz.sg", text);
      assertEquals(Parser.parseLl(source), Parser.parse(source),
          () -> kind + " case (seed " + SEED + "/" + seed + "):\n" + text);
    }
  }

  @Test
  void randomStatementsParseAsWithFullLlPrediction() {
    sameAsLl("statements", InputGen::statements);
  }

  @Test
  void randomTokenSoupsParseAsWithFullLlPrediction() {
    sameAsLl("soup", InputGen::soup);
  }

  @Test
  void randomBytesParseAsWithFullLlPrediction() {
    sameAsLl("bytes", InputGen::bytes);
  }

  @Test
  void randomUnicodeParsesAsWithFullLlPrediction() {
    sameAsLl("unicode", InputGen::unicode);
  }

  @Test
  void theBundledSpecsAreReadByTheSllStageAlone() throws IOException {
    List<Path> specs;
    try (Stream<Path> files = Files.list(Path.of("specs"))) {
      specs = files.filter(p -> p.toString().endsWith(".sg")).sorted().toList();
    }
    assertEquals(false, specs.isEmpty());
    for (Path p : specs) {
      SourceText source = new SourceText(p.toString(), Files.readString(p));
      ParseResult fast = Parser.parseSll(source);
      assertNotNull(fast, p.toString());
      assertEquals(Parser.parseLl(source), fast, p.toString());
    }
  }

  @Test
  void aSyntaxErrorOrALexicalErrorLeavesTheSllStage() {
    for (String text :
        List.of(
            "group G { ingress allow tcp 22 }\n",
            "group G { ingress allow tcp 22 from 10.0.0.0/8 } $\n",
            "assert a -> b\n",
            "instance a ip 10.0.0.1 in\n")) {
      SourceText source = new SourceText("t.sg", text);
      assertNull(Parser.parseSll(source), text);
      ParseResult full = Parser.parse(source);
      assertEquals(Parser.parseLl(source), full, text);
      assertEquals(false, full.diagnostics().isEmpty(), text);
    }
  }

  @Test
  void filesWithSeveralSyntaxErrorsGetEveryDiagnosticOfTheLlParse() {
    for (String name :
        List.of("several_syntax_errors.sg", "unclosed_group_brace.sg", "protocol_expected.sg")) {
      SourceText source = new SourceText(name, Specs.text(ParserTest.class, name));
      assertNull(Parser.parseSll(source), name);
      assertEquals(Parser.parseLl(source), Parser.parse(source), name);
    }
  }
}

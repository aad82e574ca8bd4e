package dev.sgproof.syntax;

import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.antlr.SgProofParser;
import dev.sgproof.syntax.ast.SpecNode;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Parses one source text into an AST; syntax errors become SG001 diagnostics, never exceptions. */
public final class Parser {
  private Parser() {}

  /**
   * Parses in two stages, as ANTLR recommends: first with SLL prediction and a strategy that stops
   * at the first syntax error, which is much cheaper and, when it succeeds without any error
   * (lexical ones included), gives the very tree that full LL prediction gives; otherwise the text
   * is parsed again from the start exactly as before (LL prediction, statement recovery), so every
   * diagnostic is what a single LL parse reports.
   */
  public static ParseResult parse(SourceText source) {
    Positions positions = new Positions(source.text());
    ParseResult fast = parseSll(source, positions);
    return fast != null ? fast : parseLl(source, positions);
  }

  /** The tree when SLL prediction parses the text with no error at all; otherwise null. */
  static ParseResult parseSll(SourceText source) {
    return parseSll(source, new Positions(source.text()));
  }

  private static ParseResult parseSll(SourceText source, Positions positions) {
    ErrorSink sink = new ErrorSink(source.name());
    try {
      CommonTokenStream tokens = new CommonTokenStream(lexer(source, sink, positions));
      SgProofParser parser = new SgProofParser(tokens);
      parser.removeErrorListeners();
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      SgProofParser.SpecContext tree = parser.spec();
      if (!sink.errors().isEmpty()) {
        return null;
      }
      return new ParseResult(new AstBuilder(source.name(), positions).spec(tree), List.of());
    } catch (ParseCancellationException | ErrorSink.TooMany stop) {
      return null;
    }
  }

  /** What the parser did before the SLL stage: one parse with full LL prediction (for tests). */
  static ParseResult parseLl(SourceText source) {
    return parseLl(source, new Positions(source.text()));
  }

  private static ParseResult parseLl(SourceText source, Positions positions) {
    ErrorSink sink = new ErrorSink(source.name());
    try {
      CommonTokenStream tokens = new CommonTokenStream(lexer(source, sink, positions));
      SgProofParser parser = new SgProofParser(tokens);
      parser.removeErrorListeners();
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      parser.setErrorHandler(
          new StatementRecovery(
              (t, m) -> sink.syntactic(t.getLine(), positions.column(t), Positions.length(t), m)));
      SgProofParser.SpecContext tree = parser.spec();
      if (sink.errors().isEmpty()) {
        return new ParseResult(new AstBuilder(source.name(), positions).spec(tree), List.of());
      }
    } catch (ErrorSink.TooMany stop) {
      // the sink holds the errors and the note
    }
    return new ParseResult(new SpecNode(source.name(), List.of()), sink.errors());
  }

  private static CheckedLexer lexer(SourceText source, ErrorSink sink, Positions positions) {
    return new CheckedLexer(
        new AsciiFoldedStream(CharStreams.fromString(source.text(), source.name())),
        sink,
        positions);
  }
}

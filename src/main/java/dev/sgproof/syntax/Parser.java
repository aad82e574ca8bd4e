package dev.sgproof.syntax;

import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.antlr.SgProofParser;
import dev.sgproof.syntax.ast.SpecNode;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;

/** Parses one source text into an AST; syntax errors become SG001 diagnostics, never exceptions. */
public final class Parser {
  private Parser() {}

  public static ParseResult parse(SourceText source) {
    ErrorSink sink = new ErrorSink(source.name());
    Positions positions = new Positions(source.text());
    try {
      CheckedLexer lexer =
          new CheckedLexer(
              new AsciiFoldedStream(CharStreams.fromString(source.text(), source.name())),
              sink,
              positions);
      CommonTokenStream tokens = new CommonTokenStream(lexer);
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
}

package dev.sgproof.syntax;

import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.antlr.SgProofParser;
import dev.sgproof.syntax.ast.SpecNode;
import dev.sgproof.syntax.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTreeListener;
import org.antlr.v4.runtime.tree.TerminalNode;

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
      // Each top-level statement becomes AST as soon as it is parsed, and its subtree is dropped
      // from the tree: a spec of 100,000 NICs and 200,000 rules otherwise holds its whole parse
      // tree until the end, which young collections copy again and again. A later error discards
      // what was built (the LL stage starts over).
      // A rule also exits while a syntax error unwinds it (the bail strategy's exception passes
      // through the generated code's finally): such a statement is incomplete, so nothing is
      // built from it, and the stage gives up as it does on any error.
      AstBuilder builder = new AstBuilder(source.name(), positions);
      List<Statement> statements = new ArrayList<>();
      boolean[] incomplete = new boolean[1];
      parser.addParseListener(new ParseTreeListener() {
        @Override
        public void exitEveryRule(ParserRuleContext ctx) {
          if (ctx.exception != null) {
            incomplete[0] = true;
          }
          if (ctx instanceof SgProofParser.StatementContext s
              && ctx.parent instanceof SgProofParser.SpecContext spec) {
            if (!incomplete[0] && sink.errors().isEmpty()) {
              try {
                statements.add(builder.statement(s));
              } catch (RuntimeException partial) {
                incomplete[0] = true;
              }
            }
            spec.removeLastChild();
          }
        }

        @Override
        public void enterEveryRule(ParserRuleContext ctx) {}

        @Override
        public void visitTerminal(TerminalNode node) {}

        @Override
        public void visitErrorNode(ErrorNode node) {}
      });
      parser.spec();
      if (!sink.errors().isEmpty() || incomplete[0]) {
        return null;
      }
      return new ParseResult(new SpecNode(source.name(), statements), List.of());
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

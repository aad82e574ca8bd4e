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
      StatementByStatement parser =
          new StatementByStatement(tokens, new AstBuilder(source.name(), positions), sink);
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
      parser.spec();
      if (!sink.errors().isEmpty() || parser.incomplete) {
        return null;
      }
      return new ParseResult(new SpecNode(source.name(), parser.statements), List.of());
    } catch (ParseCancellationException | ErrorSink.TooMany stop) {
      return null;
    }
  }

  /**
   * The SLL stage's parser: each top-level statement becomes AST as soon as it is parsed, and its
   * subtree is dropped from the tree: a spec of 100,000 NICs and 200,000 rules otherwise holds its
   * whole parse tree until the end, which young collections copy again and again. A later error
   * discards what was built (the LL stage starts over).
   *
   * <p>It does so in {@link #exitRule()} rather than in a parse listener: with any listener, ANTLR
   * walks its listener list on entering and leaving every rule and on every token (an iterator
   * each time: 11 % of the samples of a 1.7 MB spec's dry run).
   *
   * <p>A rule also exits while a syntax error unwinds it (the bail strategy's exception passes
   * through the generated code's finally, having marked every open context): such a statement is
   * incomplete, so nothing is built from it, and the stage gives up as it does on any error.
   */
  private static final class StatementByStatement extends SgProofParser {
    final List<Statement> statements = new ArrayList<>();
    boolean incomplete;
    private final AstBuilder builder;
    private final ErrorSink sink;

    StatementByStatement(CommonTokenStream tokens, AstBuilder builder, ErrorSink sink) {
      super(tokens);
      this.builder = builder;
      this.sink = sink;
    }

    @Override
    public void exitRule() {
      ParserRuleContext ctx = getContext();
      if (ctx.exception != null) {
        incomplete = true;
      }
      if (ctx instanceof SgProofParser.StatementContext s
          && ctx.parent instanceof SgProofParser.SpecContext spec) {
        super.exitRule(); // sets the statement's stop token first
        if (!incomplete && sink.errors().isEmpty()) {
          try {
            statements.add(builder.statement(s));
          } catch (RuntimeException partial) {
            incomplete = true;
          }
        }
        spec.removeLastChild();
        return;
      }
      super.exitRule();
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

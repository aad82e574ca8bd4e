package dev.sgproof.syntax;

import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.antlr.SgProofParser;
import dev.sgproof.syntax.ast.SpecNode;
import dev.sgproof.syntax.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Parses one source text into an AST; syntax errors become SG001 diagnostics, never exceptions. */
public final class Parser {
  private Parser() {}

  /**
   * At most this many parts of a long text are parsed at once, one thread each: one per core,
   * and no more than 4.
   */
  static final int PARTS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /** A text is cut into parts of at least this many characters (smaller ones: one thread). */
  static final int MIN_PART_CHARS = 128 * 1024;

  /**
   * Parses in two stages, as ANTLR recommends: first with SLL prediction and a strategy that stops
   * at the first syntax error, which is much cheaper and, when it succeeds without any error
   * (lexical ones included), gives the very tree that full LL prediction gives; otherwise the text
   * is parsed again from the start exactly as before (LL prediction, statement recovery), so every
   * diagnostic is what a single LL parse reports.
   *
   * <p>A long text's SLL stage runs on parts of it at once ({@link ParallelSll}); when any part
   * meets any error, the whole text goes through the two stages above on this thread.
   */
  public static ParseResult parse(SourceText source) {
    return parse(source, PARTS, MIN_PART_CHARS);
  }

  /** {@link #parse(SourceText)} with at most {@code parts} parts of at least that size. */
  static ParseResult parse(SourceText source, int parts, int minPartChars) {
    Positions positions = new Positions(source.text());
    ParseResult fast = null;
    if (positions.isIdentity() && parts > 1) {
      int[] starts = ParallelSll.starts(source.text(), parts, minPartChars);
      if (starts.length > 1) {
        fast = ParallelSll.parse(source, positions, starts);
      }
    }
    if (fast == null) {
      fast = parseSll(source, positions);
    }
    return fast != null ? fast : parseLl(source, positions);
  }

  /** The tree when SLL prediction parses the text with no error at all; otherwise null. */
  static ParseResult parseSll(SourceText source) {
    return parseSll(source, new Positions(source.text()));
  }

  private static ParseResult parseSll(SourceText source, Positions positions) {
    CharStream chars =
        new AsciiFoldedStream(CharStreams.fromString(source.text(), source.name()));
    List<Statement> statements = sllStatements(source.name(), positions, chars, 1, null);
    return statements == null
        ? null
        : new ParseResult(new SpecNode(source.name(), statements), List.of());
  }

  /**
   * The statements of {@code chars} (whose first line is line {@code line}) when SLL prediction
   * parses them with no error at all; null on any error, or once {@code stop} is set (when given).
   */
  static List<Statement> sllStatements(
      String file, Positions positions, CharStream chars, int line, AtomicBoolean stop) {
    ErrorSink sink = new ErrorSink(file);
    try {
      CheckedLexer lexer = new CheckedLexer(chars, sink, positions);
      lexer.setLine(line);
      CommonTokenStream tokens = new CommonTokenStream(lexer);
      StatementByStatement parser =
          new StatementByStatement(tokens, new AstBuilder(file, positions), sink, stop);
      parser.removeErrorListeners();
      parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
      parser.setErrorHandler(new BailErrorStrategy());
      parser.spec();
      if (!sink.isEmpty() || parser.incomplete) {
        return null;
      }
      return parser.statements;
    } catch (ParseCancellationException | ErrorSink.TooMany stopped) {
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
    private final AtomicBoolean stop;

    StatementByStatement(
        CommonTokenStream tokens, AstBuilder builder, ErrorSink sink, AtomicBoolean stop) {
      super(tokens);
      this.builder = builder;
      this.sink = sink;
      this.stop = stop;
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
        if (!incomplete && sink.isEmpty()) {
          try {
            statements.add(builder.statement(s));
          } catch (RuntimeException partial) {
            incomplete = true;
          }
        }
        spec.removeLastChild();
        // Nothing more can come of this stage after an error (a lexical one included), nor once
        // another part of the text has given up.
        if (incomplete || !sink.isEmpty() || (stop != null && stop.get())) {
          incomplete = true;
          throw new ParseCancellationException("the SLL stage gives up");
        }
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

package dev.sgproof.syntax;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.antlr.SgProofLexer;
import dev.sgproof.syntax.antlr.SgProofParser;
import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Whether a file is spec text, so that diagnostics may show its lines. A file is spec text when it
 * parses, or when its first token (after comments and blank lines) can begin a statement: {@code
 * group}, {@code instance}, {@code assert}, {@code include}, whatever the grammar allows. A file
 * with syntax errors that begins otherwise ({@code root:x:0:0:...}, {@code -----BEGIN ...},
 * {@code KEY=value}) is not: none of its lines, and no token of it, may be echoed.
 */
public final class SpecText {
  private static final IntervalSet STATEMENT_STARTS =
      SgProofParser._ATN.nextTokens(SgProofParser._ATN.ruleToStartState[SgProofParser.RULE_statement]);

  private SpecText() {}

  /**
   * Where a file that is not spec text begins (the position of its first token, length 0); empty
   * when the file is spec text.
   */
  public static Optional<SourceSpan> notSpecText(SourceText source, ParseResult parsed) {
    return parsed.hasErrors() ? firstWordBeginsNoStatement(source) : Optional.empty();
  }

  /**
   * The position of the first token (length 0) when it cannot begin a statement (end of file
   * included); empty when it can. Ask it of a file with syntax errors: it is then spec text when
   * this is empty.
   */
  public static Optional<SourceSpan> firstWordBeginsNoStatement(SourceText source) {
    SgProofLexer lexer =
        new SgProofLexer(
            new AsciiFoldedStream(CharStreams.fromString(source.text(), source.name())));
    lexer.removeErrorListeners();
    Token t = lexer.nextToken();
    if (t.getType() != Token.EOF && STATEMENT_STARTS.contains(t.getType())) {
      return Optional.empty();
    }
    int column = new Positions(source.text()).column(t);
    return Optional.of(new SourceSpan(source.name(), Math.max(1, t.getLine()), Math.max(1, column), 0));
  }
}

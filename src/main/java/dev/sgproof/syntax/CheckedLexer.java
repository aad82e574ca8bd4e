package dev.sgproof.syntax;

import dev.sgproof.syntax.antlr.SgProofLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.LexerNoViableAltException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/** The generated lexer, reporting unexpected characters and unterminated strings to a sink. */
final class CheckedLexer extends SgProofLexer {
  private final ErrorSink sink;
  private final Positions positions;

  CheckedLexer(CharStream input, ErrorSink sink, Positions positions) {
    super(input);
    this.sink = sink;
    this.positions = positions;
    removeErrorListeners();
  }

  @Override
  public Token nextToken() {
    Token t = super.nextToken();
    while (t.getType() == UNEXPECTED) {
      String text = t.getText();
      String first = describe(text.codePointAt(0));
      boolean one = text.codePointCount(0, text.length()) == 1;
      sink.lexical(
          t.getLine(),
          positions.column(t),
          text.length(),
          one ? "unexpected character " + first : "unexpected characters, starting with " + first);
      t = super.nextToken();
    }
    if (t.getType() == UNTERMINATED_STRING) {
      sink.lexical(
          t.getLine(),
          positions.column(t),
          t.getText().length(),
          "unterminated string: a string must end with '\"' on the same line");
    }
    return t;
  }

  @Override
  public void notifyListeners(LexerNoViableAltException e) {
    String text = _input.getText(Interval.of(_tokenStartCharIndex, _input.index()));
    String shown = text.isEmpty() ? "?" : describe(text.codePointAt(0));
    sink.lexical(
        _tokenStartLine,
        positions.column(_tokenStartCharIndex, _tokenStartCharPositionInLine),
        1,
        "unexpected character " + shown);
  }

  private static String describe(int cp) {
    if (cp >= 0x20 && cp < 0x7f) {
      return "'" + (char) cp + "'";
    }
    return String.format("U+%04X", cp);
  }
}

package dev.sgproof.syntax;

import org.antlr.v4.runtime.Token;

/**
 * Converts ANTLR positions (code points) to the UTF-16 columns that {@link
 * dev.sgproof.diag.SourceText} and the renderer use. Free when the text has no surrogate pair.
 */
final class Positions {
  private final int[] utf16;

  Positions(String text) {
    this.utf16 = text.codePointCount(0, text.length()) == text.length() ? new int[0] : offsets(text);
  }

  private static int[] offsets(String text) {
    int[] out = new int[text.codePointCount(0, text.length()) + 1];
    int at = 0;
    for (int i = 0; i < out.length - 1; i++) {
      out[i] = at;
      at += Character.charCount(text.codePointAt(at));
    }
    out[out.length - 1] = text.length();
    return out;
  }

  /** Whether every character of the text is a code point (no surrogate pair): no conversion. */
  boolean isIdentity() {
    return utf16.length == 0;
  }

  /** The UTF-16 offset of a code point index. */
  int offset(int codePointIndex) {
    if (utf16.length == 0) {
      return codePointIndex;
    }
    return utf16[Math.max(0, Math.min(codePointIndex, utf16.length - 1))];
  }

  /** The 1-based UTF-16 column of a token. */
  int column(Token t) {
    return column(t.getStartIndex(), t.getCharPositionInLine());
  }

  /**
   * The 1-based UTF-16 column of the code point at {@code index}, ANTLR column {@code cpColumn}.
   */
  int column(int index, int cpColumn) {
    if (utf16.length == 0 || index < 0) {
      return cpColumn + 1;
    }
    // The line starts cpColumn code points before the index (the lexer counts code points).
    return offset(index) - offset(index - cpColumn) + 1;
  }

  /**
   * The UTF-16 length of a token's text (0 for end of file), as {@link #length(Token)} counts it,
   * without fetching the text when the text has no surrogate pair (a token's text is then the
   * characters from its start to its stop).
   */
  int lengthOf(Token t) {
    if (utf16.length != 0 || t.getType() == Token.EOF) {
      return length(t);
    }
    return Math.max(0, t.getStopIndex() - t.getStartIndex() + 1);
  }

  /** The UTF-16 length of a token's text (0 for end of file). */
  static int length(Token t) {
    return t.getType() == Token.EOF ? 0 : t.getText().length();
  }
}

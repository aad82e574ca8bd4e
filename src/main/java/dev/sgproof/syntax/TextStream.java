package dev.sgproof.syntax;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The characters {@code [0, end)} of a text as the lexer sees them through {@link
 * AsciiFoldedStream} (above U+007F as U+0001, a CR that no LF follows as LF), read straight from
 * the string, starting at {@code start}: what one part of a text split for the parallel parse
 * lexes. Indices are those of the whole text, so tokens carry the positions they have there.
 *
 * <p>Only for a text in which every character is a code point (no surrogate pair), where a
 * character index is the code point index that ANTLR's own streams count.
 */
final class TextStream implements CharStream {
  private final String text;
  private final int end;
  private final String name;
  private int at;

  TextStream(String text, int start, int end, String name) {
    if (start < 0 || start > end || end > text.length()) {
      throw new IllegalArgumentException("part " + start + ".." + end + " of " + text.length());
    }
    this.text = text;
    this.end = end;
    this.name = name;
    this.at = start;
  }

  @Override
  public int LA(int i) {
    if (i == 0) {
      return 0;
    }
    int p = i > 0 ? at + i - 1 : at + i;
    if (p < 0 || p >= end) {
      return IntStream.EOF;
    }
    char c = text.charAt(p);
    if (c == '\r') {
      return p + 1 < text.length() && text.charAt(p + 1) == '\n' ? c : '\n';
    }
    return c > 0x7f ? 0x01 : c;
  }

  @Override
  public void consume() {
    if (at >= end) {
      throw new IllegalStateException("cannot consume EOF");
    }
    at++;
  }

  @Override
  public String getText(Interval interval) {
    int from = Math.min(interval.a, end);
    int length = Math.min(interval.b - interval.a + 1, end - from);
    return length <= 0 ? "" : text.substring(from, from + length);
  }

  @Override
  public int mark() {
    return -1;
  }

  @Override
  public void release(int marker) {}

  @Override
  public int index() {
    return at;
  }

  @Override
  public void seek(int index) {
    at = index;
  }

  @Override
  public int size() {
    return end;
  }

  @Override
  public String getSourceName() {
    return name;
  }
}

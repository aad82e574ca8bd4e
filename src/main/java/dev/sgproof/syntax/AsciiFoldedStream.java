package dev.sgproof.syntax;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Shows the lexer every character above U+007F as U+0001. The language's tokens are ASCII; only
 * strings, comments and the catch-all UNEXPECTED rule accept other characters, and they accept
 * U+0001 just the same. ANTLR's lexer caches DFA edges for ASCII only, so without this a long run
 * of non-ASCII text would cost a full ATN simulation per character. Token texts still come from the
 * real characters.
 *
 * <p>It also shows a CR that no LF follows as LF. The grammar treats CR and LF alike everywhere
 * (both end comments and strings, both are blanks), so tokens are unchanged; but ANTLR counts a
 * line only at LF, and this way the lexer's lines agree with {@link dev.sgproof.diag.SourceText},
 * for which LF, CRLF and a lone CR are each one line end.
 */
final class AsciiFoldedStream implements CharStream {
  private static final int FOLDED = 0x01;
  private final CharStream in;

  AsciiFoldedStream(CharStream in) {
    this.in = in;
  }

  @Override
  public int LA(int i) {
    int c = in.LA(i);
    if (c == '\r') {
      // LA(1) is the current character, LA(-1) the one before it: there is no LA(0).
      return in.LA(i == -1 ? 1 : i + 1) == '\n' ? c : '\n';
    }
    return c > 0x7f ? FOLDED : c;
  }

  @Override
  public String getText(Interval interval) {
    return in.getText(interval);
  }

  @Override
  public void consume() {
    in.consume();
  }

  @Override
  public int mark() {
    return in.mark();
  }

  @Override
  public void release(int marker) {
    in.release(marker);
  }

  @Override
  public int index() {
    return in.index();
  }

  @Override
  public void seek(int index) {
    in.seek(index);
  }

  @Override
  public int size() {
    return in.size();
  }

  @Override
  public String getSourceName() {
    return in.getSourceName();
  }
}

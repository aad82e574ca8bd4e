package dev.sgproof.diag;

import java.util.Arrays;
import java.util.Objects;

/**
 * The text of one source file, with the line lookup that diagnostics need for their caret. A line
 * ends at LF, at CRLF or at a CR not followed by LF: each is one line end, everywhere (the lexer's
 * positions, diagnostics, the formatter).
 */
public final class SourceText {
  private final String name;
  private final String text;
  /** The offset where each line starts. */
  private final int[] lineStarts;
  /** The offset where each line's text ends (before its line terminator). */
  private final int[] lineEnds;

  public SourceText(String name, String text) {
    this.name = Objects.requireNonNull(name, "name");
    this.text = Objects.requireNonNull(text, "text");
    int[] starts = new int[16];
    int[] ends = new int[16];
    int n = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\n' && c != '\r') {
        continue;
      }
      if (n + 1 >= starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
        ends = Arrays.copyOf(ends, ends.length * 2);
      }
      starts[n] = start;
      ends[n] = i;
      n++;
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
      }
      start = i + 1;
    }
    starts[n] = start;
    ends[n] = text.length();
    n++;
    lineStarts = Arrays.copyOf(starts, n);
    lineEnds = Arrays.copyOf(ends, n);
  }

  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  /** The number of lines: one more than the number of line ends. */
  public int lineCount() {
    return lineStarts.length;
  }

  /** The 1-based line of the character at {@code offset} (a line terminator ends its line). */
  public int lineAt(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** The text of a 1-based line without its line terminator; empty past the end. */
  public String line(int line) {
    if (line < 1 || line > lineStarts.length) {
      return "";
    }
    return text.substring(lineStarts[line - 1], lineEnds[line - 1]);
  }

  /** The length of a 1-based line without its line terminator; 0 past the end. */
  public int lineLength(int line) {
    if (line < 1 || line > lineStarts.length) {
      return 0;
    }
    return lineEnds[line - 1] - lineStarts[line - 1];
  }

  /**
   * Characters {@code from} (inclusive) to {@code to} (exclusive) of a 1-based line, both clamped
   * to the line: costs the length of the slice, not of the line.
   */
  public String line(int line, int from, int to) {
    int length = lineLength(line);
    int a = Math.max(0, Math.min(from, length));
    int b = Math.max(a, Math.min(to, length));
    if (b == a) {
      return "";
    }
    int start = lineStarts[line - 1];
    return text.substring(start + a, start + b);
  }

  /**
   * The line terminator the text uses: that of its first line end ({@code "\n"}, {@code "\r\n"}
   * or {@code "\r"}), or {@code "\n"} when it has none.
   */
  public String lineSeparator() {
    if (lineStarts.length < 2) {
      return "\n";
    }
    return text.substring(lineEnds[0], lineStarts[1]);
  }
}

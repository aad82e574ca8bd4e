package dev.sgproof.diag;

import java.util.Objects;

/**
 * A place in a source file: 1-based line and column of the first character, and the number of
 * characters it covers on that line (at least 1 for a caret).
 */
public record SourceSpan(String file, int line, int column, int length) {
  public SourceSpan {
    Objects.requireNonNull(file, "file");
    if (line < 1 || column < 1 || length < 0) {
      throw new IllegalArgumentException("bad span " + line + ":" + column + "+" + length);
    }
  }

  /** A span for things that have no place in a file (generated rules, command-line input). */
  public static SourceSpan none(String file) {
    return new SourceSpan(file, 1, 1, 0);
  }

  /** {@code file:line:column}, as printed in diagnostics. */
  public String position() {
    return file + ":" + line + ":" + column;
  }

  @Override
  public String toString() {
    return position();
  }
}

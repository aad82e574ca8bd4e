package dev.sgproof.imports;

import java.util.Objects;

/**
 * Something imported approximately or not at all; printed as {@code file: path: warning: ...} on
 * one line, every part escaped ({@link Escape}).
 */
public record ImportWarning(String file, String path, String message) {
  public ImportWarning {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return Escape.text(file) + ": " + Escape.text(path) + ": warning: " + Escape.text(message);
  }
}

package dev.sgproof.syntax.ast;

import java.util.List;
import java.util.Objects;

/** One parsed file: its statements in order. */
public record SpecNode(String file, List<Statement> statements) {
  public SpecNode {
    Objects.requireNonNull(file, "file");
    statements = List.copyOf(statements);
  }
}

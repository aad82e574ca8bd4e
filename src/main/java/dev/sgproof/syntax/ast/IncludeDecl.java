package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/** {@code include "PATH"}; {@code path} without quotes, {@code pathSpan} the string token. */
public record IncludeDecl(String path, SourceSpan pathSpan, SourceSpan span) implements Statement {
  public IncludeDecl {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pathSpan, "pathSpan");
    Objects.requireNonNull(span, "span");
  }
}

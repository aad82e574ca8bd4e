package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/** A value written in the source (a keyword's meaning, say) with the span of its token. */
public record Located<T>(T value, SourceSpan span) {
  public Located {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(span, "span");
  }
}

package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/** A name as written, with its span. */
public record Ident(String text, SourceSpan span) {
  public Ident {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(span, "span");
  }
}

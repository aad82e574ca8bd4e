package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/** An address or CIDR as written (validated by the resolver). */
public record AddressLit(String text, SourceSpan span) {
  public AddressLit {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(span, "span");
  }
}

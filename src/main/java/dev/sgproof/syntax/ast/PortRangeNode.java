package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/** {@code N} or {@code N-M}; a single port has {@code high} equal to {@code low} (same literal). */
public record PortRangeNode(NumberLit low, NumberLit high, SourceSpan span) {
  public PortRangeNode {
    Objects.requireNonNull(low, "low");
    Objects.requireNonNull(high, "high");
    Objects.requireNonNull(span, "span");
  }
}

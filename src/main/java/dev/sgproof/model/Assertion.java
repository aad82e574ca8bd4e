package dev.sgproof.model;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/**
 * A resolved assertion. {@code label} is empty when none was given; {@code text} is the assertion
 * as written after {@code assert} and the label (whitespace normalised), for reports.
 */
public record Assertion(
    String label,
    AssertionKind kind,
    Endpoint left,
    Endpoint right,
    Traffic traffic,
    String text,
    SourceSpan span) {
  public Assertion {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(span, "span");
  }

  public int line() {
    return span.line();
  }

  public boolean hasLabel() {
    return !label.isEmpty();
  }
}

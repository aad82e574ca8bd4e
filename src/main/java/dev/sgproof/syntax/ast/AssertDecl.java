package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/**
 * An assertion as written. {@code label} is empty when none is given; {@code text} is the assertion
 * after {@code assert} and the label, tokens joined by single spaces.
 */
public record AssertDecl(
    String label,
    EndpointNode left,
    Located<Arrow> arrow,
    EndpointNode right,
    Located<Claim> claim,
    TrafficNode traffic,
    String text,
    SourceSpan span)
    implements Statement {
  public AssertDecl {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(arrow, "arrow");
    Objects.requireNonNull(right, "right");
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(span, "span");
  }
}

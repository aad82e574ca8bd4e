package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.math.BigInteger;
import java.util.Objects;

/** An integer as written; any size (the resolver range-checks it). */
public record NumberLit(BigInteger value, SourceSpan span) {
  public NumberLit {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(span, "span");
  }

  /** The value when it lies in {@code lo..hi}, else empty. */
  public java.util.OptionalInt within(int lo, int hi) {
    boolean in =
        value.compareTo(BigInteger.valueOf(lo)) >= 0
            && value.compareTo(BigInteger.valueOf(hi)) <= 0;
    return in ? java.util.OptionalInt.of(value.intValueExact()) : java.util.OptionalInt.empty();
  }
}

package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.semantics.Decision;
import java.util.Objects;
import java.util.Optional;

/**
 * The checked answer for one assertion. A refuted result carries the evaluator's decision on the
 * counterexample and the obligation it breaks; these come from the concrete evaluator, never from
 * an engine.
 */
public record AssertionResult(
    Assertion assertion, Verdict verdict, Optional<Decision> decision, Optional<Obligation> broken) {
  public AssertionResult {
    Objects.requireNonNull(assertion, "assertion");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(broken, "broken");
    if ((verdict instanceof Verdict.Refuted) != decision.isPresent()) {
      throw new IllegalArgumentException("a refuted result needs the evaluator's decision");
    }
  }

  public static AssertionResult of(Assertion a, Verdict v) {
    return new AssertionResult(a, v, Optional.empty(), Optional.empty());
  }
}

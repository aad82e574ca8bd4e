package dev.sgproof.query;

import dev.sgproof.flows.Violations;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Rule;
import dev.sgproof.semantics.Decision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The checked answer for one assertion. A refuted result carries the evaluator's decision on the
 * counterexample and the obligation it breaks; these come from the concrete evaluator, never from
 * an engine. When asked for, a refuted result also lists its violation boxes (checked against the
 * evaluator: {@link Replay#violations}), and any result the rules that decide some flow of its
 * assertion ({@link Engine#decidedBy}).
 */
public record AssertionResult(
    Assertion assertion, Verdict verdict, Optional<Decision> decision, Optional<Obligation> broken,
    Optional<Violations.Listing> violations, Optional<List<Rule>> decidedBy) {
  public AssertionResult {
    Objects.requireNonNull(assertion, "assertion");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(broken, "broken");
    Objects.requireNonNull(violations, "violations");
    Objects.requireNonNull(decidedBy, "decidedBy");
    decidedBy = decidedBy.map(List::copyOf);
    if ((verdict instanceof Verdict.Refuted) != decision.isPresent()) {
      throw new IllegalArgumentException("a refuted result needs the evaluator's decision");
    }
    if (violations.isPresent() && !(verdict instanceof Verdict.Refuted)) {
      throw new IllegalArgumentException("only a refuted result has violations");
    }
  }

  public AssertionResult(
      Assertion assertion, Verdict verdict, Optional<Decision> decision, Optional<Obligation> broken) {
    this(assertion, verdict, decision, broken, Optional.empty(), Optional.empty());
  }

  public static AssertionResult of(Assertion a, Verdict v) {
    return new AssertionResult(a, v, Optional.empty(), Optional.empty());
  }

  public AssertionResult withViolations(Violations.Listing listing) {
    return new AssertionResult(assertion, verdict, decision, broken, Optional.of(listing),
        decidedBy);
  }

  public AssertionResult withDecidedBy(List<Rule> rules) {
    return new AssertionResult(assertion, verdict, decision, broken, violations,
        Optional.of(rules));
  }
}

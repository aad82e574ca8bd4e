package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.Decision;
import dev.sgproof.semantics.Evaluator;
import java.util.List;
import java.util.Optional;

/**
 * Every refutation is replayed in the concrete evaluator before it reaches a user: the
 * counterexample must lie in one of the assertion's obligations and the evaluator's decision on it
 * must break that obligation. Otherwise an engine is wrong and a {@link DisagreementException} is
 * thrown.
 */
public final class Replay {
  private Replay() {}

  /** The checked result of an engine's verdict: a refutation replayed, any other passed through. */
  public static AssertionResult check(Spec spec, Assertion a, Verdict v) {
    if (v instanceof Verdict.Refuted r) {
      return refutation(spec, a, r);
    }
    return AssertionResult.of(a, v);
  }

  /** Confirms a refutation in the concrete evaluator or throws a DisagreementException. */
  public static AssertionResult refutation(Spec spec, Assertion a, Verdict.Refuted r) {
    Flow f = r.counterexample();
    Evaluator evaluator = new Evaluator(spec.network());
    List<Obligation> mine = Obligation.of(a);
    Optional<Obligation> inSet = mine.stream().filter(o -> o.contains(spec.network(), f)).findFirst();
    if (inSet.isEmpty()) {
      throw new DisagreementException(
          a.span().file() + ":" + a.line() + ": the engine's counterexample " + f
              + " is not a flow of the assertion '" + a.text() + "'");
    }
    Decision d = evaluator.evaluate(f);
    for (Obligation o : mine) {
      if (o.contains(spec.network(), f) && !o.expect().satisfiedBy(d.permitted())) {
        return new AssertionResult(a, r, Optional.of(d), Optional.of(o));
      }
    }
    throw new DisagreementException(
        a.span().file() + ":" + a.line() + ": the engine says " + f + " refutes '" + a.text()
            + "', but the evaluator says it is " + (d.permitted() ? "permitted" : "denied")
            + ", as the assertion requires: " + String.join("; ", d.trace()));
  }
}

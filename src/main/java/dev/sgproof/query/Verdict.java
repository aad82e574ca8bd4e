package dev.sgproof.query;

import dev.sgproof.model.Flow;
import dev.sgproof.model.Rule;
import java.util.List;
import java.util.Objects;

/**
 * The answer for one assertion, assembled from its obligations' {@link Outcome}s; never
 * defaulted.
 */
public sealed interface Verdict permits Verdict.Proved, Verdict.Refuted, Verdict.Unknown {

  /** Short word for reports: proved, refuted, unknown. */
  String word();

  /**
   * The assertion holds for every flow of its set. {@code dependsOn} lists the rules the proof
   * needs (empty when the engine does not compute it, or when no rule is needed); {@code steps}
   * names the intra-group allows and defaults it rests on (see {@link ProofSteps}; empty unless
   * asked for).
   */
  record Proved(List<Rule> dependsOn, List<String> steps) implements Verdict {
    public Proved {
      dependsOn = List.copyOf(dependsOn);
      steps = List.copyOf(steps);
    }

    public Proved(List<Rule> dependsOn) {
      this(dependsOn, List.of());
    }

    public static Proved withoutDependencies() {
      return new Proved(List.of());
    }

    @Override
    public String word() {
      return "proved";
    }
  }

  /**
   * A flow of the assertion's set that contradicts it. The flow has been replayed in the concrete
   * evaluator before a Refuted reaches a user (see {@link Replay}).
   */
  record Refuted(Flow counterexample) implements Verdict {
    public Refuted {
      Objects.requireNonNull(counterexample, "counterexample");
    }

    @Override
    public String word() {
      return "refuted";
    }
  }

  /** The engine could not decide (a timeout, a resource limit). Never counted as proved. */
  record Unknown(String reason) implements Verdict {
    public Unknown {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String word() {
      return "unknown";
    }
  }
}

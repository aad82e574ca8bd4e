package dev.sgproof.query;

import dev.sgproof.model.Flow;
import java.util.Objects;

/** What an engine says about one obligation. Never defaulted to either side. */
public sealed interface Outcome permits Outcome.Holds, Outcome.Broken, Outcome.Undecided {

  /** No flow of the obligation breaks its expectation. */
  record Holds() implements Outcome {}

  /** The canonical counterexample ({@link CanonicalFlows}) breaks the expectation. */
  record Broken(Flow counterexample) implements Outcome {
    public Broken {
      Objects.requireNonNull(counterexample, "counterexample");
    }
  }

  /** The engine could not tell (a time limit), and why. */
  record Undecided(String reason) implements Outcome {
    public Undecided {
      Objects.requireNonNull(reason, "reason");
    }
  }

  Outcome HOLDS = new Holds();
}

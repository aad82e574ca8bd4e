package dev.sgproof.smt;

import com.microsoft.z3.Status;

/**
 * What one query says about a {@link Violation}. The solver's status is mapped here and nowhere
 * else: no flow breaks the expectation (unsat), a flow does (sat, the model is one), or the solver
 * gave up (never read as either).
 */
public enum Answer {
  HOLDS,
  BROKEN,
  UNDECIDED;

  static Answer of(Status s) {
    return switch (s) {
      case UNSATISFIABLE -> HOLDS;
      case SATISFIABLE -> BROKEN;
      case UNKNOWN -> UNDECIDED;
    };
  }
}

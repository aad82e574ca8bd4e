package dev.sgproof.smt;

import com.microsoft.z3.Status;

/**
 * What one query says about an obligation. The solver's status is mapped here and nowhere else:
 * no flow breaks it (proved), a flow breaks it (refuted, the model is a counterexample), or the
 * solver gave up (never read as either).
 */
enum Answer {
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

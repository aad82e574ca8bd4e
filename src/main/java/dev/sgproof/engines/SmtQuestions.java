package dev.sgproof.engines;

import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import dev.sgproof.smt.Violation;

/** Obligations as questions for {@code smt}, which knows no obligation. */
final class SmtQuestions {
  private SmtQuestions() {}

  /** Whether some flow of the obligation breaks its expectation. */
  static Violation violation(Obligation o) {
    return new Violation(o.source(), o.destination(), o.traffic(), o.outsideTraffic(),
        o.expect() == Expectation.PERMITTED);
  }
}

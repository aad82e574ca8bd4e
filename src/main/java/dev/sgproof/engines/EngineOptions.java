package dev.sgproof.engines;

import java.util.Objects;

/**
 * What the one factory ({@link Engines}) builds for a run.
 *
 * @param engine which engines the portfolio combines
 * @param timeoutMillis the solver's time limit for one query (one obligation, or one step of a
 *     counterexample or dependsOn search), at least 1
 * @param dependsOn whether a proof lists the rules it needs (costs extra work per proof)
 * @param steps whether a proof names the intra-group allows and defaults it rests on (needs
 *     {@code dependsOn})
 * @param enumerationLimit an obligation with at most this many representative flows (the product
 *     of its class counts, {@link dev.sgproof.query.CanonicalFlows#flowCount}) is decided by the
 *     exhaustive engine, a bigger one by the choice's main engine; 0 sends only empty obligations
 *     to the exhaustive engine. Every engine is exact and gives the same canonical counterexample.
 * @param maxBoxes how many violation boxes a refutation lists (its total is always counted); 0:
 *     no violations are computed
 * @param decidedBy whether every verdict names the rules that decide some flow of its assertion
 */
public record EngineOptions(
    EngineChoice engine, int timeoutMillis, boolean dependsOn, boolean steps,
    long enumerationLimit, int maxBoxes, boolean decidedBy) {
  public static final int DEFAULT_TIMEOUT_MILLIS = 30_000;

  /**
   * The enumeration limit of {@code exhaustive}: about 10-50 ms of evaluation here (it decides
   * every obligation itself either way); {@code smt} and {@code auto} default to 0, so that their
   * main engine decides every non-empty obligation.
   */
  public static final long DEFAULT_ENUMERATION_LIMIT = 20_000;

  public EngineOptions {
    Objects.requireNonNull(engine, "engine");
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeout " + timeoutMillis);
    }
    if (enumerationLimit < 0) {
      throw new IllegalArgumentException("enumeration limit " + enumerationLimit);
    }
    if (maxBoxes < 0) {
      throw new IllegalArgumentException("max boxes " + maxBoxes);
    }
    if (steps && !dependsOn) {
      throw new IllegalArgumentException("proof steps need dependsOn");
    }
  }

  /**
   * 30 s per query, dependsOn computed, no steps; the enumeration limit is 0 for {@code auto} and
   * {@code smt} (every obligation to the class search, or to Z3) and {@link
   * #DEFAULT_ENUMERATION_LIMIT} for {@code exhaustive}.
   */
  public static EngineOptions of(EngineChoice engine) {
    return new EngineOptions(engine, DEFAULT_TIMEOUT_MILLIS, true, false,
        engine == EngineChoice.exhaustive ? DEFAULT_ENUMERATION_LIMIT : 0, 0, false);
  }

  public EngineOptions withTimeout(int millis) {
    return new EngineOptions(engine, millis, dependsOn, steps, enumerationLimit, maxBoxes,
        decidedBy);
  }

  /** With or without dependsOn (without also drops steps). */
  public EngineOptions withDependsOn(boolean on) {
    return new EngineOptions(engine, timeoutMillis, on, steps && on, enumerationLimit, maxBoxes,
        decidedBy);
  }

  /** With or without steps (with also computes dependsOn). */
  public EngineOptions withSteps(boolean on) {
    return new EngineOptions(engine, timeoutMillis, dependsOn || on, on, enumerationLimit,
        maxBoxes, decidedBy);
  }

  public EngineOptions withEnumerationLimit(long flows) {
    return new EngineOptions(engine, timeoutMillis, dependsOn, steps, flows, maxBoxes, decidedBy);
  }

  /** Refutations list at most this many violation boxes (0: violations are not computed). */
  public EngineOptions withMaxBoxes(int boxes) {
    return new EngineOptions(engine, timeoutMillis, dependsOn, steps, enumerationLimit, boxes,
        decidedBy);
  }

  /** With or without the deciding rules of every verdict. */
  public EngineOptions withDecidedBy(boolean on) {
    return new EngineOptions(engine, timeoutMillis, dependsOn, steps, enumerationLimit, maxBoxes,
        on);
  }
}

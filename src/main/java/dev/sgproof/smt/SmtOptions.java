package dev.sgproof.smt;

/**
 * Options of the SMT engine.
 *
 * @param timeoutMillis the solver's time limit for one query (one obligation, or one step of a
 *     counterexample or dependsOn search), at least 1
 * @param dependsOn whether a proof lists the rules it needs (costs extra queries per proof)
 * @param enumerationLimit an obligation with at most this many representative flows (the product
 *     of its class counts, {@link dev.sgproof.query.ExhaustiveEngine#flowCount}) is decided by exact
 *     enumeration of the classes in the evaluator instead of by a solver query; 0 sends every
 *     obligation to the solver. Both paths are exact and give the same canonical counterexample.
 * @param classSearch whether an obligation above the enumeration limit is decided by {@link
 *     dev.sgproof.query.ClassSearch} (the same enumeration over sets of classes at once; exact,
 *     same canonical counterexample) instead of by a solver query: the {@code auto} engine. Z3
 *     still computes dependsOn and writes SMT-LIB files.
 */
public record SmtOptions(
    int timeoutMillis, boolean dependsOn, long enumerationLimit, boolean classSearch) {
  public static final int DEFAULT_TIMEOUT_MILLIS = 30_000;

  /** The default enumeration limit: about 10-50 ms of evaluation on this machine. */
  public static final long DEFAULT_ENUMERATION_LIMIT = 20_000;

  public SmtOptions {
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeout " + timeoutMillis);
    }
    if (enumerationLimit < 0) {
      throw new IllegalArgumentException("enumeration limit " + enumerationLimit);
    }
  }

  public SmtOptions(int timeoutMillis, boolean dependsOn) {
    this(timeoutMillis, dependsOn, DEFAULT_ENUMERATION_LIMIT, false);
  }

  public SmtOptions(int timeoutMillis, boolean dependsOn, long enumerationLimit) {
    this(timeoutMillis, dependsOn, enumerationLimit, false);
  }

  /** Every obligation to the solver (0) or up to this many flows enumerated. */
  public SmtOptions withEnumerationLimit(long flows) {
    return new SmtOptions(timeoutMillis, dependsOn, flows, classSearch);
  }

  /**
   * The options of the {@code auto} engine: every obligation to the class search (enumeration
   * limit 0); Z3 still computes dependsOn when asked.
   */
  public static SmtOptions auto(SmtOptions base) {
    return base.withEnumerationLimit(0).withClassSearch(true);
  }

  /** Obligations above the enumeration limit to the class search (true) or the solver. */
  public SmtOptions withClassSearch(boolean on) {
    return new SmtOptions(timeoutMillis, dependsOn, enumerationLimit, on);
  }

  /** 30 s per query, dependsOn computed. */
  public static SmtOptions defaults() {
    return new SmtOptions(DEFAULT_TIMEOUT_MILLIS, true);
  }

  public SmtOptions withTimeout(int millis) {
    return new SmtOptions(millis, dependsOn, enumerationLimit, classSearch);
  }

  public SmtOptions withDependsOn(boolean on) {
    return new SmtOptions(timeoutMillis, on, enumerationLimit, classSearch);
  }
}

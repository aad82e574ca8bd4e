package dev.sgproof.smt;

/**
 * Options of the SMT engine.
 *
 * @param timeoutMillis the solver's time limit for one query (one obligation, or one step of a
 *     counterexample or dependsOn search), at least 1
 * @param dependsOn whether a proof lists the rules it needs (costs extra queries per proof)
 */
public record SmtOptions(int timeoutMillis, boolean dependsOn) {
  public static final int DEFAULT_TIMEOUT_MILLIS = 30_000;

  public SmtOptions {
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeout " + timeoutMillis);
    }
  }

  /** 30 s per query, dependsOn computed. */
  public static SmtOptions defaults() {
    return new SmtOptions(DEFAULT_TIMEOUT_MILLIS, true);
  }

  public SmtOptions withTimeout(int millis) {
    return new SmtOptions(millis, dependsOn);
  }

  public SmtOptions withDependsOn(boolean on) {
    return new SmtOptions(timeoutMillis, on);
  }
}

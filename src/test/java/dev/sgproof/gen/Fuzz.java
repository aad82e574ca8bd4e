package dev.sgproof.gen;

/**
 * How many cases a fuzzer runs. In the suite, a size CI can afford; {@code -Dsgproof.fuzz.long=true}
 * runs each fuzzer 20 times longer, and {@code -Dsgproof.fuzz.cases=N} runs exactly N cases.
 * Together with {@code -Dsgproof.seed=N} a long run explores other inputs than the suite's.
 */
public final class Fuzz {
  public static final String LONG_PROPERTY = "sgproof.fuzz.long";
  public static final String CASES_PROPERTY = "sgproof.fuzz.cases";

  private Fuzz() {}

  /** The number of cases for a fuzzer whose suite size is {@code inSuite}. */
  public static int cases(int inSuite) {
    Integer exact = Integer.getInteger(CASES_PROPERTY);
    if (exact != null) {
      return exact;
    }
    return Boolean.getBoolean(LONG_PROPERTY) ? inSuite * 20 : inSuite;
  }
}

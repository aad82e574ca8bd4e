package dev.sgproof.smt;

/** The version of the bundled Z3, for proof records (no Z3 type leaves this package). */
public final class SolverVersion {
  private SolverVersion() {}

  /** For example {@code 4.14.1.0}. */
  public static String z3() {
    return com.microsoft.z3.Version.getFullVersion();
  }
}

package dev.sgproof.smt;

/** The version of the bundled Z3, for proof records (no Z3 type leaves this package). */
public final class SolverVersion {
  private SolverVersion() {}

  /**
   * What the bundled Z3 says of its version ({@code com.microsoft.z3.Version.getFullVersion()}),
   * known without loading it: asking the library means extracting and loading its native code,
   * 0.3 s of a run that otherwise never touches Z3 (every proof record names the version).
   * SolverVersionTest asks the library and compares, so a new Z3 in the pom fails the build until
   * this is updated.
   */
  static final String BUNDLED = "Z3 4.14.1.0";

  /** For example {@code Z3 4.14.1.0}. */
  public static String z3() {
    return BUNDLED;
  }

  /** What the loaded library says (loads it): for the test that keeps {@link #BUNDLED} true. */
  static String fromLibrary() {
    return com.microsoft.z3.Version.getFullVersion();
  }
}

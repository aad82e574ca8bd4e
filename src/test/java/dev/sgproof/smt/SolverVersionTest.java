package dev.sgproof.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The version that proof records name is the bundled library's own. */
class SolverVersionTest {
  @Test
  void theRecordedVersionIsTheBundledLibrarys() {
    assertEquals(SolverVersion.fromLibrary(), SolverVersion.z3(),
        "update SolverVersion.BUNDLED to what the bundled Z3 reports");
  }
}

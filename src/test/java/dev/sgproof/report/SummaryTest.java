package dev.sgproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exit codes of language.md follow from the counts, errors first. */
class SummaryTest {

  @Test
  void everyAssertionProvedExitsZero() {
    assertEquals(0, new Summary(3, 0, 0, 0).exitCode());
  }

  @Test
  void aRefutationExitsOneEvenWithUnknowns() {
    assertEquals(1, new Summary(3, 1, 2, 0).exitCode());
  }

  @Test
  void unknownsWithoutRefutationsExitFour() {
    assertEquals(4, new Summary(3, 0, 1, 0).exitCode());
  }

  @Test
  void inputErrorsExitTwoWhateverElseHappened() {
    assertEquals(2, new Summary(0, 1, 1, 1).exitCode());
  }

  @Test
  void noAssertionAtAllExitsFive() {
    assertEquals(5, new Summary(0, 0, 0, 0).exitCode());
  }

  @Test
  void theClosingLineHasTheConventionalForm() {
    assertEquals("3 passed, 1 failed, 2 unknown, 0 errors", new Summary(3, 1, 2, 0).line());
  }
}

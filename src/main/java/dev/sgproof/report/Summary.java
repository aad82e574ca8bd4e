package dev.sgproof.report;

import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Verdict;
import java.util.List;

/** Counts over a run, and the exit code of language.md that follows from them. */
public record Summary(int proved, int refuted, int unknown, int errors) {

  public static final int EXIT_PROVED = 0;
  public static final int EXIT_REFUTED = 1;
  public static final int EXIT_INPUT_ERROR = 2;
  public static final int EXIT_INTERNAL_ERROR = 3;
  public static final int EXIT_UNKNOWN = 4;
  public static final int EXIT_NOTHING_CHECKED = 5;

  public static Summary of(List<FileResult> files) {
    int p = 0;
    int r = 0;
    int u = 0;
    int e = 0;
    for (FileResult f : files) {
      e += (int) f.diagnostics().stream().filter(d -> d.isError()).count();
      for (AssertionResult a : f.results()) {
        Verdict v = a.verdict();
        if (v instanceof Verdict.Proved) {
          p++;
        } else if (v instanceof Verdict.Refuted) {
          r++;
        } else {
          u++;
        }
      }
    }
    return new Summary(p, r, u, e);
  }

  /**
   * 2 when the input has errors, else 1 when refuted, else 4 when unknown, else 5 when there was
   * no assertion at all (nothing was checked: a CI gate must not pass on that), else 0.
   */
  public int exitCode() {
    if (errors > 0) {
      return EXIT_INPUT_ERROR;
    }
    if (refuted > 0) {
      return EXIT_REFUTED;
    }
    if (unknown > 0) {
      return EXIT_UNKNOWN;
    }
    return proved > 0 ? EXIT_PROVED : EXIT_NOTHING_CHECKED;
  }

  /** The conventional closing line: {@code N passed, M failed, U unknown, E errors}. */
  public String line() {
    return proved + " passed, " + refuted + " failed, " + unknown + " unknown, " + errors + " errors";
  }
}

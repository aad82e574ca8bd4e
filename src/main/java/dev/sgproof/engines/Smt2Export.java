package dev.sgproof.engines;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Verdict;
import dev.sgproof.smt.Answer;
import dev.sgproof.smt.Smt2Benchmarks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Exports every proof obligation as a self-contained SMT-LIB 2 benchmark in QF_BV ({@link
 * Smt2Benchmarks}), so that another solver can re-check it, under a header comment naming the
 * spec, the line, the assertion and the expected answer ({@code unsat}: no flow breaks the
 * obligation; {@code sat}: one does).
 *
 * <p>Every exported query is decided again, with Z3, and must agree with the verdict: a proved
 * assertion has only unsat queries, the obligation a refutation broke is sat. The other
 * obligations of a refuted assertion are marked with their own answer.
 */
public final class Smt2Export {
  /** One exported query: its file name ({@code line-N.smt2} or {@code line-N-k.smt2}) and text. */
  public record Query(String fileName, int line, String expected, String text) {}

  public static final String EXPECTED_PREFIX = "; expected: ";
  static final String NOT_DECIDED = "unknown (not decided)";

  private Smt2Export() {}

  /**
   * @param specName the spec file as named in the header
   * @param results the verified results of the spec's assertions, in file order
   * @param timeoutMillis Z3's time limit for deciding each query
   * @throws DisagreementException when Z3 answers an exported query against the verdict
   */
  public static List<Query> export(
      String specName, Spec spec, List<AssertionResult> results, int timeoutMillis) {
    List<Query> out = new ArrayList<>();
    export(specName, spec, results, timeoutMillis, out::add);
    return out;
  }

  /**
   * {@link #export(String, Spec, List, int)}, handing each query to {@code sink} as soon as it is
   * made (so a big export need not be held in memory).
   */
  public static void export(String specName, Spec spec, List<AssertionResult> results,
      int timeoutMillis, Consumer<Query> sink) {
    Map<Integer, Integer> perLine = new TreeMap<>();
    for (AssertionResult r : results) {
      perLine.merge(r.assertion().line(), Obligation.of(r.assertion()).size(), Integer::sum);
    }
    Map<Integer, Integer> seen = new TreeMap<>();
    try (Smt2Benchmarks benchmarks = new Smt2Benchmarks(timeoutMillis)) {
      for (AssertionResult r : results) {
        Assertion a = r.assertion();
        List<Obligation> obligations = Obligation.of(a);
        for (int i = 0; i < obligations.size(); i++) {
          Obligation o = obligations.get(i);
          int k = seen.merge(a.line(), 1, Integer::sum);
          String name = perLine.get(a.line()) == 1
              ? "line-" + a.line() + ".smt2"
              : "line-" + a.line() + "-" + k + ".smt2";
          Smt2Benchmarks.Benchmark b = benchmarks.of(spec.network(), SmtQuestions.violation(o),
              a.span().file() + ":" + a.line());
          String expected = expected(specName, r, o, b.answer());
          StringBuilder t = new StringBuilder();
          t.append("; sgproof proof obligation (SMT-LIB 2, QF_BV)\n");
          t.append("; spec: ").append(oneLine(specName)).append('\n');
          t.append("; line: ").append(a.line()).append('\n');
          t.append("; file: ").append(oneLine(a.span().file())).append('\n');
          t.append("; assertion: ").append(oneLine(a.hasLabel() ? a.label() + ": " + a.text()
              : a.text())).append('\n');
          t.append("; obligation ").append(i + 1).append(" of ").append(obligations.size())
              .append(": ").append(oneLine(o.describe())).append('\n');
          t.append("; verdict: ").append(r.verdict().word()).append('\n');
          t.append(EXPECTED_PREFIX).append(expected).append('\n');
          t.append("; sat means a flow of the obligation breaks it; unsat means none does\n");
          t.append(b.text());
          sink.accept(new Query(name, a.line(), expected, t.toString()));
        }
      }
    }
  }

  private static String expected(String specName, AssertionResult r, Obligation o, Answer answer) {
    Verdict v = r.verdict();
    String where = r.assertion().span().file() + ":" + r.assertion().line()
        + ": the exported query of '"
        + r.assertion().text() + "' (" + o.describe() + ")";
    if (v instanceof Verdict.Proved) {
      if (answer == Answer.BROKEN) {
        throw new DisagreementException(where + " is satisfiable, but the assertion is proved");
      }
      return "unsat";
    }
    if (v instanceof Verdict.Refuted && r.broken().orElseThrow().equals(o)) {
      if (answer == Answer.HOLDS) {
        throw new DisagreementException(where + " is unsatisfiable, but it was broken");
      }
      return "sat";
    }
    return switch (answer) {
      case HOLDS -> "unsat";
      case BROKEN -> "sat";
      case UNDECIDED -> NOT_DECIDED;
    };
  }

  private static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }
}

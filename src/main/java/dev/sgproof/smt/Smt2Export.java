package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports every proof obligation as a self-contained SMT-LIB 2 benchmark in QF_BV, so that another
 * solver can re-check it: the declarations, the definitions of the network's encoding that the
 * query needs (a fresh encoding per obligation, so nothing else), the query's violation term and
 * {@code (check-sat)}, under a header comment naming the spec, the line, the assertion and the
 * expected answer ({@code unsat}: no flow breaks the obligation; {@code sat}: one does).
 *
 * <p>Every exported query is decided again here, with Z3, and must agree with the verdict: a
 * proved assertion has only unsat queries, the obligation a refutation broke is sat. The other
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
   * @throws DisagreementException when Z3 answers an exported query against the verdict
   */
  public static List<Query> export(
      String specName, Spec spec, List<AssertionResult> results, SmtOptions options) {
    List<Query> out = new ArrayList<>();
    export(specName, spec, results, options, out::add);
    return out;
  }

  /**
   * {@link #export(String, Spec, List, SmtOptions)}, handing each query to {@code sink} as soon as
   * it is made (so a big export need not be held in memory).
   */
  public static void export(String specName, Spec spec, List<AssertionResult> results,
      SmtOptions options, java.util.function.Consumer<Query> sink) {
    Map<Integer, Integer> perLine = new TreeMap<>();
    for (AssertionResult r : results) {
      perLine.merge(r.assertion().line(), Obligation.of(r.assertion()).size(), Integer::sum);
    }
    Map<Integer, Integer> seen = new TreeMap<>();
    for (AssertionResult r : results) {
      // A Context per assertion: Z3 returns all its native memory when it is closed.
      try (Context ctx = new Context()) {
        Assertion a = r.assertion();
        List<Obligation> obligations = Obligation.of(a);
        for (int i = 0; i < obligations.size(); i++) {
          Obligation o = obligations.get(i);
          int k = seen.merge(a.line(), 1, Integer::sum);
          String name = perLine.get(a.line()) == 1
              ? "line-" + a.line() + ".smt2"
              : "line-" + a.line() + "-" + k + ".smt2";
          Encoding e = new Encoding(ctx, spec.network(), false, options.timeoutMillis());
          BoolExpr violation = ObligationTerms.violation(e, o);
          BoolExpr[] definitions = e.solver().getAssertions();
          Answer answer = decide(ctx, definitions, violation, options.timeoutMillis());
          String expected = expected(specName, r, o, answer);
          StringBuilder b = new StringBuilder();
          b.append("; sgproof proof obligation (SMT-LIB 2, QF_BV)\n");
          b.append("; spec: ").append(oneLine(specName)).append('\n');
          b.append("; line: ").append(a.line()).append('\n');
          b.append("; file: ").append(oneLine(a.span().file())).append('\n');
          b.append("; assertion: ").append(oneLine(a.hasLabel() ? a.label() + ": " + a.text()
              : a.text())).append('\n');
          b.append("; obligation ").append(i + 1).append(" of ").append(obligations.size())
              .append(": ").append(oneLine(o.describe())).append('\n');
          b.append("; verdict: ").append(r.verdict().word()).append('\n');
          b.append(EXPECTED_PREFIX).append(expected).append('\n');
          b.append("; sat means a flow of the obligation breaks it; unsat means none does\n");
          b.append(benchmark(ctx, a.span().file() + ":" + a.line(), definitions, violation));
          sink.accept(new Query(name, a.line(), expected, b.toString()));
        }
      }
    }
  }

  private static Answer decide(Context ctx, BoolExpr[] definitions, BoolExpr violation, int ms) {
    Solver s = ctx.mkSolver();
    Params p = ctx.mkParams();
    p.add("timeout", ms);
    s.setParameters(p);
    s.add(definitions);
    s.add(violation);
    return Answer.of(s.check());
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

  /**
   * The benchmark text: logic, declarations, one assert per definition and one for the query,
   * then check-sat. Only standard SMT-LIB 2.6 (symbols Z3 cannot print plainly are quoted).
   */
  private static String benchmark(Context ctx, String name, BoolExpr[] defs, BoolExpr query) {
    // Z3 names a shared subterm with a let when its reference count is above one, and the Java
    // binding releases its references when the garbage collector gets to them: printed from the
    // working context, the same query came out with lets in different places from run to run.
    // Translated into a fresh context, every count is the number of parents in the query's DAG.
    String body;
    try (Context fresh = new Context()) {
      BoolExpr[] freshDefs = new BoolExpr[defs.length];
      for (int i = 0; i < defs.length; i++) {
        freshDefs[i] = (BoolExpr) defs[i].translate(fresh);
      }
      body = fresh.benchmarkToSMTString(
          name, "QF_BV", "unknown", "", freshDefs, (BoolExpr) query.translate(fresh));
    }
    StringBuilder b = new StringBuilder();
    b.append("(set-logic QF_BV)\n");
    for (String line : body.split("\n", -1)) {
      if (line.startsWith("(set-logic") || line.startsWith("; benchmark")) {
        continue;
      }
      b.append(line).append('\n');
    }
    String s = b.toString();
    while (s.endsWith("\n\n")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }
}

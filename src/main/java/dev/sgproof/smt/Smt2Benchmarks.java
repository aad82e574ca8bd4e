package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import dev.sgproof.model.Network;

/**
 * Questions as self-contained SMT-LIB 2 benchmarks in QF_BV, so that another solver can re-check
 * them: the declarations, the flow domain, the question's term ({@link ViolationTerms}: only the
 * group sets, rules and addresses the question touches) and {@code (check-sat)};
 * each decided here by Z3 too. One instance serves a whole export: it keeps the network's shape
 * and recycles its Z3 context every {@value #RECYCLE_AFTER} benchmarks (Z3 returns all its native
 * memory when a context is closed).
 */
public final class Smt2Benchmarks implements AutoCloseable {
  /** A benchmark's text and Z3's answer to it ({@link Answer#HOLDS}: unsat). */
  public record Benchmark(Answer answer, String text) {}

  /** The context is closed and opened afresh after this many benchmarks (flat native memory). */
  private static final int RECYCLE_AFTER = 100;

  private Context ctx = new Context();
  private int made;
  private final int timeoutMillis;
  private NetworkShape shape;

  /** @param timeoutMillis Z3's time limit for deciding each benchmark */
  public Smt2Benchmarks(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** The benchmark of one question, named {@code name} in its header. */
  public Benchmark of(Network n, Violation v, String name) {
    if (shape == null || shape.network() != n) {
      shape = new NetworkShape(n);
    }
    if (++made > RECYCLE_AFTER) {
      ctx.close();
      ctx = new Context();
      made = 1;
    }
    FlowTerms f = new FlowTerms(ctx);
    BoolExpr[] domain = {f.domain()};
    BoolExpr violation = ViolationTerms.violation(f, shape, v);
    Answer answer = decide(domain, violation);
    return new Benchmark(answer, text(name, domain, violation));
  }

  private Answer decide(BoolExpr[] definitions, BoolExpr violation) {
    Solver s = ctx.mkSolver();
    Params p = ctx.mkParams();
    p.add("timeout", timeoutMillis);
    s.setParameters(p);
    s.add(definitions);
    s.add(violation);
    return Answer.of(s.check());
  }

  /**
   * The benchmark text: logic, declarations, one assert per definition and one for the query,
   * then check-sat. Only standard SMT-LIB 2.6 (symbols Z3 cannot print plainly are quoted).
   */
  private static String text(String name, BoolExpr[] defs, BoolExpr query) {
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

  /** Releases the Z3 context. */
  @Override
  public void close() {
    ctx.close();
  }
}

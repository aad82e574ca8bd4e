package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The solvers the queries of one translated network go to. Every solver holds the flow domain
 * and the definitions its queries needed so far; each query is guarded by its own literal passed
 * to {@code check(assumptions)}, and retired afterwards by asserting the guard's negation.
 *
 * <p>Two ways to use it. {@link #direct()}: one solver, every definition added to it as it is
 * used (dependsOn and the SMT-LIB export). {@link #forQuery}: a solver per set of definitions a
 * query needs, the most recently used {@link #MAX_SOLVERS} kept; queries of the same NICs share a
 * solver and no solver grows to the whole network.
 */
final class SolverPool {
  /** How many solvers {@link #forQuery} keeps. */
  static final int MAX_SOLVERS = 8;
  /** A query whose definitions have no solver yet joins the last one used while it is this small. */
  static final int GROW_LIMIT = 128;

  private final Context ctx;
  private final NetworkTerms terms;
  private final Definitions defs;
  private final int timeoutMillis;
  private final BoolExpr domain;
  /** Solvers by the definitions their queries need, least recently used first. */
  private final LinkedHashMap<String, Definitions.Target> slots =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Definitions.Target> eldest) {
          return size() > MAX_SOLVERS;
        }
      };
  private Definitions.Target recent;
  private Solver direct;
  private int guards;

  SolverPool(Context ctx, NetworkTerms terms, int timeoutMillis) {
    this.ctx = ctx;
    this.terms = terms;
    this.defs = terms.definitions();
    this.timeoutMillis = timeoutMillis;
    this.domain = terms.flow().domain();
  }

  NetworkTerms terms() {
    return terms;
  }

  /** A new solver with the time limit and the flow domain. */
  private Definitions.Target fresh() {
    Solver s = ctx.mkSolver();
    Params p = ctx.mkParams();
    p.add("timeout", timeoutMillis);
    s.setParameters(p);
    s.add(domain);
    return new Definitions.Target(s);
  }

  /**
   * The one solver that gets every definition as it is used, from the first call on (do not mix
   * with {@link #forQuery}).
   */
  Solver direct() {
    if (direct == null) {
      Definitions.Target t = fresh();
      defs.target(t);
      direct = t.solver();
    }
    return direct;
  }

  /** A query's term and the solver it goes to (which holds the definitions it needs). */
  record Placed(BoolExpr term, Solver solver) {}

  /**
   * Builds a query's term (recording the defined constants it uses, nothing added to any solver)
   * and picks the solver kept for queries that need the same definitions; failing that, the last
   * solver used while it holds at most {@link #GROW_LIMIT} definitions, else a new one. The
   * definitions the query needs are then added to that solver if not there yet.
   */
  Placed forQuery(Supplier<BoolExpr> query) {
    List<BoolExpr> needed = new ArrayList<>();
    BoolExpr q = defs.recording(query, needed);
    int[] ids = new int[needed.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = defs.index(needed.get(i));
    }
    Arrays.sort(ids);
    String key = Arrays.toString(Arrays.stream(ids).distinct().toArray());
    Definitions.Target slot = slots.get(key);
    if (slot == null && recent != null && recent.defined().size() + needed.size() <= GROW_LIMIT) {
      slot = recent;
      slots.put(key, slot);
    }
    if (slot == null) {
      slot = fresh();
      slots.put(key, slot);
    }
    recent = slot;
    defs.target(slot);
    for (BoolExpr c : needed) {
      defs.use(c);
    }
    return new Placed(q, slot.solver());
  }

  /** A fresh literal that guards one query. */
  BoolExpr freshGuard() {
    return ctx.mkBoolConst("query!" + guards++);
  }
}

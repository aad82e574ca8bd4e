package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Solver;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.ClassSearch;
import dev.sgproof.query.Classes;
import dev.sgproof.model.Flow;
import dev.sgproof.query.Engine;
import dev.sgproof.query.ExhaustiveEngine;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.query.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides assertions with Z3, or, for the {@code auto} engine ({@link SmtOptions#classSearch}),
 * with the exact class search above the enumeration limit. Per obligation: a class product of at
 * most {@link SmtOptions#enumerationLimit} flows is enumerated in the evaluator; a bigger one goes
 * to {@link dev.sgproof.query.ClassSearch} or to a solver query. All three paths give the same
 * canonical counterexample. One {@link Context} per engine (one engine per worker thread); the
 * encoding of a network is built once and reused by every assertion on that network (cached by the
 * network's identity). Each obligation is one query guarded by its own literal, checked in the
 * order of {@link Obligation#of}; the first broken one is refuted with its canonical
 * counterexample (the flow the exhaustive engine reports, found by {@link Counterexamples} from
 * broken/holds answers only, so it does not depend on earlier queries), decoded into a plain
 * {@link dev.sgproof.model.Flow} before anything else happens, so no Z3 object leaves this package.
 */
public final class SmtEngine implements Engine {
  private final SmtOptions options;
  private Context ctx;
  private long sinceRecycle;
  /** The context is closed and opened afresh after this many solver queries (flat native memory). */
  static final int RECYCLE_AFTER = 500;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Encoding tracked;
  /** The encoding every solver query of the current network and context goes to. */
  private Encoding shared;
  private long nonCanonical;
  private int counterexampleQueries = Integer.MAX_VALUE;
  private Evaluator evaluator;
  private Network evaluatorNetwork;
  private long solverQueries;
  private long classSearches;
  private int trackedUses;
  /** The tracked (dependsOn) encoding is rebuilt after this many proofs. */
  private static final int REBUILD_AFTER = 64;

  public SmtEngine() {
    this(SmtOptions.defaults());
  }

  public SmtEngine(SmtOptions options) {
    this.options = options;
    this.ctx = new Context(Map.of("model", "true"));
  }

  public SmtOptions options() {
    return options;
  }

  /**
   * How many counterexamples this engine returned that may not be canonical (a step of the
   * counterexample search hit the time limit; see {@link Counterexamples}). Expected to stay 0.
   */
  long nonCanonicalCounterexamples() {
    return nonCanonical;
  }

  /** Tests only: the counterexample search treats queries beyond {@code n} as undecided. */
  void limitCounterexampleQueries(int n) {
    counterexampleQueries = n;
  }

  @Override
  public Verdict check(Spec spec, Assertion a) {
    if (closed.get()) {
      throw new IllegalStateException("the SMT engine is closed");
    }
    Network net = spec.network();
    Classes classes = Classes.of(net, a);
    String undecided = null;
    for (Obligation o : Obligation.of(a)) {
      if (ExhaustiveEngine.flowCount(classes, o) <= options.enumerationLimit()) {
        Optional<Flow> bad = ExhaustiveEngine.firstViolation(net, evaluator(net), classes, o);
        if (bad.isPresent()) {
          return new Verdict.Refuted(bad.get());
        }
        continue;
      }
      if (options.classSearch()) {
        classSearches++;
        Optional<Flow> bad = ClassSearch.firstViolation(net, classes, o);
        if (bad.isPresent()) {
          return new Verdict.Refuted(bad.get());
        }
        continue;
      }
      // Terms are built once per network and context (each NIC's policy and each group's
      // membership, defined lazily); queries needing the same definitions share a solver, each
      // guarded by its own literal (retired afterwards). Recycling the context bounds it all.
      if (++sinceRecycle > RECYCLE_AFTER) {
        // Z3 keeps native memory of dropped solvers and terms; a fresh context returns it all.
        ctx.close();
        ctx = new Context(Map.of("model", "true"));
        tracked = null;
        shared = null;
        sinceRecycle = 1;
      }
      Encoding e = encoding(net);
      solverQueries++;
      BoolExpr guard = e.freshGuard();
      BoolExpr violation = e.forQuery(() -> ObligationTerms.violation(e, o));
      e.solver().add(e.implies(guard, violation));
      try {
        switch (Answer.of(e.solver().check(guard))) {
          case BROKEN:
            Optional<Counterexamples.Result> r = Counterexamples.find(
                e, guard, classes, o, counterexampleQueries, evaluator(net),
                options.enumerationLimit());
            if (r.isEmpty()) {
              return new Verdict.Unknown("the solver gave up while building a counterexample,"
                  + " with a limit of " + options.timeoutMillis() + " ms per query");
            }
            if (!r.get().canonical()) {
              nonCanonical++;
            }
            return new Verdict.Refuted(r.get().flow());
          case UNDECIDED:
            if (undecided == null) {
              undecided = reason(e.solver(), options.timeoutMillis());
            }
            break;
          case HOLDS:
            break;
        }
      } finally {
        e.solver().add(e.not(guard)); // this query is done: retire its clauses
      }
    }
    if (undecided != null) {
      return new Verdict.Unknown(undecided);
    }
    if (!options.dependsOn()) {
      return new Verdict.Proved(List.of());
    }
    return new Verdict.Proved(options.classSearch()
        ? ClassSearch.minimalRules(net, classes, Obligation.of(a))
        : dependsOn(net, a));
  }

  /** The shared encoding of the network in the current context, built on first use. */
  private Encoding encoding(Network net) {
    if (shared == null || shared.network() != net) {
      shared = new Encoding(ctx, net, false, options.timeoutMillis());
    }
    return shared;
  }

  /**
   * Readies the engine for the network. Terms are built lazily, on the first query that needs
   * them, so there is no network-wide encoding to build up front any more; kept for
   * {@code sgproof bench}, which times it apart from solving.
   */
  public void prepare(Network n) {
    if (closed.get()) {
      throw new IllegalStateException("the SMT engine is closed");
    }
    evaluator(n);
  }

  private static String reason(Solver s, int timeoutMillis) {
    String r = s.getReasonUnknown();
    String why = r == null || r.isBlank() ? "" : " (" + r + ")";
    return "the solver gave up" + why + " with a limit of " + timeoutMillis + " ms per query";
  }

  private Evaluator evaluator(Network n) {
    if (evaluator == null || evaluatorNetwork != n) {
      evaluator = new Evaluator(n);
      evaluatorNetwork = n;
    }
    return evaluator;
  }

  /** Tests only: how many obligations went to the class search. */
  long classSearches() {
    return classSearches;
  }

  /** Tests only: how many obligations went to the solver (the rest were enumerated). */
  long solverQueries() {
    return solverQueries;
  }


  /**
   * The rules the proof depends on ({@link ProofSteps#minimalByDeletion}, the set every engine
   * gives), by Z3: all obligations are queried at once with one enable literal per encoded rule
   * (assumed true for kept rules, false for deleted ones); a rule outside the unsat core of the
   * last query that held goes without a query. A rule is kept whenever a query is undecided, so
   * the set stays sufficient (only minimality may suffer on a timeout).
   */
  private List<Rule> dependsOn(Network n, Assertion a) {
    if (++trackedUses > REBUILD_AFTER || tracked != null && tracked.network() != n) {
      tracked = null; // its guarded queries accumulate: start afresh now and then
    }
    if (tracked == null) {
      tracked = new Encoding(ctx, n, true, options.timeoutMillis());
      trackedUses = 0;
    }
    Encoding t = tracked;
    List<BoolExpr> broken = new ArrayList<>();
    for (Obligation o : Obligation.of(a)) {
      broken.add(ObligationTerms.violation(t, o));
    }
    BoolExpr guard = t.freshGuard();
    t.solver().add(t.implies(guard, t.or(broken)));
    List<Rule> all = t.encodedRules();
    Map<String, Rule> byLiteral = new HashMap<>();
    for (Rule r : all) {
      byLiteral.put(t.enableLiteral(r).getFuncDecl().getName().toString(), r);
    }
    return ProofSteps.minimalByDeletion(all, kept -> holdsWith(t, guard, all, kept, byLiteral));
  }

  /**
   * Whether the proof holds with only the {@code kept} rules enabled; if so, those whose literals
   * are in the unsat core (deleting any other kept rule leaves the core, so the proof, intact),
   * else null (also when the query is undecided, so the rule in question is kept).
   */
  private static Set<Rule> holdsWith(
      Encoding t, BoolExpr guard, List<Rule> all, Set<Rule> kept, Map<String, Rule> byLiteral) {
    BoolExpr[] assumptions = new BoolExpr[all.size() + 1];
    assumptions[0] = guard;
    for (int i = 0; i < all.size(); i++) {
      Rule r = all.get(i);
      BoolExpr lit = t.enableLiteral(r);
      assumptions[i + 1] = kept.contains(r) ? lit : t.not(lit);
    }
    if (Answer.of(t.solver().check(assumptions)) != Answer.HOLDS) {
      return null;
    }
    Set<Rule> inCore = Collections.newSetFromMap(new IdentityHashMap<>());
    for (BoolExpr c : t.solver().getUnsatCore()) {
      if (c.isConst()) {
        Rule r = byLiteral.get(c.getFuncDecl().getName().toString());
        if (r != null && kept.contains(r)) {
          inCore.add(r);
        }
      }
    }
    return inCore;
  }

  /** Releases the Z3 context; closing twice is harmless. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      tracked = null;
      shared = null;
      ctx.close();
    }
  }
}

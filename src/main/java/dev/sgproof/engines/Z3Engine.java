package dev.sgproof.engines;

import dev.sgproof.engines.classsearch.ExactSets;
import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Engine;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.smt.Answer;
import dev.sgproof.smt.DependencyQuery;
import dev.sgproof.smt.SmtSession;
import dev.sgproof.smt.Violation;
import dev.sgproof.smt.ViolationQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The adapter that makes {@code smt} an engine: each obligation becomes a {@link Violation} asked
 * of one {@link SmtSession} (one Z3 context per engine, so per worker thread); a broken one gets
 * its canonical counterexample from broken/holds answers only ({@link Z3Counterexample}), decoded
 * into a plain flow. dependsOn comes from unsat cores ({@link DependencyQuery}); a variant is
 * built as a network of its own and asked about once.
 */
public final class Z3Engine implements Engine {
  private final SmtSession session;
  private final ExactSets sets = new ExactSets();
  private final long pairLimit;
  private int counterexampleQueries = Integer.MAX_VALUE;
  private Evaluator evaluator;
  private Network evaluated;
  private long solverQueries;
  private long nonCanonical;
  /** The last variant asked about (by identity), built: its obligations share it. */
  private ProofSteps.Variant lastVariant;
  private Network lastVariantOf;
  private Network variantNetwork;

  /**
   * @param timeoutMillis the solver's time limit for one query, at least 1
   * @param pairLimit once the counterexample search has chosen protocol and ports, address pairs
   *     are enumerated in the evaluator when there are at most this many
   */
  public Z3Engine(int timeoutMillis, long pairLimit) {
    this.session = new SmtSession(timeoutMillis);
    this.pairLimit = pairLimit;
  }

  @Override
  public void prepare(Network n) {
    evaluator(n);
  }

  @Override
  public Outcome decide(Problem p, Obligation o) {
    Network n = p.network();
    solverQueries++;
    try (ViolationQuery q = session.violation(n, SmtQuestions.violation(o))) {
      switch (q.check(List.of())) {
        case BROKEN:
          Optional<Z3Counterexample.Result> r = Z3Counterexample.find(
              q, n, p.classes(), o, counterexampleQueries, evaluator(n), pairLimit);
          if (r.isEmpty()) {
            return new Outcome.Undecided("the solver gave up while building a counterexample,"
                + " with a limit of " + session.timeoutMillis() + " ms per query");
          }
          if (!r.get().canonical()) {
            nonCanonical++;
          }
          return new Outcome.Broken(r.get().flow());
        case UNDECIDED:
          return new Outcome.Undecided(reason(q));
        default:
          return Outcome.HOLDS;
      }
    }
  }

  private String reason(ViolationQuery q) {
    String r = q.reasonUnknown();
    String why = r.isBlank() ? "" : " (" + r + ")";
    return "the solver gave up" + why + " with a limit of " + session.timeoutMillis()
        + " ms per query";
  }

  @Override
  public boolean holdsOn(Problem p, Obligation o, ProofSteps.Variant v) {
    if (v != lastVariant || p.network() != lastVariantOf) {
      variantNetwork = ProofSteps.network(p.network(), v);
      lastVariant = v;
      lastVariantOf = p.network();
    }
    solverQueries++;
    try (ViolationQuery q = session.violation(variantNetwork, SmtQuestions.violation(o))) {
      return q.check(List.of()) == Answer.HOLDS;
    }
  }

  /**
   * All obligations at once, one enable literal per encoded rule; a rule outside the unsat core of
   * the last query that held goes without a query, and a rule is kept whenever a query is
   * undecided.
   */
  @Override
  public List<Rule> dependsOn(Problem p) {
    List<Violation> vs = new ArrayList<>();
    for (Obligation o : p.obligations()) {
      vs.add(SmtQuestions.violation(o));
    }
    DependencyQuery t = session.dependencies(p.network(), vs);
    return ProofSteps.minimalByDeletion(t.encodedRules(), kept -> t.holdsWith(kept).orElse(null));
  }

  /**
   * From the shared class machinery ({@link ExactSets}), as issue 16 allows for violation boxes:
   * the exact set Z3 would have to enumerate cell by cell. Differential tests hold Z3's verdicts
   * and counterexamples to the same classes.
   */
  @Override
  public FlowSet violating(Problem p, Obligation o, FlowSpace space) {
    return sets.violating(p, o, space);
  }

  /** From the shared class machinery ({@link ExactSets}), as for {@link #violating}. */
  @Override
  public List<Rule> decidedBy(Problem p) {
    return sets.decidedBy(p);
  }

  private Evaluator evaluator(Network n) {
    if (evaluator == null || evaluated != n) {
      evaluator = new Evaluator(n);
      evaluated = n;
    }
    return evaluator;
  }

  /**
   * How many counterexamples this engine returned that may not be canonical (a step of the
   * counterexample search hit the time limit). Expected to stay 0.
   */
  long nonCanonicalCounterexamples() {
    return nonCanonical;
  }

  /** Tests only: the counterexample search treats queries beyond {@code n} as undecided. */
  void limitCounterexampleQueries(int n) {
    counterexampleQueries = n;
  }

  /** How many questions went to the solver. */
  long solverQueries() {
    return solverQueries;
  }

  /** Releases the Z3 context; closing twice is harmless. */
  @Override
  public void close() {
    session.close();
  }
}

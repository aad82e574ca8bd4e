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
import dev.sgproof.model.Flow;
import dev.sgproof.smt.Answer;
import dev.sgproof.smt.FlowConstraint;
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
  private int counterexampleQueries = Integer.MAX_VALUE;
  private long solverQueries;
  private long narrowedQuestions;
  private long nonCanonical;
  /** The last variant asked about (by identity), built: its obligations share it. */
  private ProofSteps.Variant lastVariant;
  private Network lastVariantOf;
  private Network variantNetwork;

  /** @param timeoutMillis the solver's time limit for one query, at least 1 */
  public Z3Engine(int timeoutMillis) {
    this.session = new SmtSession(timeoutMillis);
  }

  @Override
  public Outcome decide(Problem p, Obligation o) {
    Network n = p.network();
    Violation v = SmtQuestions.violation(o);
    solverQueries++;
    try (Questions q = new Questions(n, v)) {
      switch (q.check(List.of())) {
        case BROKEN:
          Optional<Z3Counterexample.Result> r =
              Z3Counterexample.find(q, p.classes(), o, counterexampleQueries);
          if (r.isEmpty()) {
            return new Outcome.Undecided("the solver gave up while building a counterexample,"
                + " with a limit of " + session.timeoutMillis() + " ms per query");
          }
          if (!r.get().canonical()) {
            nonCanonical++;
          }
          return new Outcome.Broken(r.get().flow());
        case UNDECIDED:
          return new Outcome.Undecided(reason(q.reasonUnknown()));
        default:
          return Outcome.HOLDS;
      }
    }
  }

  /**
   * One obligation's questions for the counterexample search: constraints on the protocol, ports
   * and address bounds are assumptions on the open question; constraints that pin an address to
   * some NIC addresses go to a question of their own, narrowed by them ({@link
   * SmtSession#violation(Network, Violation, List)}), so that the search over a large endpoint's
   * NICs asks about fewer NICs at every step.
   */
  private final class Questions implements Z3Counterexample.Asker, AutoCloseable {
    private final Network n;
    private final Violation v;
    private ViolationQuery open;
    private String reasonUnknown = "";

    Questions(Network n, Violation v) {
      this.n = n;
      this.v = v;
    }

    private ViolationQuery main() {
      if (open == null) {
        open = session.violation(n, v);
      }
      return open;
    }

    private void closeMain() {
      if (open != null) {
        open.close();
        open = null;
      }
    }

    @Override
    public Answer check(List<FlowConstraint> constraints) {
      Answer a;
      if (!narrowsToNics(constraints)) {
        ViolationQuery q = main();
        a = q.check(constraints);
        reasonUnknown = a == Answer.UNDECIDED ? q.reasonUnknown() : "";
        return a;
      }
      closeMain();
      narrowedQuestions++;
      try (ViolationQuery q = session.violation(n, v, constraints)) {
        a = q.check(List.of());
        reasonUnknown = a == Answer.UNDECIDED ? q.reasonUnknown() : "";
      }
      return a;
    }

    @Override
    public Optional<Flow> model(List<FlowConstraint> constraints) {
      if (!narrowsToNics(constraints)) {
        return main().model(constraints);
      }
      closeMain();
      narrowedQuestions++;
      try (ViolationQuery q = session.violation(n, v, constraints)) {
        return q.model(List.of());
      }
    }

    String reasonUnknown() {
      return reasonUnknown;
    }

    @Override
    public void close() {
      closeMain();
    }
  }

  /**
   * Whether the constraints pin an address to a few NIC addresses (a prefix of an endpoint's NIC
   * classes, or one address): then a question narrowed by them is small. Upper bounds and
   * exclusions leave most of the question; they are assumptions on the open one.
   */
  private static boolean narrowsToNics(List<FlowConstraint> cs) {
    for (FlowConstraint c : cs) {
      if (c instanceof FlowConstraint.AddressIs || c instanceof FlowConstraint.AddressAmong
          || c instanceof FlowConstraint.AllOf all && narrowsToNics(all.parts())) {
        return true;
      }
    }
    return false;
  }

  private String reason(String r) {
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

  /**
   * How many questions the counterexample search translated afresh, narrowed to a few NIC
   * addresses (every other step is an assumption on the obligation's open question).
   */
  long narrowedQuestions() {
    return narrowedQuestions;
  }

  /** Releases the Z3 context; closing twice is harmless. */
  @Override
  public void close() {
    session.close();
  }
}

package dev.sgproof.engines;

import dev.sgproof.engines.classsearch.ClassSearchEngine;
import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.flows.Violations;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.CanonicalFlows;
import dev.sgproof.query.Engine;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.query.Replay;
import dev.sgproof.query.SharedClasses;
import dev.sgproof.query.Verdict;
import dev.sgproof.semantics.Evaluator;
import java.util.List;

/**
 * The engines of one worker, and the one place that picks an engine per obligation: an obligation
 * with at most {@link EngineOptions#enumerationLimit} representative flows goes to the exhaustive
 * engine, a bigger one to the choice's main engine (the class search for {@code auto}, Z3 for
 * {@code smt}, the exhaustive engine itself for {@code exhaustive}); variants of an obligation
 * (proof steps) go where the obligation goes, dependsOn to the main engine. Assembles a verdict
 * from the obligations' outcomes: the first broken obligation (in the order of {@link
 * Obligation#of}) refutes the assertion; else an undecided one makes it unknown; else it is
 * proved, with dependsOn and steps when asked for.
 *
 * <p>The flow classes of the assertions are computed once per network ({@link SharedClasses}) and
 * handed to the engines. One thread at a time; {@link Engines} builds one per worker.
 */
public final class Portfolio implements AutoCloseable {
  private final EngineOptions options;
  private final SharedClasses classes = new SharedClasses();
  private final Engine enumeration;
  private final Engine main;
  private long enumerated;
  private long byMain;

  Portfolio(EngineOptions options) {
    this(options, new ExhaustiveEngine(), mainEngine(options));
  }

  /** With the given engines (tests plug their own). */
  Portfolio(EngineOptions options, Engine enumeration, Engine main) {
    this.options = options;
    this.enumeration = enumeration;
    this.main = main;
  }

  private static Engine mainEngine(EngineOptions o) {
    return switch (o.engine()) {
      case auto -> ClassSearchEngine.forRun(o.decidedBy());
      case smt -> new Z3Engine(o.timeoutMillis());
      case exhaustive -> null;
    };
  }

  public EngineOptions options() {
    return options;
  }

  /** Readies the engines' caches for the network ({@code sgproof bench} times it apart). */
  public void prepare(Network n) {
    enumeration.prepare(n);
    if (main != null) {
      main.prepare(n);
    }
  }

  /**
   * Decides the assertion, a refutation replayed in the concrete evaluator ({@link Replay}); with
   * its violation boxes (refuted, when {@link EngineOptions#maxBoxes} is positive; checked against
   * the evaluator too) and its deciding rules (when {@link EngineOptions#decidedBy}).
   */
  public AssertionResult verify(Spec spec, Assertion a) {
    Network n = spec.network();
    Problem p = Problem.of(n, a, classes.of(n, a));
    AssertionResult r = Replay.check(spec, evaluator(n), a, check(p));
    if (r.verdict() instanceof Verdict.Refuted && options.maxBoxes() > 0) {
      Violations v = violations(p, new FlowSpace());
      Violations.Listing listing = v.list(options.maxBoxes());
      Replay.violations(spec, evaluator(n), r, v, listing);
      r = r.withViolations(listing);
    }
    if (options.decidedBy()) {
      r = r.withDecidedBy((main != null ? main : enumeration).decidedBy(p));
    }
    return r;
  }

  /**
   * Every flow that breaks the assertion of the problem, exactly: the union over its obligations,
   * each from the engine that decides it.
   */
  public Violations violations(Problem p, FlowSpace space) {
    Violations out = Violations.none(space);
    for (Obligation o : p.obligations()) {
      FlowSet bad = pick(p, o).violating(p, o, space);
      out = out.union(o.expect() == Expectation.DENIED
          ? new Violations(bad, space.empty())
          : new Violations(space.empty(), bad));
    }
    return out;
  }

  /** The evaluator of the network refutations are replayed in, kept for the last network. */
  private Evaluator replay;

  private Evaluator evaluator(Network n) {
    if (replay == null || replay.network() != n) {
      replay = new Evaluator(n);
    }
    return replay;
  }

  /** The problem of an assertion on a network, with the classes this portfolio keeps. */
  public Problem problem(Network n, Assertion a) {
    return Problem.of(n, a, classes.of(n, a));
  }

  /** Decides the assertion on the network (a refutation not replayed: see {@link #verify}). */
  public Verdict check(Network n, Assertion a) {
    return check(problem(n, a));
  }

  private Verdict check(Problem p) {
    String undecided = null;
    for (Obligation o : p.obligations()) {
      Outcome r = pick(p, o).decide(p, o);
      if (r instanceof Outcome.Broken b) {
        return new Verdict.Refuted(b.counterexample());
      }
      if (r instanceof Outcome.Undecided u && undecided == null) {
        undecided = u.reason();
      }
    }
    if (undecided != null) {
      return new Verdict.Unknown(undecided);
    }
    if (!options.dependsOn()) {
      return Verdict.Proved.withoutDependencies();
    }
    List<Rule> rules = (main != null ? main : enumeration).dependsOn(p);
    List<String> steps = options.steps()
        ? ProofSteps.of(p, rules, v -> holdsOn(p, v))
        : List.of();
    return new Verdict.Proved(rules, steps);
  }

  /** Whether every obligation of the problem holds on the variant. */
  private boolean holdsOn(Problem p, ProofSteps.Variant v) {
    for (Obligation o : p.obligations()) {
      if (!pick(p, o).holdsOn(p, o, v)) {
        return false;
      }
    }
    return true;
  }

  private Engine pick(Problem p, Obligation o) {
    if (main == null || CanonicalFlows.flowCount(p.classes(), o) <= options.enumerationLimit()) {
      enumerated++;
      return enumeration;
    }
    byMain++;
    return main;
  }

  /** How many obligations (and variants of them) went to the exhaustive engine. */
  long enumerated() {
    return enumerated;
  }

  /** How many went to the main engine. */
  long byMain() {
    return byMain;
  }

  Engine mainEngine() {
    return main;
  }

  @Override
  public void close() {
    try {
      if (main != null) {
        main.close();
      }
    } finally {
      enumeration.close();
    }
  }
}

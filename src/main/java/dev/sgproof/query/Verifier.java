package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.Decision;
import dev.sgproof.semantics.Evaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs an engine over the assertions of a spec and checks every refutation in the concrete
 * evaluator: the counterexample must lie in one of the assertion's obligations and the
 * evaluator's decision on it must break that obligation. Otherwise the engine is wrong and a
 * {@link DisagreementException} is thrown.
 */
public final class Verifier {
  private final Supplier<Engine> engines;
  private final int jobs;
  private final Consumer<AssertionResult> onChecked;
  private final boolean proofSteps;
  private final boolean rulesByDeletion;
  private final Supplier<Engine> checks;
  /** How proof steps are re-checked; null: by building each variant for the check engines. */
  private final ProofSteps.Checks stepChecks;

  /**
   * @param engines makes one engine per worker thread (each is closed when its worker ends)
   * @param jobs the number of worker threads, at least 1
   */
  public Verifier(Supplier<Engine> engines, int jobs) {
    this(engines, jobs, r -> {});
  }

  /**
   * @param onChecked called once per assertion as soon as it is checked, from the worker thread
   *     that checked it (so concurrently when {@code jobs > 1}: it must be thread-safe and quick);
   *     for progress reports, never for results, which {@link #verify} returns in file order
   */
  public Verifier(Supplier<Engine> engines, int jobs, Consumer<AssertionResult> onChecked) {
    this(engines, jobs, onChecked, false, false, engines, null);
  }

  private Verifier(Supplier<Engine> engines, int jobs, Consumer<AssertionResult> onChecked,
      boolean proofSteps, boolean rulesByDeletion, Supplier<Engine> checks,
      ProofSteps.Checks stepChecks) {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs " + jobs);
    }
    this.engines = engines;
    this.jobs = jobs;
    this.onChecked = java.util.Objects.requireNonNull(onChecked, "onChecked");
    this.proofSteps = proofSteps;
    this.rulesByDeletion = rulesByDeletion;
    this.checks = checks;
    this.stepChecks = stepChecks;
  }

  /**
   * The same verifier, that also names the intra-group allows and defaults each proof rests on
   * ({@link ProofSteps}; a few more engine runs per proved assertion).
   */
  public Verifier withProofSteps() {
    return new Verifier(engines, jobs, onChecked, true, rulesByDeletion, checks, stepChecks);
  }

  /**
   * The same verifier, that finds the rules each proof depends on by deletion ({@link
   * ProofSteps#minimalRules}), for engines that do not compute them themselves.
   */
  public Verifier withDependenciesByDeletion() {
    return new Verifier(engines, jobs, onChecked, proofSteps, true, checks, stepChecks);
  }

  /**
   * The same verifier, deciding the re-checks of proof steps and of rules by deletion with these
   * engines (only their verdicts are read, so an engine that skips extra work, such as the
   * dependencies of each re-checked proof, fits best). By default the main engines decide them.
   */
  public Verifier withChecksBy(Supplier<Engine> checks) {
    return new Verifier(engines, jobs, onChecked, proofSteps, rulesByDeletion, checks, stepChecks);
  }

  /**
   * The same verifier, re-checking proof steps with {@code stepChecks} (such as {@link
   * ClassSearch#checks()}, which decides each variant without building it) instead of the check
   * engines. It must be thread-safe when {@code jobs > 1}.
   */
  public Verifier withStepChecks(ProofSteps.Checks stepChecks) {
    return new Verifier(engines, jobs, onChecked, proofSteps, rulesByDeletion, checks,
        java.util.Objects.requireNonNull(stepChecks, "stepChecks"));
  }

  /** Verifies every assertion of the spec; results in file order. */
  public List<AssertionResult> verify(Spec spec) {
    List<Assertion> all = spec.assertions();
    if (jobs == 1 || all.size() < 2) {
      try (Engine e = engines.get()) {
        List<AssertionResult> out = new ArrayList<>(all.size());
        for (Assertion a : all) {
          AssertionResult r = explained(spec, check(spec, a, e));
          onChecked.accept(r);
          out.add(r);
        }
        return out;
      }
    }
    return verifyInParallel(spec, all);
  }

  /**
   * Each worker opens its own engine with try-with-resources and takes the next assertion until
   * none is left, so an engine (a Z3 context) never crosses threads and is always closed.
   */
  private List<AssertionResult> verifyInParallel(Spec spec, List<Assertion> all) {
    int workers = Math.min(jobs, all.size());
    AssertionResult[] results = new AssertionResult[all.size()];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> futures = new ArrayList<>(workers);
      for (int w = 0; w < workers; w++) {
        futures.add(pool.submit(() -> {
          try (Engine e = engines.get()) {
            for (int i = next.getAndIncrement(); i < all.size(); i = next.getAndIncrement()) {
              results[i] = explained(spec, check(spec, all.get(i), e));
              onChecked.accept(results[i]);
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return List.of(results);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    } catch (ExecutionException ex) {
      next.set(all.size());
      if (ex.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(ex.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private AssertionResult explained(Spec spec, AssertionResult r) {
    if (!(proofSteps || rulesByDeletion) || !(r.verdict() instanceof Verdict.Proved p)) {
      return r;
    }
    List<Rule> rules = rulesByDeletion
        ? ProofSteps.minimalRules(spec, r.assertion(), checks)
        : p.dependsOn();
    List<String> steps = !proofSteps ? p.steps()
        : ProofSteps.of(spec, r.assertion(), rules,
            stepChecks != null ? stepChecks : ProofSteps.byEngines(checks));
    return AssertionResult.of(r.assertion(), new Verdict.Proved(rules, steps));
  }

  /** One assertion with one engine, the refutation replayed in the evaluator. */
  public static AssertionResult check(Spec spec, Assertion a, Engine engine) {
    Verdict v = engine.check(spec, a);
    if (v instanceof Verdict.Refuted r) {
      return replay(spec, a, r);
    }
    return AssertionResult.of(a, v);
  }

  /** Confirms a refutation in the concrete evaluator or throws a DisagreementException. */
  public static AssertionResult replay(Spec spec, Assertion a, Verdict.Refuted r) {
    Flow f = r.counterexample();
    Evaluator evaluator = new Evaluator(spec.network());
    List<Obligation> mine = Obligation.of(a);
    Optional<Obligation> inSet = mine.stream().filter(o -> o.contains(spec.network(), f)).findFirst();
    if (inSet.isEmpty()) {
      throw new DisagreementException(
          a.span().file() + ":" + a.line() + ": the engine's counterexample " + f
              + " is not a flow of the assertion '" + a.text() + "'");
    }
    Decision d = evaluator.evaluate(f);
    for (Obligation o : mine) {
      if (o.contains(spec.network(), f) && !o.expect().satisfiedBy(d.permitted())) {
        return new AssertionResult(a, r, Optional.of(d), Optional.of(o));
      }
    }
    throw new DisagreementException(
        a.span().file() + ":" + a.line() + ": the engine says " + f + " refutes '" + a.text()
            + "', but the evaluator says it is " + (d.permitted() ? "permitted" : "denied")
            + ", as the assertion requires: " + String.join("; ", d.trace()));
  }
}

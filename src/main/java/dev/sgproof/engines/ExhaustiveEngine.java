package dev.sgproof.engines;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.query.CanonicalFlows;
import dev.sgproof.query.Classes;
import dev.sgproof.query.DecidedByEnumeration;
import dev.sgproof.query.ViolationsByEnumeration;
import dev.sgproof.query.Engine;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.semantics.Evaluator;
import java.util.List;
import java.util.Optional;

/**
 * Decides obligations by evaluating one representative flow per equivalence class ({@link
 * Classes}) in the concrete evaluator, in the canonical order ({@link CanonicalFlows}): the
 * definition of the answer, executed. Exact, not sampled; its cost is the product of the class
 * counts. It is the reference the other engines are tested against. A variant is built as a
 * network of its own and enumerated over its own classes; dependsOn is deletion with one such run
 * per rule and pass.
 */
public final class ExhaustiveEngine implements Engine {
  private Evaluator evaluator;
  private Network evaluated;
  /** The last variant asked about (by identity), built: its obligations share it. */
  private ProofSteps.Variant lastVariant;
  private Network lastVariantOf;
  private Built built;

  /** A variant as a network, with its classes and an evaluator. */
  private record Built(Network network, Classes classes, Evaluator evaluator) {}

  @Override
  public void prepare(Network n) {
    evaluator(n);
  }

  @Override
  public Outcome decide(Problem p, Obligation o) {
    Network n = p.network();
    Optional<Flow> bad = CanonicalFlows.firstViolation(n, evaluator(n), p.classes(), o);
    return bad.<Outcome>map(Outcome.Broken::new).orElse(Outcome.HOLDS);
  }

  @Override
  public boolean holdsOn(Problem p, Obligation o, ProofSteps.Variant v) {
    if (v != lastVariant || p.network() != lastVariantOf) {
      Network vn = ProofSteps.network(p.network(), v);
      built = new Built(vn, Classes.of(vn, p.assertion()), new Evaluator(vn));
      lastVariant = v;
      lastVariantOf = p.network();
    }
    return CanonicalFlows.firstViolation(built.network(), built.evaluator(), built.classes(), o)
        .isEmpty();
  }

  @Override
  public List<Rule> dependsOn(Problem p) {
    return ProofSteps.minimalRules(p.network(),
        v -> p.obligations().stream().allMatch(o -> holdsOn(p, o, v)));
  }

  @Override
  public FlowSet violating(Problem p, Obligation o, FlowSpace space) {
    Network n = p.network();
    return ViolationsByEnumeration.violating(n, evaluator(n), p.classes(), o, space);
  }

  @Override
  public List<Rule> decidedBy(Problem p) {
    Network n = p.network();
    return DecidedByEnumeration.of(n, evaluator(n), p.classes(), p.obligations());
  }

  private Evaluator evaluator(Network n) {
    if (evaluator == null || evaluated != n) {
      evaluator = new Evaluator(n);
      evaluated = n;
    }
    return evaluator;
  }
}

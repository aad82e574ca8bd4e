package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Networks;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.Shrinker;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.engines.ExhaustiveEngine;
import dev.sgproof.engines.Rules;
import dev.sgproof.engines.SmallSpecs;
import dev.sgproof.query.CanonicalFlows;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Engine;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassSearchEngine} against the flow-by-flow loop of {@link CanonicalFlows}: on every
 * obligation of every generated assertion (empty flow sets included) both give the same first
 * violating flow, or both none. Three sources: the shared generators, the narrow-pool
 * {@link SmallSpecs} (CIDRs that hit NIC addresses, NICs with several addresses) and the bench
 * generator at small sizes (group-set profiles, rule-derived assertions, NIC pairs). Each
 * obligation is searched with both strategies for "must be denied" (pairing group set by group
 * set, and through the transposed matrix, which the default uses only for many group sets). A
 * For every proof, the rules it depends on ({@link ClassSearchEngine#dependsOn}) are those that
 * deletion in spec order leaves, one exhaustive run per rule; and the implicit steps it rests on
 * are the same whether each variant network is built and enumerated ({@link ExhaustiveEngine})
 * or searched in place ({@link ClassSearchEngine#holdsOn}), by default (off the compiled policy
 * when the obligations are between few classes, {@link CompiledPairs}) and set by set. A
 * disagreement fails with a shrunk spec. Seeds are logged; -Dsgproof.seed replays a run.
 */
class ClassSearchDifferentialTest {
  private static final int SHARED_SPECS = 2000;
  private static final int SMALL_SPECS = 2000;
  private static final int BENCH_SPECS = 600;
  private static final int ASSERTIONS_PER_SPEC = 4;

  private final TreeMap<String, Integer> outcomes = new TreeMap<>();
  private final ClassSearchEngine search = new ClassSearchEngine();
  /** The same search, pairing through the transposed matrix whenever it can. */
  private final ClassSearchEngine transposing =
      new ClassSearchEngine(ClassSearchEngine.KEEP_UNIVERSES_FROM, -1, 0);
  /** The same search, group set by group set for every obligation (never the compiled policy). */
  private final ClassSearchEngine setBySet = new ClassSearchEngine(
      ClassSearchEngine.KEEP_UNIVERSES_FROM, Combination.TRANSPOSE_ABOVE, 0);
  /** The same search, off the compiled policy for every obligation (any number of classes). */
  private final ClassSearchEngine compiled = new ClassSearchEngine(
      ClassSearchEngine.KEEP_UNIVERSES_FROM, Combination.TRANSPOSE_ABOVE, Long.MAX_VALUE);
  private final ExhaustiveEngine exhaustive = new ExhaustiveEngine();

  @Test
  void classSearchFindsTheSameFirstViolationAsTheFlowLoop() {
    long base = Property.baseSeed(0xC1A55L);
    System.out.println("ClassSearchDifferentialTest base seed " + base);
    for (int i = 0; i < SHARED_SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      GenConfig config = i % 3 == 2 ? GenConfig.medium() : GenConfig.small();
      Network n = new NetworkGen(config).network(g);
      check(seed, n, AssertionGen.assertions(g, n, ASSERTIONS_PER_SPEC));
    }
    for (int i = 0; i < SMALL_SPECS; i++) {
      long seed = base + SHARED_SPECS + i;
      SmallSpecs gen = new SmallSpecs(seed);
      Network n = gen.network();
      List<Assertion> as = new ArrayList<>();
      for (int k = 0; k < ASSERTIONS_PER_SPEC; k++) {
        as.add(gen.assertion(n));
      }
      check(seed, n, as);
    }
    for (int i = 0; i < BENCH_SPECS; i++) {
      long seed = base + SHARED_SPECS + SMALL_SPECS + i;
      var size = new SpecTextGenerator.BenchSize(2 + (int) (seed % 7), 3 + (int) (seed % 6),
          4 + (int) (seed % 9), 1 + (int) (seed % 4), 8, 0.3, seed, i % 2 == 0 ? 0 : 3, 0.5,
          i % 9 == 0);
      LoadResult loaded =
          SpecLoader.load(new SourceText("bench.sg", SpecTextGenerator.generate(size).text()));
      assertTrue(!loaded.hasErrors(), "bench spec " + size);
      check(seed, loaded.spec().network(), loaded.spec().assertions());
    }
    System.out.println("ClassSearchDifferentialTest: " + outcomes);
    assertTrue(outcomes.getOrDefault("violation", 0) > 5000, "too few violations: " + outcomes);
    assertTrue(outcomes.getOrDefault("holds", 0) > 3000, "too few clean obligations: " + outcomes);
    assertTrue(outcomes.getOrDefault("dependsOn", 0) > 2000, "too few proofs: " + outcomes);
    assertTrue(outcomes.getOrDefault("steps", 0) > 2000, "too few proof steps: " + outcomes);
    // Both ways of answering after the check were compared, on many proofs each.
    long byPairs = search.problemsByPairs();
    System.out.println("ClassSearchDifferentialTest: proofs off the compiled policy " + byPairs);
    assertTrue(byPairs > 1000, byPairs + " proofs off the compiled policy");
    assertTrue(outcomes.get("dependsOn") - byPairs > 300,
        byPairs + " of " + outcomes.get("dependsOn") + " proofs off the compiled policy");
  }

  private void check(long seed, Network n, List<Assertion> as) {
    for (Assertion a : as) {
      String problem = disagreement(n, a);
      if (problem != null) {
        Shrinker.Case small = Shrinker.shrink(new Shrinker.Case(n, List.of(a)),
            c -> Networks.resolves(c.network(), a) && disagreement(c.network(), a) != null);
        fail("seed " + seed + ": " + problem + "\nshrunk spec:\n" + small.spec()
            + "\nshrunk: " + disagreement(small.network(), a));
      }
    }
  }

  /** Whether every obligation holds on the variant, by the engine. */
  static boolean holdsOn(Engine e, Problem p, ProofSteps.Variant v) {
    return p.obligations().stream().allMatch(o -> e.holdsOn(p, o, v));
  }

  /** Null when both searches agree on every obligation of the assertion; else what differs. */
  private String disagreement(Network n, Assertion a) {
    try {
      Classes classes = Classes.of(n, a);
      Evaluator evaluator = new Evaluator(n);
      boolean holds = true;
      for (Obligation o : Obligation.of(a)) {
        Optional<Flow> loop = CanonicalFlows.firstViolation(n, evaluator, classes, o);
        Optional<Flow> sets = search.firstViolation(n, classes, o);
        if (!loop.equals(sets)) {
          return o.describe() + ": flow loop " + loop + ", class search " + sets;
        }
        Optional<Flow> transposed = transposing.firstViolation(n, classes, o);
        if (!loop.equals(transposed)) {
          return o.describe() + ": flow loop " + loop + ", class search (transposed) "
              + transposed;
        }
        Optional<Flow> sets2 = setBySet.firstViolation(n, classes, o);
        if (!loop.equals(sets2)) {
          return o.describe() + ": flow loop " + loop + ", class search (set by set) " + sets2;
        }
        Optional<Flow> tables = compiled.firstViolation(n, classes, o);
        if (!loop.equals(tables)) {
          return o.describe() + ": flow loop " + loop + ", class search (compiled policy) "
              + tables;
        }
        outcomes.merge(loop.isPresent() ? "violation" : "holds", 1, Integer::sum);
        holds &= loop.isEmpty();
      }
      if (holds) {
        // The rules the proof depends on: deletion in spec order, one engine run per rule.
        Problem p = Problem.of(n, a, classes);
        List<Rule> byDeletion = exhaustive.dependsOn(p);
        List<Rule> bySearch = search.dependsOn(p);
        if (!Rules.same(byDeletion, bySearch)) {
          return "dependsOn: by deletion " + Rules.texts(byDeletion) + ", by class search "
              + Rules.texts(bySearch);
        }
        List<Rule> bySets = setBySet.dependsOn(p);
        if (!Rules.same(byDeletion, bySets)) {
          return "dependsOn: by deletion " + Rules.texts(byDeletion)
              + ", by class search (set by set) " + Rules.texts(bySets);
        }
        outcomes.merge("dependsOn", 1, Integer::sum);
        // The implicit steps, re-checked on variants: built and enumerated, or searched in place.
        for (List<Rule> deps : List.of(byDeletion, List.<Rule>of())) {
          List<String> built = ProofSteps.of(p, deps, v -> holdsOn(exhaustive, p, v));
          List<String> searched = ProofSteps.of(p, deps, v -> holdsOn(search, p, v));
          if (!built.equals(searched)) {
            return "steps with dependsOn " + Rules.texts(deps) + ": on built variants " + built
                + ", by class search " + searched;
          }
          List<String> setBySetSteps = ProofSteps.of(p, deps, v -> holdsOn(setBySet, p, v));
          if (!built.equals(setBySetSteps)) {
            return "steps with dependsOn " + Rules.texts(deps) + ": on built variants " + built
                + ", by class search (set by set) " + setBySetSteps;
          }
          outcomes.merge(built.isEmpty() ? "no steps" : "steps", 1, Integer::sum);
        }
      }
      return null;
    } catch (RuntimeException e) {
      return e.toString();
    }
  }
}

package dev.sgproof.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Verdict;
import dev.sgproof.testing.Queries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A counterexample does not depend on what the engine answered before: for generated assertions,
 * a fresh engine and one that first answered every other assertion of the network (in a shuffled
 * order, so the solver saw a different history) return the same flow. Seeds are logged; set
 * -Dsgproof.seed to replay one run.
 */
class CanonicalCounterexampleTest {
  private static final int NETWORKS = 40;
  private static final int ASSERTIONS_PER_NETWORK = 12;

  @Test
  void counterexamplesDoNotDependOnEarlierQueries() {
    long base = Property.baseSeed(20261123L);
    System.out.println("CanonicalCounterexampleTest base seed " + base);
    int compared = 0;
    long nonCanonical = 0;
    for (int i = 0; i < NETWORKS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      GenConfig config = i % 2 == 1 ? GenConfig.medium() : GenConfig.small();
      Network n = new NetworkGen(config).network(g);
      List<Assertion> as = new ArrayList<>();
      for (Assertion a : AssertionGen.assertions(g, n, ASSERTIONS_PER_NETWORK)) {
        if (!SmallSpecs.isEmpty(n, a)) {
          as.add(a);
        }
      }
      Spec spec = new Spec(NetworkGen.FILE, n, as);
      List<Verdict> warm = new ArrayList<>();
      try (Portfolio busy = Engines.portfolio(Z3_ONLY)) {
        // Two rounds in different orders: the second answers each assertion after all the others.
        for (Assertion a : g.shuffled(as)) {
          busy.check(n, a);
        }
        List<Integer> order = g.shuffled(indices(as.size()));
        Verdict[] byIndex = new Verdict[as.size()];
        for (int k : order) {
          byIndex[k] = busy.check(n, as.get(k));
        }
        warm.addAll(List.of(byIndex));
        nonCanonical += z3(busy).nonCanonicalCounterexamples();
      }
      for (int k = 0; k < as.size(); k++) {
        Assertion a = as.get(k);
        Verdict fresh;
        try (Portfolio once = Engines.portfolio(Z3_ONLY)) {
          fresh = once.check(n, a);
          nonCanonical += z3(once).nonCanonicalCounterexamples();
        }
        if (!fresh.equals(warm.get(k))) {
          fail("seed " + seed + ", assertion " + a + ": fresh engine " + fresh
              + ", after other queries " + warm.get(k) + "\nspec:\n" + SpecPrinter.print(n, as));
        }
        if (fresh instanceof Verdict.Refuted) {
          compared++;
        }
      }
    }
    System.out.printf("CanonicalCounterexampleTest: %d counterexamples compared%n", compared);
    assertEquals(0, nonCanonical, "non-canonical counterexamples");
    assertTrue(compared >= 200, "too few counterexamples compared: " + compared);
  }

  /**
   * The fallback of a counterexample search that cannot finish (a step undecided, simulated by a
   * query budget): the current model's flow mapped to its classes' representatives, which the
   * evaluator confirms (Replay); a search that finishes gives the canonical flow.
   */
  @Test
  void aSearchCutShortStillGivesAConfirmedCounterexample() {
    long base = Property.baseSeed(20261124L);
    System.out.println("CanonicalCounterexampleTest fallback base seed " + base);
    int fallbacks = 0;
    int canonical = 0;
    for (int i = 0; i < 30; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 2 == 1 ? GenConfig.medium() : GenConfig.small()).network(g);
      try (Portfolio limited = Engines.portfolio(Z3_ONLY)) {
        for (Assertion a : AssertionGen.assertions(g, n, 6)) {
          if (SmallSpecs.isEmpty(n, a)) {
            continue;
          }
          Spec spec = new Spec(NetworkGen.FILE, n, List.of(a));
          Verdict reference = Queries.decide(n, a);
          for (int budget : new int[] {0, 1, 2, 4, 8, 16}) {
            z3(limited).limitCounterexampleQueries(budget);
            long before = z3(limited).nonCanonicalCounterexamples();
            Verdict v;
            try {
              v = limited.verify(spec, a).verdict();
            } catch (RuntimeException ex) {
              throw new AssertionError("seed " + seed + ", budget " + budget + ", " + a, ex);
            }
            assertEquals(reference.word(), v.word(), "seed " + seed + ": " + a);
            if (z3(limited).nonCanonicalCounterexamples() > before) {
              fallbacks++;
            } else if (v instanceof Verdict.Refuted) {
              assertEquals(reference, v, "seed " + seed + ", budget " + budget + ": " + a);
              canonical++;
            }
          }
        }
      }
    }
    System.out.printf("CanonicalCounterexampleTest: %d fallbacks confirmed, %d canonical%n",
        fallbacks, canonical);
    assertTrue(fallbacks > 50, "the fallback was rarely reached: " + fallbacks);
    assertTrue(canonical > 50, "searches rarely finished within budget: " + canonical);
  }

  /** Z3 on every obligation, without dependsOn. */
  private static final EngineOptions Z3_ONLY =
      EngineOptions.of(EngineChoice.smt).withEnumerationLimit(0).withDependsOn(false);

  private static Z3Engine z3(Portfolio p) {
    return (Z3Engine) p.mainEngine();
  }

  private static List<Integer> indices(int n) {
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}

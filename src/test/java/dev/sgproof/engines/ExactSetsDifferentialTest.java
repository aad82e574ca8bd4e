package dev.sgproof.engines;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.engines.classsearch.ClassSearchEngine;
import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.Shrinker;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The class search's exact sets against the exhaustive engine's (the reference, by enumeration):
 * on every obligation of generated assertions the same violating flows (the same set in one flow
 * space, so the same canonical boxes), empty exactly when the obligation holds; and the same
 * deciding rules for every assertion. A disagreement fails with a shrunk spec.
 */
class ExactSetsDifferentialTest {
  private static final int SHARED_SPECS = 500;
  private static final int SMALL_SPECS = 500;
  private final TreeMap<String, Integer> seen = new TreeMap<>();

  @Test
  void classSearchSetsEqualTheEnumeratedOnes() {
    long base = Property.baseSeed(0xE5E75L);
    for (int i = 0; i < SHARED_SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 3 == 2 ? GenConfig.medium() : GenConfig.small()).network(g);
      check(seed, n, AssertionGen.assertions(g, n, 3));
    }
    for (int i = 0; i < SMALL_SPECS; i++) {
      long seed = base + SHARED_SPECS + i;
      SmallSpecs gen = new SmallSpecs(seed);
      Network n = gen.network();
      List<Assertion> as = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        as.add(gen.assertion(n));
      }
      check(seed, n, as);
    }
    System.out.println("ExactSetsDifferentialTest: " + seen);
    assertTrue(seen.getOrDefault("violations", 0) > 1000, seen.toString());
    assertTrue(seen.getOrDefault("holds", 0) > 600, seen.toString());
    assertTrue(seen.getOrDefault("decidedBy nonempty", 0) > 700, seen.toString());
    assertTrue(seen.getOrDefault("decidedBy empty", 0) > 50, seen.toString());
  }

  private void check(long seed, Network n, List<Assertion> as) {
    Shrinker.failOnDisagreement(seed, n, as, this::disagreement);
  }

  private String disagreement(Network n, Assertion a) {
    try (ExhaustiveEngine reference = new ExhaustiveEngine();
        ClassSearchEngine search = new ClassSearchEngine()) {
      Problem p = Problem.of(n, a);
      FlowSpace space = new FlowSpace();
      for (Obligation o : p.obligations()) {
        FlowSet expected = reference.violating(p, o, space);
        FlowSet actual = search.violating(p, o, space);
        if (!expected.equals(actual)) {
          return o.describe() + ": enumeration " + expected + ", class search " + actual;
        }
        boolean holds = reference.decide(p, o) instanceof Outcome.Holds;
        if (holds != expected.isEmpty()) {
          return o.describe() + ": holds=" + holds + " but violations " + expected;
        }
        seen.merge(holds ? "holds" : "violations", 1, Integer::sum);
      }
      List<Rule> expected = reference.decidedBy(p);
      List<Rule> actual = search.decidedBy(p);
      if (!Rules.same(expected, actual)) {
        return "decidedBy: enumeration " + Rules.texts(expected) + ", class search "
            + Rules.texts(actual);
      }
      seen.merge(expected.isEmpty() ? "decidedBy empty" : "decidedBy nonempty", 1, Integer::sum);
      return null;
    } catch (RuntimeException e) {
      return e.toString();
    }
  }
}

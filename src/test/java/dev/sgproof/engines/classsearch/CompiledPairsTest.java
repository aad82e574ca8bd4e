package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.diag.SourceText;
import dev.sgproof.engines.ExhaustiveEngine;
import dev.sgproof.engines.Rules;
import dev.sgproof.engines.SmallSpecs;
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
import dev.sgproof.model.Spec;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The questions after a check read off the compiled policy pair by pair ({@link CompiledPairs},
 * issue 15 item 2): the violating flows, the deciding rules and dependsOn are those of the
 * enumeration (the reference) on generated specs, with the compiled policy taken for every
 * obligation however many classes it has; and on NIC-to-NIC assertions they build no combination
 * of decisions, where the search set by set builds some for every one. Seeds are logged;
 * -Dsgproof.seed replays a run.
 */
class CompiledPairsTest {
  private final TreeMap<String, Integer> seen = new TreeMap<>();

  /** The compiled policy for every obligation (any number of pairs of classes). */
  private static ClassSearchEngine always() {
    return new ClassSearchEngine(ClassSearchEngine.KEEP_UNIVERSES_FROM,
        Combination.TRANSPOSE_ABOVE, Long.MAX_VALUE);
  }

  @Test
  void answersOffTheCompiledPolicyAreThoseOfTheEnumeration() {
    long base = Property.baseSeed(0xC0A125L);
    System.out.println("CompiledPairsTest base seed " + base);
    for (int i = 0; i < 400; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 2 == 0 ? GenConfig.small() : GenConfig.medium()).network(g);
      check(seed, n, AssertionGen.assertions(g, n, 3));
    }
    for (int i = 0; i < 300; i++) {
      long seed = base + 400 + i;
      SmallSpecs gen = new SmallSpecs(seed);
      Network n = gen.network();
      List<Assertion> as = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        as.add(gen.assertion(n));
      }
      check(seed, n, as);
    }
    for (int i = 0; i < 60; i++) {
      long seed = base + 700 + i;
      Spec spec = nicPairs(seed, 12);
      check(seed, spec.network(), spec.assertions());
    }
    System.out.println("CompiledPairsTest: " + seen);
    assertTrue(seen.getOrDefault("violations", 0) > 500, seen.toString());
    assertTrue(seen.getOrDefault("holds", 0) > 300, seen.toString());
    assertTrue(seen.getOrDefault("dependsOn nonempty", 0) > 100, seen.toString());
    assertTrue(seen.getOrDefault("dependsOn empty", 0) > 20, seen.toString());
    assertTrue(seen.getOrDefault("decidedBy nonempty", 0) > 500, seen.toString());
  }

  /**
   * The bench's NIC-pair preset at a small size: every assertion is between two NICs, so every
   * question after the check is read off the compiled policy, and no combination of decisions is
   * built; set by set, the same answers cost combinations.
   */
  @Test
  void nicToNicAssertionsBuildNoCombination() {
    Spec spec = nicPairs(7, 40);
    ClassSearchEngine engine = new ClassSearchEngine();
    ClassSearchEngine sets = ClassSearchEngine.setBySet();
    FlowSpace space = new FlowSpace();
    int proofs = 0;
    int refutations = 0;
    for (Assertion a : spec.assertions()) {
      Problem p = Problem.of(spec.network(), a);
      boolean holds = true;
      for (Obligation o : p.obligations()) {
        FlowSet bad = engine.violating(p, o, space);
        assertEquals(sets.violating(p, o, space), bad, a.text());
        holds &= bad.isEmpty();
      }
      assertTrue(Rules.same(sets.decidedBy(p), engine.decidedBy(p)), a.text());
      if (holds) {
        assertTrue(Rules.same(sets.dependsOn(p), engine.dependsOn(p)), a.text());
        proofs++;
      } else {
        refutations++;
      }
    }
    assertTrue(proofs > 5 && refutations > 5, proofs + " proofs, " + refutations + " refuted");
    assertEquals(spec.assertions().size(), engine.problemsByPairs());
    assertEquals(0, engine.combinationsBuilt());
    assertTrue(sets.combinationsBuilt() >= spec.assertions().size(),
        sets.combinationsBuilt() + " combinations set by set");
  }

  /** A spec of the bench's NIC-pair shape: every group basic and isolated, NIC-to-NIC asserts. */
  private static Spec nicPairs(long seed, int assertions) {
    var size = new SpecTextGenerator.BenchSize(3 + (int) (seed % 3), 6 + (int) (seed % 5),
        8 + (int) (seed % 7), 2, assertions, 0.3, seed, 0, 0, true);
    LoadResult loaded =
        SpecLoader.load(new SourceText("pairs.sg", SpecTextGenerator.generate(size).text()));
    assertTrue(!loaded.hasErrors(), "bench spec " + size);
    return loaded.spec();
  }

  private void check(long seed, Network n, List<Assertion> as) {
    Shrinker.failOnDisagreement(seed, n, as, this::disagreement);
  }

  /** Null when the engine off the compiled policy agrees with the enumeration; else what differs. */
  private String disagreement(Network n, Assertion a) {
    try (ExhaustiveEngine reference = new ExhaustiveEngine()) {
      ClassSearchEngine pairs = always();
      Problem p = Problem.of(n, a);
      FlowSpace space = new FlowSpace();
      boolean holds = true;
      for (Obligation o : p.obligations()) {
        FlowSet expected = reference.violating(p, o, space);
        FlowSet actual = pairs.violating(p, o, space);
        if (!expected.equals(actual)) {
          return o.describe() + ": enumeration " + expected + ", compiled pairs " + actual;
        }
        holds &= reference.decide(p, o) instanceof Outcome.Holds;
        seen.merge(expected.isEmpty() ? "holds" : "violations", 1, Integer::sum);
      }
      List<Rule> expected = reference.decidedBy(p);
      List<Rule> actual = pairs.decidedBy(p);
      if (!Rules.same(expected, actual)) {
        return "decidedBy: enumeration " + Rules.texts(expected) + ", compiled pairs "
            + Rules.texts(actual);
      }
      seen.merge(expected.isEmpty() ? "decidedBy empty" : "decidedBy nonempty", 1, Integer::sum);
      if (holds) {
        List<Rule> byDeletion = reference.dependsOn(p);
        List<Rule> byPairs = pairs.dependsOn(p);
        if (!Rules.same(byDeletion, byPairs)) {
          return "dependsOn: by deletion " + Rules.texts(byDeletion) + ", compiled pairs "
              + Rules.texts(byPairs);
        }
        seen.merge(byDeletion.isEmpty() ? "dependsOn empty" : "dependsOn nonempty", 1,
            Integer::sum);
      }
      if (pairs.problemsByPairs() != 1) {
        return "not read off the compiled policy";
      }
      return null;
    } catch (RuntimeException e) {
      return e.toString();
    }
  }
}

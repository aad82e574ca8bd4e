package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.diag.SourceText;
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
 * Checks that read the tracked decisions the questions after them read ({@link
 * ClassSearchEngine#forRun} with deciding rules, as JSON and {@code --explain} runs): on
 * generated specs, each obligation's outcome, and then the violating flows, the deciding rules
 * and dependsOn of the problem, asked in the order a run asks them (the check, then the
 * questions, on the same engine), are those of the search whose checks make their own untracked
 * decisions. Set by set for every obligation and by default (few classes off the compiled
 * policy). Seeds are logged; -Dsgproof.seed replays a run.
 */
class ChecksReadAsIsTest {
  private final TreeMap<String, Integer> seen = new TreeMap<>();
  /** Obligations the set-by-set engine checked off the tracked decisions. */
  private long searchedAsIs;

  @Test
  void checksOffTheTrackedDecisionsAnswerAsTheirOwn() {
    long base = Property.baseSeed(0xA515L);
    System.out.println("ChecksReadAsIsTest base seed " + base);
    for (int i = 0; i < 300; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 2 == 0 ? GenConfig.small() : GenConfig.medium()).network(g);
      check(seed, n, AssertionGen.assertions(g, n, 3));
    }
    for (int i = 0; i < 200; i++) {
      long seed = base + 300 + i;
      SmallSpecs gen = new SmallSpecs(seed);
      Network n = gen.network();
      List<Assertion> as = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        as.add(gen.assertion(n));
      }
      check(seed, n, as);
    }
    for (int i = 0; i < 100; i++) {
      long seed = base + 500 + i;
      var size = new SpecTextGenerator.BenchSize(2 + (int) (seed % 7), 3 + (int) (seed % 6),
          4 + (int) (seed % 9), 1 + (int) (seed % 4), 6, 0.3, seed, i % 2 == 0 ? 0 : 3, 0.5,
          false);
      LoadResult loaded =
          SpecLoader.load(new SourceText("bench.sg", SpecTextGenerator.generate(size).text()));
      assertTrue(!loaded.hasErrors(), "bench spec " + size);
      check(seed, loaded.spec().network(), loaded.spec().assertions());
    }
    System.out.println("ChecksReadAsIsTest: " + seen + ", checked off the tracked decisions "
        + searchedAsIs);
    assertTrue(searchedAsIs > 1000, searchedAsIs + " obligations checked off the decisions");
    assertTrue(seen.getOrDefault("refuted", 0) > 300, seen.toString());
    assertTrue(seen.getOrDefault("proved", 0) > 200, seen.toString());
    assertTrue(seen.getOrDefault("violations nonempty", 0) > 300, seen.toString());
    assertTrue(seen.getOrDefault("dependsOn nonempty", 0) > 100, seen.toString());
    assertTrue(seen.getOrDefault("decidedBy nonempty", 0) > 300, seen.toString());
  }

  private void check(long seed, Network n, List<Assertion> as) {
    Shrinker.failOnDisagreement(seed, n, as, this::disagreement);
  }

  /** Null when the engines agree on the assertion; else what differs. */
  private String disagreement(Network n, Assertion a) {
    try {
      Problem p = Problem.of(n, a);
      for (boolean setBySet : new boolean[] {true, false}) {
        ClassSearchEngine own = setBySet ? ClassSearchEngine.setBySet() : new ClassSearchEngine();
        ClassSearchEngine shared =
            (setBySet ? ClassSearchEngine.setBySet() : new ClassSearchEngine()).checkingAsIs();
        String how = setBySet ? "set by set: " : "by default: ";
        FlowSpace space = new FlowSpace();
        Answers expected = answers(own, p, space);
        Answers actual = answers(shared, p, space);
        if (setBySet) {
          searchedAsIs += shared.checkedAsIs();
        }
        if (!expected.outcomes.equals(actual.outcomes)) {
          return how + "outcomes " + expected.outcomes + ", reading the tracked decisions "
              + actual.outcomes;
        }
        if (!expected.violations.equals(actual.violations)) {
          return how + "violations differ";
        }
        if (!Rules.same(expected.decidedBy, actual.decidedBy)) {
          return how + "decidedBy " + Rules.texts(expected.decidedBy)
              + ", reading the tracked decisions " + Rules.texts(actual.decidedBy);
        }
        if (expected.dependsOn != null && !Rules.same(expected.dependsOn, actual.dependsOn)) {
          return how + "dependsOn " + Rules.texts(expected.dependsOn)
              + ", reading the tracked decisions " + Rules.texts(actual.dependsOn);
        }
        if (setBySet) {
          boolean refuted = expected.outcomes.stream().anyMatch(x -> x instanceof Outcome.Broken);
          seen.merge(refuted ? "refuted" : "proved", 1, Integer::sum);
          if (refuted && expected.violations.stream().anyMatch(f -> !f.isEmpty())) {
            seen.merge("violations nonempty", 1, Integer::sum);
          }
          if (!expected.decidedBy.isEmpty()) {
            seen.merge("decidedBy nonempty", 1, Integer::sum);
          }
          if (expected.dependsOn != null && !expected.dependsOn.isEmpty()) {
            seen.merge("dependsOn nonempty", 1, Integer::sum);
          }
        }
      }
      return null;
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  /** What a run asks of one engine about one problem, in a run's order. */
  private record Answers(List<Outcome> outcomes, List<FlowSet> violations, List<Rule> decidedBy,
      List<Rule> dependsOn) {}

  /**
   * The obligations checked in turn up to the first broken one; then a refutation's violating
   * flows of every obligation, or a proof's dependsOn; then the deciding rules.
   */
  private static Answers answers(ClassSearchEngine e, Problem p, FlowSpace space) {
    List<Outcome> outcomes = new ArrayList<>();
    boolean broken = false;
    for (Obligation o : p.obligations()) {
      Outcome r = e.decide(p, o);
      outcomes.add(r);
      if (r instanceof Outcome.Broken) {
        broken = true;
        break;
      }
    }
    List<FlowSet> violations = new ArrayList<>();
    List<Rule> dependsOn = null;
    if (broken) {
      for (Obligation o : p.obligations()) {
        violations.add(e.violating(p, o, space));
      }
    } else {
      dependsOn = e.dependsOn(p);
    }
    return new Answers(outcomes, violations, e.decidedBy(p), dependsOn);
  }
}

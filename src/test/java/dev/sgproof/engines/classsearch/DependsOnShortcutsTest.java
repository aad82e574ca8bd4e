package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.diag.SourceText;
import dev.sgproof.engines.ExhaustiveEngine;
import dev.sgproof.engines.Rules;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Networks;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.Shrinker;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.semantics.SpecLoader;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What dependsOn and its proof steps skip (issue 15 item 2), checked by operation counts, and
 * the rules they give, which must be those of deletion in spec order with one exhaustive run per
 * rule. The search set by set is the one tested ({@link ClassSearchEngine#setBySet}): the default
 * reads obligations between few classes off the compiled policy instead ({@link CompiledPairs}).
 * Seeds are logged; -Dsgproof.seed replays a run.
 */
class DependsOnShortcutsTest {

  /**
   * Web1's ingress allows each of {@code count} tcp ports at its own priority, so each allow
   * decides its port's class; app's egress denies web1 and web2's ingress denies app, so that no
   * flow from app to the group of both is permitted, though neither direction alone denies them
   * all.
   */
  private static Spec allowsBehindDenies(int count) {
    StringBuilder text = new StringBuilder("group App {\n")
        .append("  egress deny tcp to 10.0.0.2/32 priority 1\n}\ngroup W1 {\n");
    for (int i = 0; i < count; i++) {
      text.append("  ingress allow tcp ").append(1000 + i).append(" from 10.0.0.0/8 priority ")
          .append(1 + i % 90).append('\n');
    }
    text.append("}\ngroup W2 {\n  ingress deny tcp from 10.0.0.0/8 priority 1\n}\n")
        .append("group Webs {\n}\ninstance app ip 10.0.0.1 in App\n")
        .append("instance web1 ip 10.0.0.2 in W1, Webs\ninstance web2 ip 10.0.0.3 in W2, Webs\n")
        .append("assert app -> group Webs unreachable tcp\n");
    return SpecLoader.load(new SourceText("behind.sg", text.toString())).spec();
  }

  /**
   * Deleting an allow cannot make a denied flow permitted: the allows that decide some class of
   * a proof whose flows must all be denied go without a test. Before, each was tested, and each
   * test re-decided its port's combinations (300 allows: 300 tests). The proof rests on no rule:
   * app's deny is needed while web1's allows are there (the first pass keeps it), and not once
   * they are gone (the second pass deletes it).
   */
  @Test
  void allowsOfAProofThatFlowsAreDeniedGoWithoutATest() {
    Spec spec = allowsBehindDenies(300);
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    ClassSearchEngine engine = ClassSearchEngine.setBySet();
    DependsOnSearch search = engine.dependsOnSearch(p);
    List<Rule> deps = search.dependsOn();
    assertEquals(List.of(), deps);
    try (ExhaustiveEngine exhaustive = new ExhaustiveEngine()) {
      assertTrue(Rules.same(exhaustive.dependsOn(p), deps));
    }
    long perSearch = search.combinationsPerSearch();
    assertTrue(perSearch >= 300, perSearch + " combinations per search");
    assertEquals(300, search.harmlessUntested());
    // The first search, the tests of app's and web2's denies, and no more.
    assertTrue(search.combinationsDecided() <= 4 * perSearch + 20,
        search.combinationsDecided() + " combinations decided, " + perSearch + " per search");
  }

  /**
   * A proof whose flows must all be denied and that holds with no rule at all rests on none
   * (deletion in spec order deletes every allow, then every deny): after the first search, the
   * engine answers so after one cheap check, without deletion tests (here those of app's deny and
   * web2's, which re-decide every combination).
   */
  @Test
  void aProofThatHoldsWithNoRuleRestsOnNoneWithoutADeletionTest() {
    Spec spec = allowsBehindDenies(300);
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    ClassSearchEngine engine = ClassSearchEngine.setBySet();
    engine.prepare(spec.network());
    List<Rule> deps = engine.dependsOn(p);
    assertEquals(List.of(), deps);
    ClassSearchEngine searching = ClassSearchEngine.setBySet();
    searching.prepare(spec.network());
    DependsOnSearch tests = searching.dependsOnSearch(p);
    assertEquals(List.of(), tests.dependsOn());
    assertTrue(tests.testsRun() >= 2, tests.testsRun() + " deletion tests");
    assertEquals(0, engine.deletionTests());
    assertEquals(1, engine.restedOnNoRule());
    try (ExhaustiveEngine exhaustive = new ExhaustiveEngine()) {
      assertTrue(Rules.same(exhaustive.dependsOn(p), deps));
    }
    // Not when the proof needs a rule: web1's allow is needed for app to reach it.
    Spec reach = SpecLoader.load(new SourceText("reach.sg",
        "group W1 {\n  ingress allow tcp 1000 from 10.0.0.0/8\n}\ngroup App {\n}\n"
            + "instance app ip 10.0.0.1 in App\ninstance web1 ip 10.0.0.2 in W1\n"
            + "assert app -> web1 reachable tcp 1000\n")).spec();
    Problem q = Problem.of(reach.network(), reach.assertions().get(0));
    assertEquals(1, ClassSearchEngine.setBySet().dependsOn(q).size());
  }

  /**
   * In an assertion with obligations of both kinds ("only"), a rule is tested, but only the
   * obligations its deletion can break re-decide anything: the copies of web's tcp allow decide
   * every tcp combination of the obligation that expects denied flows (app's denies hold it), and
   * before, each copy's test re-decided all of them; app's denies of one port each decide only
   * there.
   */
  @Test
  void anOnlyAssertionReDecidesOnlyTheObligationsARuleCanBreak() {
    StringBuilder text = new StringBuilder("group App {\n")
        .append("  egress allow tcp 80 to 10.0.0.0/8 priority 1\n");
    for (int i = 0; i < 60; i++) {
      text.append("  egress deny tcp ").append(2000 + 2 * i)
          .append(" to 10.0.0.0/8 priority 2\n");
    }
    text.append("  egress deny all to 10.0.0.0/8 priority 3\n}\ngroup Web {\n");
    for (int i = 0; i < 20; i++) {
      text.append("  ingress allow tcp from 10.0.0.0/8 priority 1\n");
    }
    text.append("}\ninstance app ip 10.0.0.1 in App\ninstance web ip 10.0.0.2 in Web\n")
        .append("assert app -> web only tcp 80\n");
    Spec spec = SpecLoader.load(new SourceText("only.sg", text.toString())).spec();
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    assertEquals(2, p.obligations().stream().map(Obligation::expect).distinct().count());
    ClassSearchEngine engine = ClassSearchEngine.setBySet();
    DependsOnSearch search = engine.dependsOnSearch(p);
    List<Rule> deps = search.dependsOn();
    try (ExhaustiveEngine exhaustive = new ExhaustiveEngine()) {
      assertTrue(Rules.same(exhaustive.dependsOn(p), deps), Rules.texts(deps).toString());
    }
    List<Rule> app = spec.network().groups().get(0).rules();
    List<Rule> web = spec.network().groups().get(1).rules();
    assertTrue(Rules.same(List.of(app.get(0), app.get(61), web.get(19)), deps),
        Rules.texts(deps).toString());
    long perSearch = search.combinationsPerSearch();
    assertTrue(perSearch >= 120, perSearch + " combinations per search");
    // The first search, the test of app's deny of everything (it decides every combination of
    // the obligation that expects denied flows) and a few per rule.
    assertTrue(search.combinationsDecided() <= 2 * perSearch + 4 * 81,
        search.combinationsDecided() + " combinations decided, " + perSearch + " per search");
  }

  /**
   * The ports of another group's rules cut the assertion's traffic into 201 port classes, but
   * the rules at its own ends cut it into none: the searches decide one combination for all of
   * them, which match the same rules everywhere. Before, each test decided every combination in
   * which the deleted rule decides (here all of them).
   */
  @Test
  void combinationsThatMatchTheSameRulesAreDecidedOnce() {
    StringBuilder text = new StringBuilder("group Web {\n")
        .append("  ingress allow tcp from 10.0.0.0/8 priority 1\n")
        .append("  ingress allow tcp from 10.0.0.0/8 priority 2\n}\ngroup Other {\n");
    for (int i = 0; i < 100; i++) {
      text.append("  ingress allow tcp ").append(1000 + 2 * i).append(" from 0.0.0.0/0\n");
    }
    text.append("}\ngroup App {\n}\ninstance app ip 10.0.0.1 in App\n")
        .append("instance web ip 10.0.0.2 in Web\ninstance other ip 10.0.0.3 in Other\n")
        .append("assert app -> web reachable tcp\n");
    Spec spec = SpecLoader.load(new SourceText("cells.sg", text.toString())).spec();
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    ClassSearchEngine engine = ClassSearchEngine.setBySet();
    DependsOnSearch search = engine.dependsOnSearch(p);
    List<Rule> deps = search.dependsOn();
    List<Rule> web = spec.network().groups().get(0).rules();
    assertTrue(Rules.same(List.of(web.get(1)), deps), Rules.texts(deps).toString());
    try (ExhaustiveEngine exhaustive = new ExhaustiveEngine()) {
      assertTrue(Rules.same(exhaustive.dependsOn(p), deps));
    }
    assertTrue(search.combinationsPerSearch() >= 201,
        search.combinationsPerSearch() + " combinations per search");
    // The first search and two tests (the first allow goes, the second stays): one each.
    assertTrue(search.combinationsDecided() <= 6,
        search.combinationsDecided() + " combinations decided");
  }

  /**
   * The rules of groups that no NIC of the assertion's ends is in (and a group's rules of the
   * direction its NICs do not decide there) can decide no flow of it: deletion never walks them.
   * Before, every pass of deletion walked all 400 rules of the other groups, each deleted
   * without a test, for every proof.
   */
  @Test
  void rulesOutsideTheEndsAreNeverWalkedByDeletion() {
    StringBuilder text = new StringBuilder("group Web {\n")
        .append("  ingress allow tcp 80 from 10.0.0.0/8 priority 1\n")
        .append("  ingress allow tcp 81 from 10.0.0.0/8 priority 2\n")
        .append("  egress deny tcp 80 to 10.0.0.0/8\n}\ngroup App {\n")
        .append("  ingress deny tcp 80 from 10.0.0.0/8\n}\n");
    for (int g = 0; g < 4; g++) {
      text.append("group Other").append(g).append(" {\n");
      for (int i = 0; i < 100; i++) {
        text.append("  ").append(i % 2 == 0 ? "ingress" : "egress").append(" allow tcp ")
            .append(1000 + i).append(i % 2 == 0 ? " from" : " to").append(" 10.0.0.0/8\n");
      }
      text.append("}\ninstance other").append(g).append(" ip 10.0.1.").append(g + 1)
          .append(" in Other").append(g).append(", Web\n");
    }
    text.append("instance app ip 10.0.0.1 in App\ninstance web ip 10.0.0.2 in Web\n")
        .append("assert app -> web reachable tcp 80\n");
    Spec spec = SpecLoader.load(new SourceText("outside.sg", text.toString())).spec();
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    ClassSearchEngine engine = ClassSearchEngine.setBySet();
    DependsOnSearch search = engine.dependsOnSearch(p);
    List<Rule> deps = search.dependsOn();
    List<Rule> web = spec.network().groups().get(0).rules();
    assertTrue(Rules.same(List.of(web.get(0)), deps), Rules.texts(deps).toString());
    try (ExhaustiveEngine exhaustive = new ExhaustiveEngine()) {
      assertTrue(Rules.same(exhaustive.dependsOn(p), deps));
    }
    // Web's second allow (it decides port 81, outside the traffic), and neither web's egress
    // deny nor app's ingress deny (the wrong direction here), nor the 400 rules of Other*.
    assertTrue(search.deletedWithoutTest() <= 1,
        search.deletedWithoutTest() + " rules deleted without a test");
  }

  /**
   * Web's ingress denies every source: app's egress decides nothing that matters. Its denies of
   * one port each decide their port's class of app's egress, but in combinations whose every flow
   * web's ingress denies, so they go without a test. Web's deny is tested: needed while web's
   * allow is there (app's egress then allows everything), it goes in the second pass. Before,
   * each of app's denies was tested, re-deciding its port's combinations.
   */
  @Test
  void rulesOfADirectionThatTheOtherOverridesGoWithoutATest() {
    StringBuilder text = new StringBuilder("group App {\n");
    for (int i = 0; i < 100; i++) {
      text.append("  egress deny tcp ").append(1000 + 2 * i).append(" to 10.0.0.0/8\n");
    }
    text.append("}\ngroup Web {\n  ingress deny all from 10.0.0.0/8 priority 1\n")
        .append("  ingress allow tcp from 10.0.0.0/8 priority 2\n}\n")
        .append("instance app ip 10.0.0.1 in App\ninstance web ip 10.0.0.2 in Web\n")
        .append("assert app -> web unreachable tcp\n");
    Spec spec = SpecLoader.load(new SourceText("blocked.sg", text.toString())).spec();
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    ClassSearchEngine engine = ClassSearchEngine.setBySet();
    DependsOnSearch search = engine.dependsOnSearch(p);
    List<Rule> deps = search.dependsOn();
    try (ExhaustiveEngine exhaustive = new ExhaustiveEngine()) {
      assertTrue(Rules.same(exhaustive.dependsOn(p), deps), Rules.texts(deps).toString());
    }
    long perSearch = search.representativesPerSearch();
    assertTrue(perSearch >= 100, perSearch + " combinations per search");
    // The first search, web's deny's failing test (one combination) and its second test.
    assertTrue(search.combinationsDecided() <= 2 * perSearch + 2,
        search.combinationsDecided() + " combinations decided, " + perSearch + " per search");
  }

  /**
   * A proof step's variant keeps only the rules the proof depends on: its search makes only
   * those live. Before, it made every rule whose peer matches live, and matched each of them
   * against every combination, to clear it from the mask afterwards.
   */
  @Test
  void aProofStepsVariantMakesOnlyItsKeptRulesLive() {
    Spec spec = allowsBehindDenies(300);
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    ClassSearchEngine engine = ClassSearchEngine.setBySet();
    List<Rule> denies = List.of(spec.network().groups().get(0).rules().get(0),
        spec.network().groups().get(2).rules().get(0));
    Set<Rule> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(denies);
    long before = engine.liveRulesMade();
    assertTrue(engine.holdsOn(p, p.obligations().get(0),
        new ProofSteps.Variant(kept, null, null)));
    assertTrue(engine.liveRulesMade() - before <= 2,
        engine.liveRulesMade() - before + " live rules made");
    // Without app's deny, app's egress allows tcp (basic group): web1's allows permit it.
    Set<Rule> allows = Collections.newSetFromMap(new IdentityHashMap<>());
    allows.addAll(spec.network().groups().get(1).rules());
    before = engine.liveRulesMade();
    assertTrue(!engine.holdsOn(p, p.obligations().get(0),
        new ProofSteps.Variant(allows, null, null)));
    assertTrue(engine.liveRulesMade() - before <= 300,
        engine.liveRulesMade() - before + " live rules made");
    List<String> steps = ProofSteps.of(p, denies,
        v -> p.obligations().stream().allMatch(o -> engine.holdsOn(p, o, v)));
    try (ExhaustiveEngine exhaustive = new ExhaustiveEngine()) {
      assertEquals(ProofSteps.of(p, denies,
          v -> p.obligations().stream().allMatch(o -> exhaustive.holdsOn(p, o, v))), steps);
    }
  }

  private final TreeMap<String, Integer> outcomes = new TreeMap<>();

  /**
   * On generated specs, every proof's dependsOn is what deletion in spec order gives with one
   * exhaustive run per rule; and the shortcuts are taken (rules untested because harmless, proofs
   * of both expectations).
   */
  @Test
  void dependsOnWithHarmlessDeletionsIsDeletionInSpecOrder() {
    long base = Property.baseSeed(0xDE95L);
    System.out.println("DependsOnShortcutsTest base seed " + base);
    ClassSearchEngine search = ClassSearchEngine.setBySet();
    try (ExhaustiveEngine exhaustive = new ExhaustiveEngine()) {
      for (int i = 0; i < 500; i++) {
        long seed = base + i;
        Gen g = new Gen(seed);
        GenConfig config = i % 2 == 0 ? GenConfig.small() : GenConfig.medium();
        Network n = new NetworkGen(config).network(g);
        for (Assertion a : AssertionGen.assertions(g, n, 4)) {
          String problem = disagreement(search, exhaustive, n, a);
          if (problem != null) {
            Shrinker.Case small = Shrinker.shrink(new Shrinker.Case(n, List.of(a)),
                c -> Networks.resolves(c.network(), a)
                    && disagreement(ClassSearchEngine.setBySet(), exhaustive, c.network(), a) != null);
            fail("seed " + seed + ": " + problem + "\nshrunk spec:\n" + small.spec());
          }
        }
      }
    }
    System.out.println("DependsOnShortcutsTest: " + outcomes);
    assertTrue(outcomes.getOrDefault("proofs", 0) > 300, outcomes.toString());
    assertTrue(outcomes.getOrDefault("untested", 0) > 3, outcomes.toString());
    assertTrue(outcomes.getOrDefault("blocked", 0) > 300, outcomes.toString());
    assertTrue(outcomes.getOrDefault("rested on no rule", 0) > 50, outcomes.toString());
    assertTrue(outcomes.getOrDefault("proofs of both kinds", 0) > 5, outcomes.toString());
  }

  private String disagreement(ClassSearchEngine search, ExhaustiveEngine exhaustive, Network n,
      Assertion a) {
    Problem p = Problem.of(n, a);
    for (Obligation o : p.obligations()) {
      if (exhaustive.decide(p, o) != Outcome.HOLDS) {
        return null;
      }
    }
    DependsOnSearch s = search.dependsOnSearch(p);
    List<Rule> bySearch = s.dependsOn();
    List<Rule> byDeletion = exhaustive.dependsOn(p);
    if (!Rules.same(byDeletion, bySearch)) {
      return "dependsOn of " + a.text() + ": by deletion " + Rules.texts(byDeletion)
          + ", by class search " + Rules.texts(bySearch);
    }
    // The engine's answer, which skips the tests when the proof rests on no rule.
    long rested = search.restedOnNoRule();
    List<Rule> byEngine = search.dependsOn(p);
    if (!Rules.same(byDeletion, byEngine)) {
      return "dependsOn of " + a.text() + ": by deletion " + Rules.texts(byDeletion)
          + ", by the engine " + Rules.texts(byEngine);
    }
    outcomes.merge("rested on no rule", (int) (search.restedOnNoRule() - rested), Integer::sum);
    outcomes.merge("proofs", 1, Integer::sum);
    outcomes.merge("untested", (int) s.harmlessUntested(), Integer::sum);
    outcomes.merge("blocked", (int) s.blocked(), Integer::sum);
    if (p.obligations().stream().map(Obligation::expect).distinct().count() > 1) {
      outcomes.merge("proofs of both kinds", 1, Integer::sum);
    }
    return null;
  }
}

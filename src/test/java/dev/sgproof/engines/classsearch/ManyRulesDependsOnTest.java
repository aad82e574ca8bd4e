package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceText;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.engines.Portfolio;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Problem;
import dev.sgproof.query.Verdict;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * dependsOn over many rules that each decide some flow: every rule is tested by a search, so what
 * each search repeats must be cheap (issue 11 item 12). Checked by what the searches share, not by
 * time, and by the result, which the shortcuts must not change.
 */
class ManyRulesDependsOnTest {

  @Test
  void singleRuleMasksHashToDistinctCodes() {
    // Arrays.hashCode gave 2,000 such masks 768 codes and a bucket of 253 keys.
    int rules = 2_000;
    Set<Integer> codes = new HashSet<>();
    Map<Integer, Integer> perBucket = new HashMap<>();
    for (int i = 0; i < rules; i++) {
      long[] mask = new long[(rules + 63) >>> 6];
      mask[i >>> 6] |= 1L << i;
      int h = new Decision.Key(7, mask).hashCode();
      codes.add(h);
      perBucket.merge((h ^ (h >>> 16)) & 4095, 1, Integer::sum);
    }
    assertTrue(codes.size() >= rules - 2, codes.size() + " distinct codes");
    assertTrue(perBucket.values().stream().allMatch(c -> c <= 8), perBucket.toString());
  }

  private static Rule[] rules(int count) {
    StringBuilder text = new StringBuilder("group G {\n");
    for (int i = 0; i < count; i++) {
      text.append("  ingress allow tcp ").append(1 + 2 * i).append(" from 10.0.0.0/8\n");
    }
    LoadResult r = SpecLoader.load(new SourceText("many.sg", text.append("}\n").toString()));
    return r.spec().network().groups().get(0).rules().toArray(Rule[]::new);
  }

  @Test
  void aRememberedMaskIsACopyTheCallerMayChange() {
    Rule[] rules = rules(LiveRules.REMEMBER_MASKS + 72);
    int[] peers = new int[rules.length];
    LiveRules remembering = new LiveRules(rules, peers, true);
    LiveRules fresh = new LiveRules(rules, peers, false);
    for (int port : List.of(1, 2, 3, 199, 201)) {
      long[] first = remembering.mask(Protocols.TCP, port, 49152);
      assertArrayEquals(fresh.mask(Protocols.TCP, port, 49152), first);
      remembering.keepOnly(first, Set.of()); // clears every bit of the caller's copy
      assertArrayEquals(fresh.mask(Protocols.TCP, port, 49152),
          remembering.mask(Protocols.TCP, port, 49152));
    }
  }

  /**
   * 300 distinct rules and 60 repeated ones, each deciding one port of the assertion: the proof
   * needs each port's last copy (deletion in spec order removes an earlier copy while a later one
   * still decides its port).
   */
  @Test
  void dependsOnOverManyDecidingRulesIsTheLastCopyOfEachPort() {
    StringBuilder text = new StringBuilder("group Web {\n");
    StringJoiner ports = new StringJoiner(",");
    for (int i = 0; i < 300; i++) {
      text.append("  ingress allow tcp ").append(1 + 2 * i).append(" from 0.0.0.0/0\n");
      ports.add(Integer.toString(1 + 2 * i));
    }
    for (int i = 0; i < 60; i++) {
      text.append("  ingress allow tcp ").append(1 + 10 * i).append(" from 0.0.0.0/0\n");
    }
    text.append("}\ninstance web ip 10.0.0.1 in Web\n")
        .append("assert 203.0.113.0/24 -> web reachable tcp ").append(ports).append('\n');
    Spec spec = SpecLoader.load(new SourceText("many.sg", text.toString())).spec();
    List<Rule> all = spec.network().groups().get(0).rules();
    List<Rule> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      boolean repeated = (2 * i) % 10 == 0;
      expected.add(repeated ? all.get(300 + (2 * i) / 10) : all.get(i));
    }
    expected.sort(java.util.Comparator.comparingInt(all::indexOf));
    try (Portfolio auto = Engines.portfolio(EngineOptions.of(EngineChoice.auto))) {
      Verdict v = auto.check(spec.network(), spec.assertions().get(0));
      List<Rule> deps = assertInstanceOf(Verdict.Proved.class, v).dependsOn();
      assertEquals(expected.size(), deps.size());
      for (int i = 0; i < deps.size(); i++) {
        assertTrue(expected.get(i) == deps.get(i), "rule " + i + ": " + deps.get(i).text());
      }
    }
  }

  /** One group, {@code count} rules each allowing one port, an assertion over all the ports. */
  private static Spec portPerRule(int count) {
    StringBuilder text = new StringBuilder("group Web {\n");
    StringJoiner ports = new StringJoiner(",");
    for (int i = 0; i < count; i++) {
      text.append("  ingress allow tcp ").append(1 + 2 * i).append(" from 0.0.0.0/0\n");
      ports.add(Integer.toString(1 + 2 * i));
    }
    text.append("}\ninstance web ip 10.0.0.1 in Web\n")
        .append("assert 203.0.113.0/24 -> web reachable tcp ").append(ports).append('\n');
    return SpecLoader.load(new SourceText("many.sg", text.toString())).spec();
  }

  /**
   * Each deletion test re-decides only the combinations in which the deleted rule decides some
   * class: with N rules each deciding one port, dependsOn decides about one full search's
   * combinations plus a few per rule, linear in N, where a full search per rule visited every
   * combination N times (quadratic: 400 rules, 400 searches of 400 combinations).
   */
  @Test
  void dependsOnDecidesCombinationsLinearInTheRules() {
    ClassSearchEngine engine = new ClassSearchEngine();
    long[] decided = new long[3];
    int[] sizes = {100, 200, 400};
    for (int i = 0; i < sizes.length; i++) {
      Spec spec = portPerRule(sizes[i]);
      Problem p = Problem.of(spec.network(), spec.assertions().get(0));
      DependsOnSearch search = engine.dependsOnSearch(p);
      List<Rule> deps = search.dependsOn();
      assertEquals(spec.network().groups().get(0).rules(), deps, "every rule is needed");
      long perSearch = search.combinationsPerSearch();
      assertTrue(perSearch >= sizes[i], perSearch + " combinations per search");
      decided[i] = search.combinationsDecided();
      // One full search, then each rule's test re-decides the combinations of its own port.
      assertTrue(decided[i] <= perSearch + 4L * sizes[i],
          sizes[i] + " rules: " + decided[i] + " combinations decided, " + perSearch
              + " per search");
    }
    assertTrue(decided[2] <= 5 * decided[0], "100 rules: " + decided[0] + ", 400 rules: "
        + decided[2] + " combinations decided");
  }
}

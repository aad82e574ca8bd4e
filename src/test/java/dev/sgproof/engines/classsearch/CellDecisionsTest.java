package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.diag.SourceText;
import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ViolationsByEnumeration;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decisions of the network as it is ({@link ObligationSearch#asIs}) are made once per cell of
 * the rules involved, not once per protocol-and-ports combination: combinations that match the
 * same live rules of one group set share that set's decision ({@link Ends.SetCells}), and
 * combinations that do at every group set of the ends share one {@link Combination}. Checked
 * against decisions made combination by combination on generated specs, and by operation counts.
 */
class CellDecisionsTest {
  private static final int SHARED_SPECS = 300;
  private static final int BENCH_SPECS = 120;

  /**
   * Every combination's decisions, read off its cells, are those matched rule by rule (the slow
   * path, taken when the kept rules are given: here all of them) on fresh ends: the same mask of
   * matching rules at every group set, the same decision bits. The searches of a network's
   * assertions share one index, so each reads cells that others' searches made.
   */
  @Test
  void decisionsByCellAreThoseOfEveryCombinationMatchedRuleByRule() {
    long base = Property.baseSeed(0xCE11L);
    System.out.println("CellDecisionsTest base seed " + base);
    int[] compared = new int[1];
    for (int i = 0; i < SHARED_SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 2 == 0 ? GenConfig.medium() : GenConfig.small()).network(g);
      // One index for the network's assertions: their searches share its cells (SetPorts).
      NetworkIndex ix = new NetworkIndex(n, 1);
      for (Assertion a : AssertionGen.assertions(g, n, 3)) {
        compare(seed, ix, a, compared);
      }
    }
    for (int i = 0; i < BENCH_SPECS; i++) {
      long seed = base + SHARED_SPECS + i;
      var size = new SpecTextGenerator.BenchSize(3 + (int) (seed % 7), 4 + (int) (seed % 6),
          6 + (int) (seed % 9), 1 + (int) (seed % 4), 6, 0.3, seed, i % 2 == 0 ? 0 : 3, 0.5,
          i % 9 == 0);
      LoadResult loaded =
          SpecLoader.load(new SourceText("bench.sg", SpecTextGenerator.generate(size).text()));
      assertFalse(loaded.hasErrors(), "bench spec " + size);
      NetworkIndex ix = new NetworkIndex(loaded.spec().network(), 1);
      for (Assertion a : loaded.spec().assertions()) {
        compare(seed, ix, a, compared);
      }
    }
    System.out.println("CellDecisionsTest: " + compared[0] + " combinations compared");
    assertTrue(compared[0] > 20_000, "too few combinations compared: " + compared[0]);
  }

  private static void compare(long seed, NetworkIndex ix, Assertion a, int[] compared) {
    Network n = ix.network;
    Classes classes = Classes.of(n, a);
    Set<Rule> every = new HashSet<>();
    for (Group grp : n.groups()) {
      every.addAll(grp.rules());
    }
    for (Obligation o : Obligation.of(a)) {
      ObligationSearch byCell = new ObligationSearch(ix, classes, o, NetworkChanges.NONE, true);
      ObligationSearch byRule = new ObligationSearch(ix, classes, o, NetworkChanges.NONE, true);
      List<int[]> combinations = byCell.combinations();
      for (int c = 0; c < combinations.size(); c++) {
        int[] x = combinations.get(c);
        for (IpVersion v : IpVersion.values()) {
          Combination cell = byCell.asIs(c, v);
          Ends side = byRule.sides.get(v);
          if (cell == null) {
            continue;
          }
          Combination rule = new Combination(ix, n, side, v, x[0], x[1], x[2], every, null, null);
          String where = "seed " + seed + ", " + o.describe() + ", " + v + ", protocol " + x[0]
              + " ports " + x[2] + " -> " + x[1];
          if (!cell.ingressKeys.equals(rule.ingressKeys)
              || !cell.egressKeys.equals(rule.egressKeys)) {
            fail(where + ": the matching rules differ");
          }
          for (int set : side.dstSets) {
            assertEquals(rule.ingress[set], cell.ingress[set], where + ", ingress of set " + set);
          }
          for (int set : side.srcSets) {
            assertEquals(rule.egress[set], cell.egress[set], where + ", egress of set " + set);
          }
          compared[0]++;
        }
      }
    }
  }

  /**
   * Thirty groups of one NIC each, each allowing one port of its own: the network has 61
   * destination-port classes, but each group's rule cuts them into three. Every combination of
   * the 30 destination group sets was matched and decided once (1,830 masks for ingress); by cell,
   * at most three per set are. The same with 70 groups.
   */
  @Test
  void eachGroupSetMatchesItsRulesOncePerCellOfItsOwnPorts() {
    groupsOfOnePortEach(30);
    groupsOfOnePortEach(70);
  }

  private static void groupsOfOnePortEach(int groups) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < groups; i++) {
      text.append("group G").append(i).append(" {\n  ingress allow tcp ").append(1000 + 10 * i)
          .append(" from 10.0.0.0/8\n}\n");
    }
    for (int i = 0; i < groups; i++) {
      text.append("instance vm").append(i).append(" ip 10.0.0.").append(10 + i).append(" in G")
          .append(i).append('\n');
    }
    text.append("assert 10.0.0.0/8 -> 10.0.0.0/8 unreachable tcp\n");
    Spec spec = SpecLoader.load(new SourceText("cells.sg", text.toString())).spec();
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    Obligation o = p.obligations().get(0);
    ClassSearchEngine engine = new ClassSearchEngine();
    FlowSpace space = new FlowSpace();
    FlowSet bad = engine.violating(p, o, space);
    NetworkIndex ix = engine.index(p.network());
    ObligationSearch s = new ObligationSearch(ix, p.classes(), o, NetworkChanges.NONE, true);
    Ends side = s.sides.get(IpVersion.V4);
    int combinations = s.combinations().size();
    assertTrue(combinations >= 2 * groups + 1, combinations + " combinations");
    long byCombination = (long) combinations * (side.dstSets.length + side.srcSets.length);
    // Ingress: three cells of tcp per set; egress (no rule): one.
    long byCell = 3L * side.dstSets.length + side.srcSets.length;
    assertTrue(ix.masksMatched <= byCell,
        ix.masksMatched + " masks matched, " + byCell + " cells, " + byCombination
            + " set decisions");
    // The same flows as the flow-by-flow enumeration.
    FlowSet expected = ViolationsByEnumeration.violating(p.network(), new Evaluator(p.network()),
        p.classes(), o, space);
    assertEquals(expected.boxes(1_000), bad.boxes(1_000));
  }

  /**
   * Only group A is at the ends and its one rule matches tcp 80 alone; the network's rules cut the
   * ports into 43 destination-port classes. The combinations that match the same rules of A share
   * one {@link Combination}: two are built (tcp 80, and everything else), not one per combination
   * (89).
   */
  @Test
  void combinationsBetweenTheSameCutsOfTheEndsShareTheirDecisions() {
    StringBuilder text = new StringBuilder("group A {\n  ingress allow tcp 80 from 10.0.0.0/8\n");
    text.append("}\ngroup B {\n");
    for (int i = 0; i < 20; i++) {
      text.append("  ingress allow tcp ").append(2000 + 10 * i).append(" from 10.0.0.0/8\n");
    }
    text.append("}\ninstance a1 ip 10.0.0.1 in A\ninstance a2 ip 10.0.0.2 in A\n")
        .append("instance b ip 10.0.0.3 in B\n")
        .append("assert group A -> group A unreachable\n");
    Spec spec = SpecLoader.load(new SourceText("shared-cells.sg", text.toString())).spec();
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    ClassSearchEngine engine = ClassSearchEngine.setBySet();
    FlowSpace space = new FlowSpace();
    long combinations = 0;
    for (Obligation o : p.obligations()) {
      FlowSet bad = engine.violating(p, o, space);
      combinations += new ObligationSearch(engine.index(p.network()), p.classes(), o,
          NetworkChanges.NONE, true).combinations().size();
      FlowSet expected = ViolationsByEnumeration.violating(p.network(),
          new Evaluator(p.network()), p.classes(), o, space);
      assertEquals(expected.boxes(1_000), bad.boxes(1_000));
    }
    assertTrue(combinations >= 89, combinations + " combinations");
    assertEquals(2, engine.combinationsBuilt(), "combinations built of " + combinations);
  }
}

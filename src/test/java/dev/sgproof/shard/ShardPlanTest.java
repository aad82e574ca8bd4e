package dev.sgproof.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shard plan: every assertion in one share, balanced by cost, ties in file order. */
class ShardPlanTest {
  private static final long SEED = Property.baseSeed(20261130L);

  private static final String NET = String.join("\n",
      "group Web basic {",
      "  ingress allow tcp 80 from 0.0.0.0/0",
      "  ingress allow tcp 443 from 0.0.0.0/0",
      "}",
      "group Db basic isolated { ingress allow tcp 5432 from group Web }",
      "instance a ip 10.0.0.1 in Web",
      "instance b ip 10.0.0.2 in Web",
      "instance c ip 10.0.0.3 in Web, Db",
      "instance d ip 10.0.0.4 in Db",
      "");

  private static Spec spec(String name, String text) {
    LoadResult r = SpecLoader.load(new SourceText(name, text));
    assertTrue(!r.hasErrors(), r.diagnostics().toString());
    return r.spec();
  }

  @Test
  void assertionsOfEqualCostAreDealtInFileOrderOverTheBins() {
    String same = "assert a -> b reachable tcp 80\n";
    Spec first = spec("one.sg", NET + same.repeat(4));
    Spec second = spec("two.sg", NET + same.repeat(2));
    ShardPlan plan = ShardPlan.of(List.of(first, second), 2);
    assertEquals(List.of(0, 2), plan.share(0, 1));
    assertEquals(List.of(1, 3), plan.share(0, 2));
    assertEquals(List.of(0), plan.share(1, 1));
    assertEquals(List.of(1), plan.share(1, 2));
    assertEquals(3, plan.size(1));
    assertEquals(6, plan.total());
  }

  @Test
  void theCostGrowsWithTheGroupSetsAndRulesAnEndpointCoversAndDoublesBothWays() {
    Spec s = spec("cost.sg", NET + String.join("\n",
        "assert a -> b unreachable",
        "assert a <-> b isolated",
        "assert a -> group Db unreachable",
        "assert internet -> 10.0.0.0/24 unreachable",
        "assert a -> d unreachable",
        ""));
    AssertionCost cost = new AssertionCost(s.network());
    List<Assertion> as = s.assertions();
    long ab = cost.of(as.get(0));
    assertEquals(2 * ab, cost.of(as.get(1)));
    // a is {Web}; group Db is {Web, Db} and {Db}: two sets, more rules
    assertTrue(cost.of(as.get(2)) > cost.of(as.get(4)), "group endpoint");
    // the /24 holds all three group sets and external addresses
    assertTrue(cost.of(as.get(3)) > cost.of(as.get(2)), "CIDR endpoint");
    // {Web} x {Web}: (1 + 2 + 2) x 1 x 1
    assertEquals(5, ab);
  }

  @Test
  void everyAssertionIsInOneShareAndNoShareExceedsTheMeanByMoreThanOneAssertion() {
    Random seeds = new Random(SEED);
    for (int c = 0; c < Fuzz.cases(30); c++) {
      long seed = seeds.nextLong();
      Gen g = new Gen(seed);
      List<Spec> specs = new ArrayList<>();
      for (int f = 0; f < 1 + g.nextInt(3); f++) {
        Network n = new NetworkGen(GenConfig.small()).network(g);
        specs.add(new Spec("f" + f + ".sg", n, AssertionGen.assertions(g, n, g.nextInt(12))));
      }
      for (int n = 1; n <= 6; n++) {
        String where = "seed " + seed + " (base -D" + Property.SEED_PROPERTY + "=" + SEED
            + "), N = " + n;
        ShardPlan plan = ShardPlan.of(specs, n);
        long all = 0;
        long max = 0;
        int assertions = 0;
        for (int f = 0; f < specs.size(); f++) {
          AssertionCost cost = new AssertionCost(specs.get(f).network());
          int[] owner = new int[specs.get(f).assertions().size()];
          for (int k = 1; k <= n; k++) {
            for (int i : plan.share(f, k)) {
              assertEquals(0, owner[i], where + ": assertion " + i + " in two shares");
              owner[i] = k;
            }
          }
          for (int i = 0; i < owner.length; i++) {
            assertTrue(owner[i] > 0, where + ": assertion " + i + " of file " + f + " in no share");
            long c1 = cost.of(specs.get(f).assertions().get(i));
            all += c1;
            max = Math.max(max, c1);
          }
          assertions += owner.length;
        }
        assertEquals(assertions, plan.total(), where);
        long sum = 0;
        for (int k = 1; k <= n; k++) {
          sum += plan.load(k);
          // greedy into the least loaded bin: a bin exceeds the mean by at most one assertion
          assertTrue(plan.load(k) * n <= all + (long) n * max, where + ": shard " + k
              + " carries " + plan.load(k) + " of " + all);
        }
        assertEquals(all, sum, where);
        // the same specs, the same plan
        ShardPlan again = ShardPlan.of(specs, n);
        for (int f = 0; f < specs.size(); f++) {
          for (int k = 1; k <= n; k++) {
            assertEquals(plan.share(f, k), again.share(f, k), where);
          }
        }
      }
    }
  }

  @Test
  void kOfNIsReadStrictly() {
    assertEquals(new Shard(2, 4), Shard.parse("2/4"));
    assertEquals(new Shard(1, 1), Shard.parse("01/1"));
    for (String bad : List.of("0/3", "4/3", "3", "/3", "3/", "a/b", "1/0", "1/1001", "-1/2",
        "1/2/3", " 1/2", "99999999999/99999999999")) {
      assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
    }
  }
}

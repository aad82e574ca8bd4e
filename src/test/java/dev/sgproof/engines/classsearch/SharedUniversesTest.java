package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.query.CanonicalFlows;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.SharedClasses;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the class search shares between assertions on one network: the internet's and CIDR
 * endpoints' classes when an assertion adds no cut of its own ({@link SharedClasses}), and the
 * universes built from them (kept by the engine instance from 256 classes in production, from 0
 * here so that small generated specs reuse them). Each network's assertions are searched in
 * order, again in reverse, then shuffled, every obligation against the flow-by-flow loop on
 * classes computed afresh.
 */
class SharedUniversesTest {
  private static final int SHARED_SPECS = 600;
  private static final int BENCH_SPECS = 300;
  /** Keeps every universe, so that small specs reuse them too. */
  private final ClassSearchEngine search =
      new ClassSearchEngine(0, Combination.TRANSPOSE_ABOVE);

  @Test
  void sharedClassesAndUniversesGiveTheFlowLoopsAnswers() {
    long base = Property.baseSeed(0x5A4EDL);
    System.out.println("SharedClassesTest base seed " + base);
    int obligations = 0;
    for (int i = 0; i < SHARED_SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 3 == 2 ? GenConfig.medium() : GenConfig.small()).network(g);
      List<Assertion> as = new ArrayList<>(AssertionGen.assertions(g, n, 6));
      // The same endpoints again, as the next assertions of a spec would name them.
      for (Assertion a : List.copyOf(as)) {
        as.add(new Assertion("", a.kind(), new Endpoint.InternetEndpoint(), a.right(),
            a.traffic(), "internet -> " + a.text(), a.span()));
      }
      obligations += searchInThreeOrders(seed, n, as);
    }
    for (int i = 0; i < BENCH_SPECS; i++) {
      long seed = base + SHARED_SPECS + i;
      var size = new SpecTextGenerator.BenchSize(2 + (int) (seed % 7), 3 + (int) (seed % 6),
          4 + (int) (seed % 9), 1 + (int) (seed % 4), 10, 0.3, seed, i % 2 == 0 ? 0 : 3, 0.5,
          i % 9 == 0);
      LoadResult loaded =
          SpecLoader.load(new SourceText("bench.sg", SpecTextGenerator.generate(size).text()));
      assertTrue(!loaded.hasErrors(), "bench spec " + size);
      obligations += searchInThreeOrders(seed, loaded.spec().network(),
          loaded.spec().assertions());
    }
    long reused = search.universesReused();
    System.out.println("SharedClassesTest: " + obligations + " obligations, universes reused "
        + reused + " times");
    assertTrue(obligations > 20_000, "obligations " + obligations);
    assertTrue(reused > 10_000, "universes reused only " + reused + " times");
  }

  /**
   * Twelve CIDR endpoints asked about in turn, three rounds, as an account's assertions name its
   * big CIDRs in no order: each list's universe of each version is built once and served from
   * then on (24 kept). Before, 8 were kept (4 lists), so each was built again in every round.
   */
  @Test
  void twelveCidrEndpointsInTurnBuildEachUniverseOnce() {
    // Rules name the CIDRs, so that the endpoints add no cut of their own (shared lists).
    StringBuilder text = new StringBuilder("group G {\n");
    for (int i = 0; i < 12; i++) {
      text.append("  ingress allow tcp 22 from 10.").append(i).append(".0.0/16\n");
    }
    text.append("}\n");
    for (int i = 0; i < 12; i++) {
      text.append("instance a").append(i).append(" ip 10.").append(i).append(".0.1, 10.")
          .append(i).append(".0.2 in G\n");
    }
    for (int i = 0; i < 12; i++) {
      text.append("assert 10.").append(i).append(".0.0/16 -> internet unreachable tcp 22\n");
    }
    LoadResult loaded = SpecLoader.load(new SourceText("cidrs.sg", text.toString()));
    assertTrue(!loaded.hasErrors(), loaded.diagnostics().toString());
    Network n = loaded.spec().network();
    NetworkIndex ix = new NetworkIndex(n, 0);
    SharedClasses shared = new SharedClasses();
    for (int round = 0; round < 3; round++) {
      for (Assertion a : loaded.spec().assertions()) {
        Classes classes = shared.of(n, a);
        for (IpVersion v : IpVersion.values()) {
          ix.universe(classes.addressClasses(a.left()), v, classes.shared(a.left()));
        }
      }
    }
    assertEquals(24, ix.universesKeptBuilt, "universes built to be kept");
    assertTrue(ix.universesReused() >= 48, ix.universesReused() + " reused");
  }

  /** Searches every obligation in three orders; returns how many obligations were compared. */
  private int searchInThreeOrders(long seed, Network n, List<Assertion> as) {
    List<Assertion> reversed = new ArrayList<>(as);
    Collections.reverse(reversed);
    List<Assertion> shuffled = new ArrayList<>(as);
    Collections.shuffle(shuffled, new java.util.Random(seed));
    int count = 0;
    Evaluator evaluator = new Evaluator(n);
    SharedClasses shared = new SharedClasses();
    for (List<Assertion> order : List.of(as, reversed, shuffled)) {
      for (Assertion a : order) {
        Classes fresh = Classes.of(n, a);
        Classes classes = shared.of(n, a);
        for (Obligation o : Obligation.of(a)) {
          Optional<Flow> loop = CanonicalFlows.firstViolation(n, evaluator, fresh, o);
          Optional<Flow> sets = search.firstViolation(n, classes, o);
          assertEquals(loop, sets, "seed " + seed + ": " + a.text() + ": " + o.describe());
          count++;
        }
      }
    }
    return count;
  }
}

package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import dev.sgproof.model.Network;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the class search shares between assertions on one network: the internet's and CIDR
 * endpoints' classes when an assertion adds no cut of its own ({@link Classes}), and the
 * universes built from them ({@link ClassSearch}; kept from 256 classes in production, from 0
 * here so that small generated specs reuse them). Each network's assertions are searched in
 * order, again in reverse, then shuffled, every obligation against the flow-by-flow loop on
 * classes computed afresh.
 */
class SharedClassesTest {
  private static final int SHARED_SPECS = 600;
  private static final int BENCH_SPECS = 300;
  private int saved;

  @BeforeEach
  void keepEveryUniverse() {
    saved = ClassSearch.keepUniversesFrom;
    ClassSearch.keepUniversesFrom = 0;
  }

  @AfterEach
  void restore() {
    ClassSearch.keepUniversesFrom = saved;
  }

  @Test
  void sharedClassesAndUniversesGiveTheFlowLoopsAnswers() {
    long base = Property.baseSeed(0x5A4EDL);
    System.out.println("SharedClassesTest base seed " + base);
    long reusedBefore = ClassSearch.UNIVERSES_REUSED.get();
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
    long reused = ClassSearch.UNIVERSES_REUSED.get() - reusedBefore;
    System.out.println("SharedClassesTest: " + obligations + " obligations, universes reused "
        + reused + " times");
    assertTrue(obligations > 20_000, "obligations " + obligations);
    assertTrue(reused > 10_000, "universes reused only " + reused + " times");
  }

  @Test
  void theInternetsClassesAreOneListUntilAnAssertionCutsTheAddresses() {
    Network n = new NetworkGen(GenConfig.small()).network(new Gen(7));
    Endpoint internet = new Endpoint.InternetEndpoint();
    Endpoint nic = new Endpoint.NicEndpoint(n.nics().get(0).id());
    Endpoint cidr = new Endpoint.CidrEndpoint(dev.sgproof.model.Cidr.parse("203.0.113.77/32", false).orElseThrow());
    List<Classes.AddressClass> toNic =
        Classes.of(n, assertion(internet, nic)).addressClasses(internet);
    List<Classes.AddressClass> fromNic =
        Classes.of(n, assertion(nic, internet)).addressClasses(internet);
    assertSame(toNic, fromNic, "no cut of their own: one list");
    List<Classes.AddressClass> cut =
        Classes.of(n, assertion(cidr, internet)).addressClasses(internet);
    assertTrue(cut != toNic && cut.size() > toNic.size(),
        "a CIDR endpoint cuts the internet's classes: " + cut.size() + " vs " + toNic.size());
  }

  private static Assertion assertion(Endpoint left, Endpoint right) {
    return new Assertion("", dev.sgproof.model.AssertionKind.REACHABLE, left, right,
        dev.sgproof.model.Traffic.ANY, "t", new dev.sgproof.diag.SourceSpan("t.sg", 1, 1, 1));
  }

  /** Searches every obligation in three orders; returns how many obligations were compared. */
  private static int searchInThreeOrders(long seed, Network n, List<Assertion> as) {
    List<Assertion> reversed = new ArrayList<>(as);
    Collections.reverse(reversed);
    List<Assertion> shuffled = new ArrayList<>(as);
    Collections.shuffle(shuffled, new java.util.Random(seed));
    int count = 0;
    Evaluator evaluator = new Evaluator(n);
    for (List<Assertion> order : List.of(as, reversed, shuffled)) {
      for (Assertion a : order) {
        Classes classes = Classes.of(n, a);
        for (Obligation o : Obligation.of(a)) {
          Optional<Flow> loop = ExhaustiveEngine.firstViolation(n, evaluator, classes, o);
          Optional<Flow> sets = ClassSearch.firstViolation(n, classes, o);
          assertEquals(loop, sets, "seed " + seed + ": " + a.text() + ": " + o.describe());
          count++;
        }
      }
    }
    return count;
  }
}

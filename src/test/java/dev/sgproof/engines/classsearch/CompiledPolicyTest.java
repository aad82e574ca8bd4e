package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.diag.SourceText;
import dev.sgproof.engines.SmallSpecs;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The compiled policy ({@link CompiledPolicy}) against the concrete evaluator: on generated
 * networks, for every group set (through a NIC that has it), both directions, every address class
 * of the other end that an assertion of the network has (NIC addresses and external intervals,
 * the internet's and CIDR endpoints' among them) and every protocol-and-ports class, the table's
 * bit is the evaluator's decision at that NIC on the class's representative flow. And the search
 * read off it ({@link CompiledSearch}) gives the flow loop's first violation whatever the limit
 * on pairs of address classes, reusing the tables across assertions. Seeds are logged;
 * -Dsgproof.seed replays a run.
 */
class CompiledPolicyTest {
  private static final int SHARED_SPECS = 120;
  private static final int SMALL_SPECS = 120;
  private static final int BENCH_SPECS = 60;

  private long cellsChecked;

  @Test
  void everyTableBitIsTheEvaluatorsDecisionAtSomeNicOfTheSet() {
    long base = Property.baseSeed(0xC0DE5L);
    System.out.println("CompiledPolicyTest base seed " + base);
    for (int i = 0; i < SHARED_SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 3 == 2 ? GenConfig.medium() : GenConfig.small()).network(g);
      checkTables(seed, n, AssertionGen.assertions(g, n, 4));
    }
    for (int i = 0; i < SMALL_SPECS; i++) {
      long seed = base + SHARED_SPECS + i;
      SmallSpecs gen = new SmallSpecs(seed);
      Network n = gen.network();
      List<Assertion> as = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        as.add(gen.assertion(n));
      }
      checkTables(seed, n, as);
    }
    for (int i = 0; i < BENCH_SPECS; i++) {
      long seed = base + SHARED_SPECS + SMALL_SPECS + i;
      Spec s = bench(seed, i);
      checkTables(seed, s.network(), s.assertions());
    }
    System.out.println("CompiledPolicyTest: " + cellsChecked + " cells checked");
    assertTrue(cellsChecked > 100_000, "too few cells checked: " + cellsChecked);
  }

  static Spec bench(long seed, int i) {
    var size = new SpecTextGenerator.BenchSize(2 + (int) (seed % 5), 3 + (int) (seed % 6),
        4 + (int) (seed % 9), 1 + (int) (seed % 4), 8, 0.3, seed, i % 2 == 0 ? 0 : 3, 0.5,
        i % 3 == 0);
    LoadResult loaded =
        SpecLoader.load(new SourceText("bench.sg", SpecTextGenerator.generate(size).text()));
    assertTrue(!loaded.hasErrors(), "bench spec " + size);
    return loaded.spec();
  }

  /** Every table the assertions' address classes can ask for, cell by cell, in the evaluator. */
  private void checkTables(long seed, Network n, List<Assertion> as) {
    NetworkIndex index = new NetworkIndex(n, ClassSearchEngine.KEEP_UNIVERSES_FROM);
    CompiledPolicy policy = index.compiled();
    if (policy == null) {
      return; // more port classes than are compiled: the set-by-set search decides
    }
    Evaluator evaluator = new Evaluator(n);
    // One NIC per group set (the set's decision is every member's), of the first few sets.
    List<Nic> sample = new ArrayList<>();
    Set<Integer> seen = new java.util.HashSet<>();
    for (Nic nic : n.nics()) {
      if (sample.size() < 8 && seen.add(index.setOf.get(nic))) {
        sample.add(nic);
      }
    }
    for (Assertion a : as.subList(0, Math.min(3, as.size()))) {
      Classes classes = Classes.of(n, a);
      Set<Classes.AddressClass> others = new LinkedHashSet<>();
      others.addAll(classes.addressClasses(a.left()));
      others.addAll(classes.addressClasses(a.right()));
      for (Nic here : sample) {
        for (Classes.AddressClass other : others) {
          IpAddress there = other.representative();
          Optional<Nic> owner = n.owner(there);
          if (owner.isPresent() && owner.get() == here) {
            continue; // a NIC and its own address: not a flow
          }
          IpAddress mine = here.addresses().stream()
              .filter(x -> x.version() == there.version()).findFirst().orElse(null);
          if (mine == null) {
            continue;
          }
          int cls = policy.classOf(there.version(), there.value());
          for (Direction d : Direction.values()) {
            long[] table = policy.table(index.setOf.get(here), d, there.version(), cls,
                owner.orElse(null));
            for (int protocol : Classes.PROTOCOLS) {
              if (!Protocols.fitsVersion(protocol, there.version())) {
                continue;
              }
              boolean ports = Protocols.hasPorts(protocol);
              for (int dport : ports ? classes.dstPorts() : List.of(Flow.NO_PORT)) {
                for (int sport : ports ? classes.srcPorts() : List.of(Flow.NO_PORT)) {
                  Flow f = d == Direction.INGRESS
                      ? new Flow(there, mine, protocol, sport, dport)
                      : new Flow(mine, there, protocol, sport, dport);
                  boolean expected = d == Direction.INGRESS
                      ? evaluator.ingress(here, f).allowed()
                      : evaluator.egress(here, f).allowed();
                  int cell = policy.cell(protocol, dport, sport);
                  boolean compiled = (table[cell >>> 6] & 1L << cell) != 0;
                  if (compiled != expected) {
                    fail("seed " + seed + ": " + d + " at " + here.id() + " for " + f
                        + ": compiled " + compiled + ", evaluator " + expected);
                  }
                  cellsChecked++;
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void theSearchOffTheTablesFindsTheSetBySetSearchesFirstViolationAtEveryLimit() {
    long base = Property.baseSeed(0xC0DE6L);
    System.out.println("CompiledPolicyTest search base seed " + base);
    int compared = 0;
    int violations = 0;
    for (int i = 0; i < 400; i++) {
      long seed = base + i;
      Network n;
      List<Assertion> as;
      if (i % 2 == 0) {
        Gen g = new Gen(seed);
        n = new NetworkGen(GenConfig.small()).network(g);
        as = AssertionGen.assertions(g, n, 6);
      } else {
        Spec s = bench(seed, i);
        n = s.network();
        as = s.assertions();
      }
      ClassSearchEngine always = new ClassSearchEngine(ClassSearchEngine.KEEP_UNIVERSES_FROM,
          Combination.TRANSPOSE_ABOVE, Long.MAX_VALUE);
      ClassSearchEngine never = new ClassSearchEngine(ClassSearchEngine.KEEP_UNIVERSES_FROM,
          Combination.TRANSPOSE_ABOVE, 0);
      for (Assertion a : as) {
        Classes classes = Classes.of(n, a);
        for (Obligation o : Obligation.of(a)) {
          Optional<Flow> off = always.firstViolation(n, classes, o);
          Optional<Flow> bySets = never.firstViolation(n, classes, o);
          assertEquals(bySets, off, "seed " + seed + ": " + o.describe());
          compared++;
          violations += off.isPresent() ? 1 : 0;
        }
      }
    }
    assertTrue(compared > 2000 && violations > 500 && compared - violations > 500,
        compared + " obligations, " + violations + " violated");
  }

  @Test
  void tablesAreMadeOncePerNetworkAndServeEveryLaterAssertion() {
    Spec s = bench(7, 3);
    Network n = s.network();
    ClassSearchEngine engine = new ClassSearchEngine(ClassSearchEngine.KEEP_UNIVERSES_FROM,
        Combination.TRANSPOSE_ABOVE, Long.MAX_VALUE);
    List<Optional<Flow>> first = new ArrayList<>();
    for (Assertion a : s.assertions()) {
      Classes classes = Classes.of(n, a);
      for (Obligation o : Obligation.of(a)) {
        first.add(engine.firstViolation(n, classes, o));
      }
    }
    CompiledPolicy policy = engine.compiledPolicy(n);
    assertNotNull(policy);
    long made = policy.tablesMade();
    assertTrue(made > 0, "no table made");
    List<Optional<Flow>> again = new ArrayList<>();
    for (Assertion a : s.assertions()) {
      Classes classes = Classes.of(n, a);
      for (Obligation o : Obligation.of(a)) {
        again.add(engine.firstViolation(n, classes, o));
      }
    }
    assertEquals(first, again);
    assertEquals(made, policy.tablesMade(), "the second pass made tables again");
  }

  @Test
  void aNetworkWithMoreCellsThanTheLimitIsNotCompiled() {
    StringBuilder text = new StringBuilder("group A {\n");
    for (int p = 1; p < 2 * CompiledPolicy.MAX_CELLS; p += 2) {
      text.append("  ingress allow tcp ").append(p).append(" from 10.0.0.0/8\n");
    }
    text.append("}\ninstance a ip 10.0.0.1 in A\ninstance b ip 10.0.0.2 in A\n");
    text.append("assert a -> b reachable tcp 3\n");
    LoadResult loaded = SpecLoader.load(new SourceText("wide.sg", text.toString()));
    assertTrue(!loaded.hasErrors(), loaded.diagnostics().toString());
    Network n = loaded.spec().network();
    NetworkIndex index = new NetworkIndex(n, ClassSearchEngine.KEEP_UNIVERSES_FROM);
    assertNull(index.compiled());
    // The search still decides, set by set: a and b are fellow members of A (interconnected).
    ClassSearchEngine engine = new ClassSearchEngine();
    Assertion a = loaded.spec().assertions().get(0);
    assertEquals(Optional.empty(),
        engine.firstViolation(n, Classes.of(n, a), Obligation.of(a).get(0)));
  }
}

package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.diag.SourceText;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkEdits;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The assertions of a diff on generated pairs of specs: an assertion has no verdict on the other
 * network exactly when the resolver refuses it there, and one that the plan says cannot change
 * has the same violations (so the same verdict) on both networks.
 */
class DiffAssertionsTest {
  private static final int PAIRS = 120;

  @Test
  void applicabilityIsTheResolversAndSkippedAssertionsKeepTheirVerdict() {
    long base = Property.baseSeed(0xA55E47L);
    TreeMap<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < PAIRS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      GenConfig config = i % 3 == 0 ? GenConfig.medium() : GenConfig.small();
      Network old = new NetworkGen(config).network(g);
      Network neu = new NetworkEdits(config).edited(g, old, 1 + g.nextInt(3));
      Set<IpAddress> changed = DiffFlows.changedAddresses(old, neu);
      for (Assertion a : AssertionGen.assertions(g, old, 6)) {
        String problem = problem(old, neu, changed, a, seen);
        if (problem != null) {
          fail("seed " + seed + ": " + a.text() + ": " + problem + "\nOLD:\n"
              + SpecPrinter.print(old) + "NEW:\n" + SpecPrinter.print(neu));
        }
      }
    }
    System.out.println("DiffAssertionsTest: " + seen);
    assertTrue(seen.getOrDefault("no verdict on NEW", 0) > 20, seen.toString());
    assertTrue(seen.getOrDefault("skipped", 0) > 50, seen.toString());
    assertTrue(seen.getOrDefault("may change", 0) > 50, seen.toString());
    assertTrue(seen.getOrDefault("changed verdict", 0) > 5, seen.toString());
  }

  private static String problem(Network old, Network neu, Set<IpAddress> changed, Assertion a,
      TreeMap<String, Integer> seen) {
    java.util.Optional<String> whyNot = DiffAssertions.whyNot(neu, a, "new.sg");
    LoadResult loaded = SpecLoader.load(new SourceText("new.sg",
        SpecPrinter.print(neu, List.of(a))));
    if (whyNot.isPresent() != loaded.hasErrors()) {
      return "whyNot " + whyNot + " but the resolver says " + loaded.diagnostics();
    }
    if (whyNot.isPresent()) {
      seen.merge("no verdict on NEW", 1, Integer::sum);
      return null;
    }
    boolean may = DiffAssertions.mayChange(old, neu, changed, a);
    boolean provedOld = violations(old, a).isEmpty();
    boolean provedNew = violations(neu, a).isEmpty();
    seen.merge(may ? "may change" : "skipped", 1, Integer::sum);
    if (provedOld != provedNew) {
      seen.merge("changed verdict", 1, Integer::sum);
    }
    if (!may && !violations(old, a).equals(violations(neu, a))) {
      return "skipped, but the violations differ: " + violations(old, a) + " / "
          + violations(neu, a);
    }
    return null;
  }

  /** The violations of the assertion on the network, in one flow space per test run. */
  private static dev.sgproof.flows.Violations violations(Network n, Assertion a) {
    return ViolationsByEnumeration.of(n, new Evaluator(n), Classes.of(n, a), Obligation.of(a),
        SPACE.get());
  }

  private static final ThreadLocal<FlowSpace> SPACE = ThreadLocal.withInitial(FlowSpace::new);
}

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
import dev.sgproof.model.Network;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.List;
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
      DiffFlows.Changes flows = DiffFlows.of(old, neu, new DecisionTablesByMatching(),
          SPACE.get());
      for (Assertion a : AssertionGen.assertions(g, old, 6)) {
        String problem = problem(old, neu, flows, a, seen);
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

  private static String problem(Network old, Network neu, DiffFlows.Changes flows, Assertion a,
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
    boolean may = DiffAssertions.mayChange(old, neu, flows, a);
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

  /**
   * A rule change at web that touches no flow between db and web: web holds a changed address,
   * but no flow of the assertion changes, so its verdict cannot and it is not verified again; an
   * assertion over the flows the change opens is.
   */
  @Test
  void anAssertionWhoseFlowsTheChangeLeavesAloneIsSkipped() {
    String groups = "group Db basic {\n}\ninstance web ip 10.0.0.10 in Web\n"
        + "instance db ip 10.0.1.20 in Db\n";
    Network old = network("group Web basic {\n  ingress allow tcp 22 from 10.9.0.0/16\n}\n"
        + groups);
    Network neu = network("group Web basic {\n  ingress allow tcp 22 from 10.8.0.0/16\n}\n"
        + groups);
    DiffFlows.Changes flows = DiffFlows.of(old, neu, new DecisionTablesByMatching(), SPACE.get());
    Assertion untouched = assertion(neu, "db -> web unreachable tcp 22");
    Assertion opened = assertion(neu, "10.8.0.0/16 -> web unreachable tcp 22");
    assertTrue(!DiffAssertions.mayChange(old, neu, flows, untouched));
    assertTrue(DiffAssertions.mayChange(old, neu, flows, opened));
  }

  private static Network network(String text) {
    LoadResult r = SpecLoader.load(new SourceText("t.sg", text));
    assertTrue(!r.hasErrors(), r.diagnostics().toString());
    return r.spec().network();
  }

  private static Assertion assertion(Network n, String text) {
    LoadResult r = SpecLoader.load(new SourceText("t.sg", SpecPrinter.print(n) + "assert " + text
        + "\n"));
    assertTrue(!r.hasErrors(), r.diagnostics().toString());
    return r.spec().assertions().get(0);
  }

  /** The violations of the assertion on the network, in one flow space per test run. */
  private static dev.sgproof.flows.Violations violations(Network n, Assertion a) {
    return ViolationsByEnumeration.of(n, new Evaluator(n), Classes.of(n, a), Obligation.of(a),
        SPACE.get());
  }

  private static final ThreadLocal<FlowSpace> SPACE = ThreadLocal.withInitial(FlowSpace::new);
}

package dev.sgproof.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Network;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.ExhaustiveEngine;
import dev.sgproof.query.Verdict;
import dev.sgproof.query.Verifier;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The SMT engine against the exhaustive engine on generated specs: same verdict on every
 * assertion, every counterexample confirmed by the evaluator, and (on a sample of proofs) dependsOn
 * sufficient and minimal. Seeds are logged; set -Dsgproof.seed to replay one run.
 */
class SmtDifferentialTest {
  private static final int SPECS = 2000;
  private static final int ASSERTIONS_PER_SPEC = 3;

  @Test
  void smtAgreesWithTheExhaustiveEngineOnGeneratedSpecs() {
    long base = Long.getLong("sgproof.seed", 20261122L);
    System.out.println("SmtDifferentialTest base seed " + base);
    ExhaustiveEngine exact = new ExhaustiveEngine();
    TreeMap<String, Integer> verdicts = new TreeMap<>();
    Set<AssertionKind> kinds = EnumSet.noneOf(AssertionKind.class);
    Set<String> ruleKinds = new TreeSet<>();
    Set<String> features = new TreeSet<>();
    int checked = 0;
    int skipped = 0;
    int dependsOnChecked = 0;
    long smtNanos = 0;
    try (SmtEngine smt = new SmtEngine(SmtOptions.defaults().withDependsOn(false));
        SmtEngine tracking = new SmtEngine(SmtOptions.defaults())) {
      for (int i = 0; i < SPECS; i++) {
        long seed = base + i;
        SmallSpecs gen = new SmallSpecs(seed);
        Network n = gen.network();
        for (int k = 0; k < ASSERTIONS_PER_SPEC; k++) {
          Assertion a = gen.assertion(n);
          if (SmallSpecs.isEmpty(n, a)) {
            skipped++;
            continue;
          }
          long t0 = System.nanoTime();
          String problem = disagreement(smt, exact, n, a);
          smtNanos += System.nanoTime() - t0;
          if (problem != null) {
            Network small = SpecText.shrink(n, a, c -> disagreement(smt, exact, c, a) != null);
            fail("seed " + seed + ": " + problem + "\nshrunk spec:\n" + SpecText.print(small, a)
                + "shrunk verdict: " + disagreement(smt, exact, small, a));
          }
          Verdict v = exact.check(new Spec(SmallSpecs.FILE, n, List.of(a)), a);
          verdicts.merge(v.word(), 1, Integer::sum);
          kinds.add(a.kind());
          checked++;
          if (v instanceof Verdict.Proved && checked % 7 == 0) {
            Verdict p = tracking.check(new Spec(SmallSpecs.FILE, n, List.of(a)), a);
            DependsOnTest.assertMinimalAndSufficient(n, a, ((Verdict.Proved) p).dependsOn());
            dependsOnChecked++;
          }
        }
        record(n, ruleKinds, features);
      }
    }
    System.out.printf("SmtDifferentialTest: %d assertions checked (%d empty skipped), verdicts %s,"
        + " %d dependsOn checked, SMT+replay %.1f ms total%n", checked, skipped, verdicts,
        dependsOnChecked, smtNanos / 1e6);
    assertTrue(verdicts.getOrDefault("proved", 0) > 100, "too few proofs: " + verdicts);
    assertTrue(verdicts.getOrDefault("refuted", 0) > 100, "too few refutations: " + verdicts);
    assertEquals(EnumSet.allOf(AssertionKind.class), kinds);
    assertEquals(expectedRuleKinds(), ruleKinds);
    assertEquals(new TreeSet<>(List.of("advanced", "ipv6-nic", "legacy", "multi-nic",
        "multi-group-nic", "group-peer", "sport")), features);
  }

  /** Null when the engines agree and the evaluator confirms the counterexample; else why not. */
  private static String disagreement(SmtEngine smt, ExhaustiveEngine exact, Network n,
      Assertion a) {
    Spec s = new Spec(SmallSpecs.FILE, n, List.of(a));
    try {
      Verdict mine = Verifier.check(s, a, smt).verdict();
      Verdict reference = exact.check(s, a);
      if (!mine.word().equals(reference.word())) {
        return "SMT says " + mine + ", exhaustive says " + reference;
      }
      return null;
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  private static String ruleKind(Rule r) {
    String peer = r.peer() instanceof Peer.GroupPeer ? "group"
        : ((Peer.CidrPeer) r.peer()).cidr().version().toString().toLowerCase();
    return r.direction() + " " + r.action() + " " + r.protocol() + " " + peer;
  }

  private static Set<String> expectedRuleKinds() {
    Set<String> out = new TreeSet<>();
    for (var d : dev.sgproof.model.Direction.values()) {
      for (var act : dev.sgproof.model.Action.values()) {
        for (var p : dev.sgproof.model.Proto.values()) {
          for (String peer : List.of("group", "v4", "v6")) {
            out.add(d + " " + act + " " + p + " " + peer);
          }
        }
      }
    }
    return out;
  }

  private static void record(Network n, Set<String> ruleKinds, Set<String> features) {
    for (Group g : n.groups()) {
      if (g.type() == GroupType.ADVANCED) {
        features.add("advanced");
      }
      if (g.legacyDefault()) {
        features.add("legacy");
      }
      for (Rule r : g.rules()) {
        if (!r.legacy()) {
          ruleKinds.add(ruleKind(r));
        }
        if (r.peer() instanceof Peer.GroupPeer) {
          features.add("group-peer");
        }
        if (!r.srcPorts().isAll()) {
          features.add("sport");
        }
      }
    }
    n.instances().forEach(i -> {
      if (i.nics().size() > 1) {
        features.add("multi-nic");
      }
    });
    n.nics().forEach(nic -> {
      if (nic.addresses().stream().anyMatch(x -> x.isV6())) {
        features.add("ipv6-nic");
      }
      if (nic.groups().size() > 1) {
        features.add("multi-group-nic");
      }
    });
  }
}

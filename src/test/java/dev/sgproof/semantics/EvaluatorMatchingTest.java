package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.FlowGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rules a NIC decision weighs (the decider and every lost rule) are exactly the rules of the
 * NIC's groups that {@link Evaluator#matches} says match, in group then rule order: the unpacked
 * arrays the evaluator matches over say what the definition of section 3 says. Flows at the
 * edges of every CIDR and port range of generated networks; the evaluator is kept across flows,
 * as a replay keeps it. Seeded; -Dsgproof.seed replays a run.
 */
class EvaluatorMatchingTest {
  @Test
  void aDecisionWeighsExactlyTheRulesThatMatchByTheDefinition() {
    long base = Property.baseSeed(0xE7A1L);
    System.out.println("EvaluatorMatchingTest base seed " + base);
    int decisions = 0;
    int weighed = 0;
    for (int i = 0; i < 400; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 2 == 0 ? GenConfig.small() : GenConfig.medium()).network(g);
      if (n.nics().isEmpty()) {
        continue;
      }
      Evaluator evaluator = new Evaluator(n);
      FlowGen flows = new FlowGen(n);
      for (Flow f : flows.flows(g, 50)) {
        Optional<Nic> src = n.owner(f.src());
        Optional<Nic> dst = n.owner(f.dst());
        if (src.isPresent()) {
          weighed += check(seed, n, evaluator, evaluator.egress(src.get(), f), f, f.dst());
          decisions++;
        }
        if (dst.isPresent()) {
          weighed += check(seed, n, evaluator, evaluator.ingress(dst.get(), f), f, f.src());
          decisions++;
        }
      }
    }
    assertTrue(decisions > 10_000 && weighed > 10_000, decisions + " decisions, " + weighed
        + " rules weighed");
  }

  private static int check(long seed, Network n, Evaluator evaluator, NicDecision d, Flow f,
      IpAddress peer) {
    List<Rule> expected = new ArrayList<>();
    for (Group g : n.groupsOf(d.nic())) {
      for (Rule r : g.rules()) {
        if (evaluator.matches(r, d.direction(), f, peer)) {
          expected.add(r);
        }
      }
    }
    List<Rule> weighed = new ArrayList<>();
    if (d.decidedBy() instanceof Step.CustomRule cr) {
      weighed.add(cr.rule());
    }
    d.lost().forEach(l -> weighed.add(l.rule()));
    assertEquals(sorted(n, expected), sorted(n, weighed), "seed " + seed + ": " + d.describe());
    return weighed.size();
  }

  /** The rules in group then rule order of the NIC's network. */
  private static List<Rule> sorted(Network n, List<Rule> rules) {
    List<Rule> out = new ArrayList<>();
    for (Group g : n.groups()) {
      for (Rule r : g.rules()) {
        for (Rule x : rules) {
          if (x == r) {
            out.add(r);
          }
        }
      }
    }
    assertEquals(rules.size(), out.size());
    return out;
  }
}

package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.FlowGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Protocols;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Evaluator#permits} (the verdict without a trace) against {@link Evaluator#evaluate} on
 * generated networks and flows: the same verdict for every flow, the same refusal of flows outside
 * the model. The generators' narrow pools and tie priorities give flows decided by a default, by
 * an allow, by a deny winning a tie, and by the intra-group allow; the counts below make sure
 * each kind of step was reached, so the comparison cannot pass by never getting there.
 */
class EvaluatorPermitsTest {
  private static final long BASE = Property.baseSeed(0x9e2_2026L);
  private static final int NETWORKS = 400;
  private static final int FLOWS = 150;

  @Test
  void permitsAgreesWithEvaluateOnGeneratedNetworks() {
    int permitted = 0;
    int denied = 0;
    int[] steps = new int[4]; // default, intra-group, custom allow, custom deny (at either end)
    int ties = 0;
    for (long i = 0; i < NETWORKS; i++) {
      long seed = BASE + i;
      GenConfig config = Math.floorMod(seed, 3) == 0 ? GenConfig.medium() : GenConfig.small();
      Network n = NetworkGen.generate(seed, config);
      if (n.nics().isEmpty()) {
        continue;
      }
      Evaluator ev = new Evaluator(n);
      for (Flow f : new FlowGen(n).flows(new Gen(seed ^ 0x9e2), FLOWS)) {
        Decision d = ev.evaluate(f);
        assertEquals(d.permitted(), ev.permits(f),
            () -> "seed " + seed + ", " + f + ": " + String.join("; ", d.trace()));
        if (d.permitted()) {
          permitted++;
        } else {
          denied++;
        }
        for (NicDecision step : d.steps()) {
          if (step.decidedBy() instanceof Step.Default) {
            steps[0]++;
          } else if (step.decidedBy() instanceof Step.IntraGroup) {
            steps[1]++;
          } else if (step.allowed()) {
            steps[2]++;
          } else {
            steps[3]++;
          }
          if (step.lost().stream()
              .anyMatch(l -> l.reason() == LostRule.Reason.EQUAL_PRIORITY_DENY_WON)) {
            ties++;
          }
        }
      }
    }
    assertTrue(permitted > 1000 && denied > 1000, permitted + " permitted, " + denied + " denied");
    for (int k = 0; k < steps.length; k++) {
      assertTrue(steps[k] > 100, "step kind " + k + " reached only " + steps[k] + " times");
    }
    assertTrue(ties > 50, "a deny won a tie only " + ties + " times");
  }

  @Test
  void permitsRefusesWhatEvaluateRefuses() {
    Network n = NetworkGen.generate(BASE, GenConfig.small());
    Evaluator ev = new Evaluator(n);
    Nic nic = n.nics().get(0);
    var own = nic.addresses().get(0);
    Flow self = new Flow(own, own, Protocols.TCP, 49152, 443);
    assertThrows(IllegalArgumentException.class, () -> ev.evaluate(self));
    assertThrows(IllegalArgumentException.class, () -> ev.permits(self));
    var a = dev.sgproof.model.IpAddress.of("198.51.100.1");
    var b = dev.sgproof.model.IpAddress.of("198.51.100.2");
    Optional<Nic> none = n.owner(a).or(() -> n.owner(b));
    assertTrue(none.isEmpty(), "the test addresses are external");
    Flow outside = new Flow(a, b, Protocols.TCP, 49152, 443);
    assertThrows(IllegalArgumentException.class, () -> ev.evaluate(outside));
    assertThrows(IllegalArgumentException.class, () -> ev.permits(outside));
  }
}

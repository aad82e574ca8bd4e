package dev.sgproof.engines;

import static dev.sgproof.engines.Nets.assertion;
import static dev.sgproof.engines.Nets.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Instance;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeoutTest {

  /** A network of 8 groups with 150 rules each and 400 NICs. */
  static Network big(long seed) {
    Random rnd = new Random(seed);
    List<Group> groups = new ArrayList<>();
    Proto[] protos = {Proto.TCP, Proto.UDP, Proto.ALL, Proto.ICMP, Proto.TCP};
    for (int g = 0; g < 8; g++) {
      List<Rule> rules = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        Proto p = protos[rnd.nextInt(protos.length)];
        PortRange ports = PortRange.ALL;
        PortRange sports = PortRange.ALL;
        if (p.hasPorts()) {
          int lo = 1 + rnd.nextInt(65000);
          ports = new PortRange(lo, Math.min(65535, lo + rnd.nextInt(2000)));
          if (rnd.nextInt(5) == 0) {
            sports = new PortRange(1024, 1024 + rnd.nextInt(60000));
          }
        }
        Peer peer = rnd.nextInt(6) == 0
            ? new Peer.GroupPeer("G" + rnd.nextInt(8))
            : new Peer.CidrPeer(Cidr.containing(IpAddress.v4(rnd.nextInt() & 0xffffffffL),
                8 + rnd.nextInt(25)));
        rules.add(new Rule("G" + g, rnd.nextBoolean() ? Direction.INGRESS : Direction.EGRESS,
            rnd.nextInt(3) == 0 ? Action.DENY : Action.ALLOW, p, ports, sports, peer,
            1 + rnd.nextInt(100), false, new SourceSpan("big.sg", g * 200 + i + 2, 1, 1)));
      }
      groups.add(new Group("G" + g, GroupType.BASIC,
          g % 2 == 0 ? Policy.ISOLATED : Policy.INTERCONNECTED, false, rules,
          new SourceSpan("big.sg", g * 200 + 1, 1, 1)));
    }
    List<Instance> instances = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      SourceSpan s = new SourceSpan("big.sg", 5000 + i, 1, 1);
      Nic nic = new Nic("I" + i, "I" + i, "", List.of(IpAddress.v4(0x0a000000L + i + 1)),
          List.of("G" + (i % 8), "G" + ((i / 8) % 8)).stream().distinct().toList(), s);
      instances.add(new Instance("I" + i, List.of(nic), true, s));
    }
    return new Network(groups, instances);
  }

  @Test
  void aOneMillisecondTimeoutGivesUnknownOrTheRightVerdictNeverAWrongProof() {
    Network n = big(7);
    List<Assertion> as = List.of(
        assertion("group G0", AssertionKind.ISOLATED, "group G1", "all"),
        assertion("group G2", AssertionKind.REACHABLE, "internet", "tcp 443"),
        assertion("internet", AssertionKind.ONLY, "group G3", "tcp 80"),
        assertion("0.0.0.0/0", AssertionKind.UNREACHABLE, "group G5", "udp"),
        assertion("group G6", AssertionKind.INTERCONNECTED, "group G7", "tcp 22"));
    Spec s = spec(n, as.toArray(new Assertion[0]));
    int unknown = 0;
    long nonCanonical;
    EngineOptions z3 = EngineOptions.of(EngineChoice.smt).withEnumerationLimit(0)
        .withDependsOn(false);
    // The right verdicts come from the class search, which has no timeout: a loaded machine
    // must not fail this test by starving a reference that runs against the clock.
    try (Portfolio fast = Engines.portfolio(z3.withTimeout(1));
        Portfolio exact = Engines.portfolio(
            EngineOptions.of(EngineChoice.auto).withDependsOn(false))) {
      for (Assertion a : as) {
        Verdict quick = fast.verify(s, a).verdict();
        Verdict right = exact.verify(s, a).verdict();
        assertTrue(!(right instanceof Verdict.Unknown), "the class search gave unknown: " + a.text());
        if (quick instanceof Verdict.Unknown u) {
          unknown++;
          assertTrue(!u.reason().isBlank());
        } else {
          assertEquals(right.word(), quick.word(), a.text());
        }
      }
      nonCanonical = ((Z3Engine) fast.mainEngine()).nonCanonicalCounterexamples();
    }
    // A refutation whose counterexample search timed out still replays in the evaluator above.
    System.out.println("TimeoutTest: " + unknown + " of " + as.size() + " unknown at 1 ms, "
        + nonCanonical + " counterexamples possibly not canonical");
  }
}

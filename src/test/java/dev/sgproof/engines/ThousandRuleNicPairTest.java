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
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Verdict;
import dev.sgproof.testing.Queries;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The solver path on a NIC pair with 1,000 rules each (mixed priorities, allow and deny): every
 * verdict equals the exhaustive engine's and every counterexample is confirmed by the evaluator.
 * Speed on this shape is measured by {@code sgproof bench --preset nicpair}, not here.
 */
class ThousandRuleNicPairTest {

  static Group group(String name, Random rnd) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Proto p = rnd.nextInt(4) == 0 ? Proto.UDP : Proto.TCP;
      int lo = 1 + rnd.nextInt(60000);
      PortRange ports = new PortRange(lo, lo + rnd.nextInt(100));
      Cidr c = Cidr.containing(IpAddress.v4(rnd.nextInt() & 0xffffffffL), 8 + rnd.nextInt(25));
      rules.add(new Rule(name, i % 2 == 0 ? Direction.INGRESS : Direction.EGRESS,
          rnd.nextInt(4) == 0 ? Action.DENY : Action.ALLOW, p, ports, PortRange.ALL,
          new Peer.CidrPeer(c), 1 + rnd.nextInt(100), false, new SourceSpan("perf.sg", i + 2, 1, 1)));
    }
    return new Group(name, GroupType.BASIC, Policy.ISOLATED, false, rules,
        new SourceSpan("perf.sg", 1, 1, 1));
  }

  @Test
  void solverVerdictsOnThousandRuleNicsMatchTheExhaustiveEngine() {
    Random rnd = new Random(1);
    SourceSpan s = new SourceSpan("perf.sg", 3000, 1, 1);
    Network n = new Network(List.of(group("A", rnd), group("B", rnd)), List.of(
        new Instance("X", List.of(new Nic("X", "X", "", List.of(IpAddress.of("10.1.0.1")),
            List.of("A"), s)), true, s),
        new Instance("Y", List.of(new Nic("Y", "Y", "", List.of(IpAddress.of("10.2.0.1")),
            List.of("B"), s)), true, s)));
    List<Assertion> as = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int port = 1 + rnd.nextInt(60000);
      AssertionKind k = i % 2 == 0 ? AssertionKind.REACHABLE : AssertionKind.UNREACHABLE;
      as.add(assertion(i % 3 == 0 ? "Y" : "X", k, i % 3 == 0 ? "X" : "Y",
          (i % 5 == 0 ? "udp " : "tcp ") + port));
    }
    Spec sp = spec(n, as.toArray(new Assertion[0]));
    int proved = 0;
    int refuted = 0;
    try (Portfolio e = Engines.portfolio(EngineOptions.of(EngineChoice.smt)
            .withEnumerationLimit(0).withDependsOn(false));
        Portfolio reference = Engines.portfolio(Queries.exhaustive())) {
      for (Assertion a : as) {
        AssertionResult r = e.verify(sp, a); // replays a refutation in the evaluator
        Verdict expected = reference.check(n, a);
        assertEquals(expected, r.verdict(), a.text());
        if (r.verdict() instanceof Verdict.Proved) {
          proved++;
        } else {
          refuted++;
        }
      }
    }
    assertTrue(proved > 10 && refuted > 10, "both verdicts: " + proved + " proved, " + refuted + " refuted");
  }
}

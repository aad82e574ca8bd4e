package dev.sgproof.smt;

import static dev.sgproof.smt.Nets.assertion;
import static dev.sgproof.smt.Nets.spec;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Measures one NIC pair with 1,000 rules each; prints p50/p95 (no tight bound asserted). */
class SmtPerformanceTest {

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
  void thousandRuleNicPairs() {
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
    try (SmtEngine e = new SmtEngine(SmtOptions.defaults().withEnumerationLimit(0).withDependsOn(false))) {
      long t0 = System.nanoTime();
      e.check(sp, as.get(0));
      long first = System.nanoTime() - t0;
      double[] proved = new double[as.size()];
      double[] refuted = new double[as.size()];
      int np = 0;
      int nr = 0;
      for (Assertion a : as.subList(1, as.size())) {
        long t = System.nanoTime();
        Verdict v = e.check(sp, a);
        double ms = (System.nanoTime() - t) / 1e6;
        if (v instanceof Verdict.Proved) {
          proved[np++] = ms;
        } else {
          refuted[nr++] = ms;
        }
        assertTrue(!(v instanceof Verdict.Unknown));
      }
      System.out.printf("SmtPerformanceTest: 1,000-rule NIC pair: first query (with encoding)"
          + " %.0f ms; proved n=%d %s; refuted (with preferences) n=%d %s%n", first / 1e6, np,
          pcts(proved, np), nr, pcts(refuted, nr));
    }
  }

  private static String pcts(double[] xs, int n) {
    if (n == 0) {
      return "-";
    }
    double[] s = Arrays.copyOf(xs, n);
    Arrays.sort(s);
    return String.format("p50 %.1f ms p95 %.1f ms", s[n / 2], s[Math.min(n - 1, (int) (n * 0.95))]);
  }
}

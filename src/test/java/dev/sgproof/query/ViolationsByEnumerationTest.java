package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.flows.FlowBox;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.flows.Violations;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.semantics.Evaluator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The reference violations against the evaluator on generated specs: every class representative
 * of every obligation is in the violations exactly when it breaks the assertion (with the right
 * permitted side), every flow among the corners and random points of every listed box breaks it,
 * and the canonical counterexample is one of them.
 */
class ViolationsByEnumerationTest {
  private static final int SPECS = 200;
  private final TreeMap<String, Integer> seen = new TreeMap<>();

  @Test
  void violationsAreExactlyTheFlowsThatBreakTheAssertion() {
    long base = Property.baseSeed(0x7105L);
    for (int i = 0; i < SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 3 == 0 ? GenConfig.medium() : GenConfig.small()).network(g);
      for (Assertion a : AssertionGen.assertions(g, n, 3)) {
        String problem = problem(n, a, g.split());
        if (problem != null) {
          fail("seed " + seed + ": " + a.text() + ": " + problem);
        }
      }
    }
    System.out.println("ViolationsByEnumerationTest: " + seen);
    assertTrue(seen.getOrDefault("refuted", 0) > 150, seen.toString());
    assertTrue(seen.getOrDefault("proved", 0) > 60, seen.toString());
    assertTrue(seen.getOrDefault("permitted boxes", 0) > 150, seen.toString());
    assertTrue(seen.getOrDefault("denied boxes", 0) > 150, seen.toString());
    assertTrue(seen.getOrDefault("points checked", 0) > 5000, seen.toString());
  }

  private String problem(Network n, Assertion a, Gen g) {
    Classes classes = Classes.of(n, a);
    Evaluator ev = new Evaluator(n);
    FlowSpace space = new FlowSpace();
    List<Obligation> obligations = Obligation.of(a);
    Violations v = ViolationsByEnumeration.of(n, ev, classes, obligations, space);
    // Exact on every class representative.
    for (Obligation o : obligations) {
      for (Flow f : representatives(n, classes, o)) {
        Optional<Boolean> breaks = breaks(n, ev, obligations, f);
        boolean inP = v.permitted().contains(f);
        boolean inD = v.denied().contains(f);
        if (breaks.isEmpty() ? inP || inD
            : breaks.get() ? !(inP ^ inD) || inP != ev.evaluate(f).permitted() : inP || inD) {
          return "representative " + f + " breaks=" + breaks + " permitted-set=" + inP
              + " denied-set=" + inD;
        }
      }
    }
    // The canonical counterexample lies in the violations; none when proved.
    Optional<Flow> first = Optional.empty();
    for (Obligation o : obligations) {
      first = CanonicalFlows.firstViolation(n, ev, classes, o);
      if (first.isPresent()) {
        break;
      }
    }
    if (first.isEmpty() != v.isEmpty()) {
      return "first violation " + first + " but violations empty=" + v.isEmpty();
    }
    seen.merge(first.isPresent() ? "refuted" : "proved", 1, Integer::sum);
    if (first.isPresent() && !(v.permitted().contains(first.get())
        || v.denied().contains(first.get()))) {
      return "the counterexample " + first.get() + " is in no box";
    }
    // Corners and random points of every listed box.
    Violations.Listing listing = v.list(60);
    for (Violations.Box b : listing.boxes()) {
      seen.merge(b.permitted() ? "permitted boxes" : "denied boxes", 1, Integer::sum);
      for (Flow f : samples(b.box(), g)) {
        if (!isFlow(n, f)) {
          continue;
        }
        seen.merge("points checked", 1, Integer::sum);
        Optional<Boolean> breaks = breaks(n, ev, obligations, f);
        if (breaks.isEmpty() || !breaks.get() || ev.evaluate(f).permitted() != b.permitted()) {
          return "box " + b + ": the flow " + f + " does not break it (" + breaks + ")";
        }
      }
    }
    assertEquals(listing.total().compareTo(BigInteger.valueOf(60)) > 0, listing.truncated());
    return null;
  }

  /** Empty when the flow is not in the assertion's set; else whether it breaks the assertion. */
  private static Optional<Boolean> breaks(Network n, Evaluator ev, List<Obligation> os, Flow f) {
    Optional<Boolean> out = Optional.empty();
    for (Obligation o : os) {
      if (o.contains(n, f)) {
        boolean bad = !o.expect().satisfiedBy(ev.evaluate(f).permitted());
        out = Optional.of(out.orElse(false) || bad);
      }
    }
    return out;
  }

  private static boolean isFlow(Network n, Flow f) {
    Optional<Nic> s = n.owner(f.src());
    Optional<Nic> d = n.owner(f.dst());
    return !(s.isEmpty() && d.isEmpty()) && !(s.isPresent() && s.equals(d));
  }

  private static List<Flow> representatives(Network n, Classes c, Obligation o) {
    List<Flow> out = new ArrayList<>();
    for (int p : Classes.PROTOCOLS) {
      boolean ported = Protocols.hasPorts(p);
      for (IpAddress s : c.addresses(o.source())) {
        for (IpAddress d : c.addresses(o.destination())) {
          if (s.version() != d.version() || !Protocols.fitsVersion(p, s.version())) {
            continue;
          }
          if (!ported) {
            out.add(new Flow(s, d, p, 0, 0));
            continue;
          }
          for (int dp : c.dstPorts()) {
            for (int sp : c.srcPorts()) {
              out.add(new Flow(s, d, p, sp, dp));
            }
          }
        }
      }
    }
    return out;
  }

  private static List<Flow> samples(FlowBox b, Gen g) {
    List<Flow> out = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      boolean corner = k < 32;
      int p = pick(g, corner, k & 1, b.protocolLow(), b.protocolHigh());
      IpAddress s = pick(g, corner, k >> 1 & 1, b.srcLow(), b.srcHigh());
      IpAddress d = pick(g, corner, k >> 2 & 1, b.dstLow(), b.dstHigh());
      if (!Protocols.fitsVersion(p, s.version())) {
        continue;
      }
      if (b.hasPorts()) {
        PortRange sp = b.srcPorts().orElseThrow();
        PortRange dp = b.dstPorts().orElseThrow();
        out.add(new Flow(s, d, p, pick(g, corner, k >> 3 & 1, sp.low(), sp.high()),
            pick(g, corner, k >> 4 & 1, dp.low(), dp.high())));
      } else {
        out.add(new Flow(s, d, p, 0, 0));
      }
    }
    return out;
  }

  private static int pick(Gen g, boolean corner, int high, int lo, int hi) {
    return corner ? (high == 1 ? hi : lo) : g.intBetween(lo, hi);
  }

  private static IpAddress pick(Gen g, boolean corner, int high, IpAddress lo, IpAddress hi) {
    if (corner) {
      return high == 1 ? hi : lo;
    }
    BigInteger span = hi.value().subtract(lo.value()).add(BigInteger.ONE);
    BigInteger r = new BigInteger(span.bitLength() + 8, new java.util.Random(g.nextLong()))
        .mod(span);
    return IpAddress.of(lo.version(), lo.value().add(r));
  }
}

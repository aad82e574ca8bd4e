package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.flows.FlowBox;
import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.gen.FlowGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkEdits;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
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
 * The diff of generated pairs of specs (NEW made from OLD by random edits: rules added, removed and
 * changed, NICs added, removed and moved, addresses moved, policies flipped): the restricted
 * computation equals the unrestricted one (every NIC address counted as changed, address by
 * address: {@link DiffByAddress}), and both agree
 * with brute force over the two evaluators on flows at every class edge of both versions and on
 * points of every listed box.
 */
class DiffFlowsTest {
  private static final int PAIRS = 150;

  @Test
  void theFlowsAChangeOpensAndClosesAreExactlyThoseWhoseDecisionChanges() {
    long base = Property.baseSeed(0xD1FFL);
    TreeMap<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < PAIRS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      GenConfig config = i % 3 == 0 ? GenConfig.medium() : GenConfig.small();
      Network old = new NetworkGen(config).network(g);
      Network neu = new NetworkEdits(config).edited(g, old, 1 + g.nextInt(i % 5 == 0 ? 8 : 3));
      String p = problem(old, neu, g.split(), seen);
      if (p != null) {
        fail("seed " + seed + ": " + p + "\nOLD:\n" + SpecPrinter.print(old) + "NEW:\n"
            + SpecPrinter.print(neu));
      }
    }
    System.out.println("DiffFlowsTest: " + seen);
    assertTrue(seen.getOrDefault("opened", 0) > 40, seen.toString());
    assertTrue(seen.getOrDefault("closed", 0) > 40, seen.toString());
    assertTrue(seen.getOrDefault("unchanged", 0) > 10, seen.toString());
    assertTrue(seen.getOrDefault("points in boxes", 0) > 2000, seen.toString());
    assertTrue(seen.getOrDefault("opened flows", 0) > 500, seen.toString());
    assertTrue(seen.getOrDefault("closed flows", 0) > 500, seen.toString());
  }

  static String problem(Network old, Network neu, Gen g, TreeMap<String, Integer> seen) {
    FlowSpace space = new FlowSpace();
    DiffFlows.Changes r = DiffFlows.of(old, neu, new DecisionTablesByEvaluator(), space);
    DiffFlows.Changes u = DiffByAddress.unrestricted(old, neu, new DecisionTablesByEvaluator(), space);
    if (!r.newlyPermitted().equals(u.newlyPermitted()) || !r.newlyDenied().equals(u.newlyDenied())) {
      return "restricted " + r + " but unrestricted " + u;
    }
    if (!r.newlyPermitted().intersection(r.newlyDenied()).isEmpty()) {
      return "a flow both opened and closed: " + r.newlyPermitted().intersection(r.newlyDenied());
    }
    seen.merge(r.newlyPermitted().isEmpty() ? "nothing opened" : "opened", 1, Integer::sum);
    seen.merge(r.newlyDenied().isEmpty() ? "nothing closed" : "closed", 1, Integer::sum);
    if (r.isEmpty()) {
      seen.merge("unchanged", 1, Integer::sum);
    }
    Evaluator eo = new Evaluator(old);
    Evaluator en = new Evaluator(neu);
    List<Flow> flows = new ArrayList<>();
    if (!old.nics().isEmpty()) {
      flows.addAll(new FlowGen(old).flows(g, 300));
    }
    if (!neu.nics().isEmpty()) {
      flows.addAll(new FlowGen(neu).flows(g, 300));
    }
    for (Flow f : flows) {
      String p = check(old, neu, eo, en, r, f, seen);
      if (p != null) {
        return p;
      }
    }
    for (FlowSet s : List.of(r.newlyPermitted(), r.newlyDenied())) {
      for (FlowBox b : s.boxes(40).boxes()) {
        for (Flow f : samples(b, g)) {
          if (legal(old, f) || legal(neu, f)) {
            seen.merge("points in boxes", 1, Integer::sum);
            String p = check(old, neu, eo, en, r, f, seen);
            if (p != null) {
              return "in box " + b + ": " + p;
            }
          }
        }
      }
    }
    return null;
  }

  private static String check(Network old, Network neu, Evaluator eo, Evaluator en,
      DiffFlows.Changes r, Flow f, TreeMap<String, Integer> seen) {
    boolean po = legal(old, f) && eo.evaluate(f).permitted();
    boolean pn = legal(neu, f) && en.evaluate(f).permitted();
    boolean opened = r.newlyPermitted().contains(f);
    boolean closed = r.newlyDenied().contains(f);
    if (opened != (pn && !po) || closed != (po && !pn)) {
      return f + ": old permits " + po + ", new permits " + pn + ", but opened " + opened
          + ", closed " + closed;
    }
    if (opened) {
      seen.merge("opened flows", 1, Integer::sum);
    }
    if (closed) {
      seen.merge("closed flows", 1, Integer::sum);
    }
    return null;
  }

  /** Whether the flow is a flow of the network (an end is one of its NICs, not both one NIC). */
  static boolean legal(Network n, Flow f) {
    Optional<Nic> s = n.owner(f.src());
    Optional<Nic> d = n.owner(f.dst());
    return (s.isPresent() || d.isPresent()) && !(s.isPresent() && s.equals(d));
  }

  /** The corners of a box and a few random points in it. */
  static List<Flow> samples(FlowBox b, Gen g) {
    List<Flow> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int p = i == 0 ? b.protocolLow() : i == 1 ? b.protocolHigh()
          : b.protocolLow() + g.nextInt(b.protocolHigh() - b.protocolLow() + 1);
      if (!Protocols.fitsVersion(p, b.srcLow().version())) {
        continue;
      }
      IpAddress s = pick(b.srcLow(), b.srcHigh(), i, g);
      IpAddress d = pick(b.dstLow(), b.dstHigh(), i + 1, g);
      if (b.hasPorts()) {
        out.add(new Flow(s, d, p, port(b.srcPorts().orElseThrow(), i, g),
            port(b.dstPorts().orElseThrow(), i + 1, g)));
      } else {
        out.add(new Flow(s, d, p, Flow.NO_PORT, Flow.NO_PORT));
      }
    }
    return out;
  }

  private static IpAddress pick(IpAddress low, IpAddress high, int i, Gen g) {
    if (i % 3 == 0) {
      return low;
    }
    if (i % 3 == 1) {
      return high;
    }
    BigInteger span = high.value().subtract(low.value());
    BigInteger off = span.signum() == 0 ? BigInteger.ZERO
        : new BigInteger(span.bitLength(), new java.util.Random(g.nextLong())).mod(span.add(BigInteger.ONE));
    return IpAddress.of(low.version(), low.value().add(off));
  }

  private static int port(PortRange r, int i, Gen g) {
    return i % 3 == 0 ? r.low() : i % 3 == 1 ? r.high() : g.intBetween(r.low(), r.high());
  }
}

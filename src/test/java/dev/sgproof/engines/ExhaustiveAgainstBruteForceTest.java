package dev.sgproof.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.FlowGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.Shrinker;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.model.Traffic;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Replay;
import dev.sgproof.query.Verdict;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.testing.Queries;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The class-based procedure is exact: its verdicts agree with independent checks over the
 * evaluator, (a) on random and boundary flows of the assertion's obligations and (c) on a
 * brute-force enumeration when the endpoints' address sets are small. (b) every refutation is
 * confirmed by {@link Replay#refutation}.
 */
class ExhaustiveAgainstBruteForceTest {
  private static final long BASE = Property.baseSeed(0xB7F0CE5L);
  private static final int NETWORKS = 300;
  private static final int ASSERTIONS_PER_NETWORK = 4;
  private static final int TINY_NETWORKS = 80;
  private static final int SAMPLES_PER_OBLIGATION = 250;

  private final TreeMap<String, Integer> coverage = new TreeMap<>();

  private void count(String key) {
    coverage.merge(key, 1, Integer::sum);
  }

  // ---------------------------------------------------------------- the properties

  @Test
  void verdictsAgreeWithRandomAndBoundaryFlows() {
    GenConfig config = GenConfig.small();
    for (int i = 0; i < NETWORKS; i++) {
      long seed = BASE + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(config).network(g.split());
      for (Assertion a : AssertionGen.assertions(g.split(), n, ASSERTIONS_PER_NETWORK)) {
        if (!nonEmpty(n, a)) {
          count("skipped empty");
          continue;
        }
        record(n, a);
        check(seed, n, a, false);
      }
    }
    assertCoverage(true);
  }

  @Test
  void verdictsAgreeWithBruteForceOnTinyNetworks() {
    GenConfig config = GenConfig.small().withRulesPerGroup(3).withInstances(3).withGroups(3);
    int brute = 0;
    for (int i = 0; i < TINY_NETWORKS; i++) {
      long seed = BASE + 1_000_000L + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(config).network(g.split());
      for (Assertion a : AssertionGen.assertions(g.split(), n, 2 * ASSERTIONS_PER_NETWORK)) {
        if (!nonEmpty(n, a) || !small(a.left()) || !small(a.right())) {
          continue;
        }
        brute++;
        record(n, a);
        check(seed, n, a, true);
      }
    }
    assertTrue(brute >= 100, "only " + brute + " brute-forced assertions");
    assertTrue(coverage.getOrDefault("brute violation", 0) > 10, coverage.toString());
    assertTrue(coverage.getOrDefault("brute no violation", 0) > 10, coverage.toString());
    assertCoverage(false);
  }

  private void check(long seed, Network n, Assertion a, boolean brute) {
    Property.holds(
        brute ? "exhaustive engine = brute force" : "exhaustive engine = sampled flows",
        seed,
        new Shrinker.Case(n, List.of(a)),
        c -> c.assertions().stream()
            .anyMatch(x -> nonEmpty(c.network(), x) && problem(seed, c.network(), x, brute).isPresent()),
        c -> c.assertions().stream()
            .map(x -> problem(seed, c.network(), x, brute).orElse("(holds) " + x.text()))
            .reduce("", (p, q) -> p + "\n" + q));
    if (brute) {
      count(bruteViolation(n, a).isPresent() ? "brute violation" : "brute no violation");
    }
  }

  private void record(Network n, Assertion a) {
    count("kind " + a.kind());
    count("endpoint " + a.left().getClass().getSimpleName());
    count("endpoint " + a.right().getClass().getSimpleName());
    count("verdict " + decide(n, a).word());
  }

  private void assertCoverage(boolean allEndpointKinds) {
    for (AssertionKind k : AssertionKind.values()) {
      assertTrue(coverage.containsKey("kind " + k), "no " + k + " in " + coverage);
    }
    assertTrue(coverage.containsKey("verdict proved"), coverage.toString());
    assertTrue(coverage.containsKey("verdict refuted"), coverage.toString());
    List<String> kinds = new ArrayList<>(List.of("InstanceEndpoint", "NicEndpoint", "GroupEndpoint", "CidrEndpoint"));
    if (allEndpointKinds) {
      kinds.add("InternetEndpoint");
      kinds.add("ExternalEndpoint");
    }
    for (String k : kinds) {
      assertTrue(coverage.containsKey("endpoint " + k), "no " + k + " in " + coverage);
    }
  }

  // ---------------------------------------------------------------- one check

  private static Verdict decide(Network n, Assertion a) {
    return Queries.decide(n, a);
  }

  /** What is wrong with the engine's verdict on this assertion, if anything. */
  static Optional<String> problem(long seed, Network n, Assertion a, boolean brute) {
    Verdict v = decide(n, a);
    if (v instanceof Verdict.Refuted r) {
      try {
        Replay.refutation(new Spec(NetworkGen.FILE, n, List.of(a)), a, r);
      } catch (DisagreementException e) {
        return Optional.of("(b) " + e.getMessage());
      }
      return Optional.empty();
    }
    Optional<Flow> bad = brute ? bruteViolation(n, a) : sampledViolation(seed, n, a);
    return bad.map(
        f -> (brute ? "(c)" : "(a)") + " engine says " + v.word() + " for '" + a.text()
            + "' but the evaluator says " + f + " is "
            + (new Evaluator(n).evaluate(f).permitted() ? "permitted" : "denied") + ": "
            + String.join("; ", new Evaluator(n).evaluate(f).trace()));
  }

  /** A flow of one of the obligations that breaks it, if any. */
  private static Optional<Flow> violation(Network n, Evaluator e, Assertion a, Flow f) {
    if (!FlowGen.legal(n, f)) {
      return Optional.empty();
    }
    for (Obligation o : Obligation.of(a)) {
      if (o.contains(n, f) && !o.expect().satisfiedBy(e.evaluate(f).permitted())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- (a) sampled

  static Optional<Flow> sampledViolation(long seed, Network n, Assertion a) {
    Gen g = new Gen(seed ^ a.text().hashCode());
    Evaluator e = new Evaluator(n);
    List<IpAddress> pool = addressPool(g, n, a);
    List<Integer> ports = portPool(g, n, a);
    if (!n.nics().isEmpty()) {
      for (Flow f : new FlowGen(n).flows(g, 200)) {
        Optional<Flow> bad = violation(n, e, a, f);
        if (bad.isPresent()) {
          return bad;
        }
      }
    }
    for (Obligation o : Obligation.of(a)) {
      List<IpAddress> src = pool.stream().filter(x -> Obligation.covers(n, o.source(), x)).toList();
      List<IpAddress> dst = pool.stream().filter(x -> Obligation.covers(n, o.destination(), x)).toList();
      if (src.isEmpty() || dst.isEmpty()) {
        continue;
      }
      for (int k = 0; k < SAMPLES_PER_OBLIGATION; k++) {
        IpAddress s = g.pick(src);
        List<IpAddress> same = dst.stream().filter(x -> x.version() == s.version()).toList();
        if (same.isEmpty()) {
          continue;
        }
        IpAddress d = g.pick(same);
        int p = protocol(g, o.traffic(), s.version());
        Flow f =
            Protocols.hasPorts(p)
                ? new Flow(s, d, p, g.chance(0.5) ? 49152 : g.pick(ports), g.pick(ports))
                : new Flow(s, d, p, Flow.NO_PORT, Flow.NO_PORT);
        Optional<Flow> bad = violation(n, e, a, f);
        if (bad.isPresent()) {
          return bad;
        }
      }
    }
    return Optional.empty();
  }

  private static int protocol(Gen g, Traffic t, IpVersion v) {
    if (!t.isAny() && g.chance(0.6)) {
      Traffic.Item i = g.pick(t.items());
      if (i.fits(v)) {
        return i.protocol().number();
      }
    }
    return FlowGen.protocol(g, v);
  }

  /** NIC addresses and their neighbours, every CIDR's edges +-1, the ends of the spaces, randoms. */
  private static List<IpAddress> addressPool(Gen g, Network n, Assertion a) {
    TreeSet<IpAddress> out = new TreeSet<>();
    List<Cidr> cidrs = new ArrayList<>(NetworkGen.EXTERNAL);
    cidrs.addAll(NetworkGen.SPACE);
    // the bounds of public space (what the internet endpoint means), each end +-1
    cidrs.addAll(dev.sgproof.model.PublicSpace.EXCLUDED_V4);
    cidrs.addAll(dev.sgproof.model.PublicSpace.EXCLUDED_V6);
    cidrs.add(dev.sgproof.model.PublicSpace.GLOBAL_V6);
    cidrs.add(Cidr.ANY_V4);
    cidrs.add(Cidr.ANY_V6);
    for (Group grp : n.groups()) {
      for (Rule r : grp.rules()) {
        if (r.peer() instanceof Peer.CidrPeer c) {
          cidrs.add(c.cidr());
        }
      }
    }
    for (Endpoint e : List.of(a.left(), a.right())) {
      if (e instanceof Endpoint.CidrEndpoint c) {
        cidrs.add(c.cidr());
        for (int i = 0; i < 6; i++) {
          out.add(randomIn(g, c.cidr()));
        }
      }
    }
    for (Nic nic : n.nics()) {
      for (IpAddress x : nic.addresses()) {
        cidrs.add(Cidr.host(x));
      }
    }
    for (Cidr c : cidrs) {
      out.add(c.first());
      out.add(c.last());
      c.first().previous().ifPresent(out::add);
      c.last().next().ifPresent(out::add);
    }
    for (int i = 0; i < 10; i++) {
      out.add(randomIn(g, NetworkGen.V4_POOL));
      out.add(randomIn(g, NetworkGen.V6_POOL));
      out.add(randomIn(g, Cidr.ANY_V4));
      out.add(randomIn(g, Cidr.ANY_V6));
    }
    return List.copyOf(out);
  }

  private static IpAddress randomIn(Gen g, Cidr c) {
    int hostBits = c.version().bits() - c.prefix();
    BigInteger r = BigInteger.ZERO;
    for (int i = 0; i < hostBits; i += 30) {
      r = r.shiftLeft(30).or(BigInteger.valueOf(g.nextInt(1 << 30)));
    }
    r = r.and(BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE));
    return new IpAddress(c.version(), c.first().value().or(r));
  }

  /** Every rule and traffic port edge +-1, both ends of the range, and a few random ports. */
  private static List<Integer> portPool(Gen g, Network n, Assertion a) {
    TreeSet<Integer> out = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX, 49152));
    List<PortRange> ranges = new ArrayList<>(a.traffic().portRanges());
    for (Group grp : n.groups()) {
      for (Rule r : grp.rules()) {
        ranges.add(r.dstPorts());
        ranges.add(r.srcPorts());
      }
    }
    for (PortRange r : ranges) {
      for (int x : new int[] {r.low() - 1, r.low(), r.high(), r.high() + 1}) {
        if (PortRange.ALL.contains(x)) {
          out.add(x);
        }
      }
    }
    for (int i = 0; i < 4; i++) {
      out.add(g.intBetween(PortRange.MIN, PortRange.MAX));
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- (c) brute force

  /** Endpoints whose address set is small enough to enumerate. */
  static boolean small(Endpoint e) {
    if (e instanceof Endpoint.InternetEndpoint || e instanceof Endpoint.ExternalEndpoint) {
      return false;
    }
    if (e instanceof Endpoint.CidrEndpoint c) {
      return c.cidr().prefix() >= c.cidr().version().bits() - 4;
    }
    return true;
  }

  /** Every address of a small endpoint. */
  private static List<IpAddress> enumerate(Network n, Endpoint e) {
    List<IpAddress> out = new ArrayList<>();
    if (e instanceof Endpoint.CidrEndpoint c) {
      IpAddress x = c.cidr().first();
      while (true) {
        out.add(x);
        if (x.equals(c.cidr().last())) {
          return out;
        }
        x = x.next().orElseThrow();
      }
    }
    for (Nic nic : n.nicsOf(e)) {
      out.addAll(nic.addresses());
    }
    return out;
  }

  /** Both sides of every port boundary, plus a few fixed random ports. */
  private static List<Integer> window(List<PortRange> ranges, int... extra) {
    TreeSet<Integer> out = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX));
    for (int x : extra) {
      out.add(x);
    }
    for (PortRange r : ranges) {
      for (int x : new int[] {r.low() - 1, r.low(), r.high(), r.high() + 1}) {
        if (PortRange.ALL.contains(x)) {
          out.add(x);
        }
      }
    }
    return List.copyOf(out);
  }

  static Optional<Flow> bruteViolation(Network n, Assertion a) {
    Evaluator e = new Evaluator(n);
    List<PortRange> dRanges = new ArrayList<>(a.traffic().portRanges());
    List<PortRange> sRanges = new ArrayList<>();
    for (Group grp : n.groups()) {
      for (Rule r : grp.rules()) {
        dRanges.add(r.dstPorts());
        if (!r.srcPorts().isAll()) {
          sRanges.add(r.srcPorts());
        }
      }
    }
    List<Integer> dports = window(dRanges, 7, 4242, 50000);
    List<Integer> sports = window(sRanges, 49152, 31337);
    for (Obligation o : Obligation.of(a)) {
      List<IpAddress> src = enumerate(n, o.source());
      List<IpAddress> dst = enumerate(n, o.destination());
      for (IpAddress s : src) {
        for (IpAddress d : dst) {
          if (s.version() != d.version()) {
            continue;
          }
          for (int p = 0; p <= Protocols.MAX; p++) {
            if (!Protocols.fitsVersion(p, s.version())) {
              continue;
            }
            if (!Protocols.hasPorts(p)) {
              Optional<Flow> bad = violation(n, e, a, new Flow(s, d, p, Flow.NO_PORT, Flow.NO_PORT));
              if (bad.isPresent()) {
                return bad;
              }
              continue;
            }
            for (int dp : dports) {
              for (int sp : sports) {
                Optional<Flow> bad = violation(n, e, a, new Flow(s, d, p, sp, dp));
                if (bad.isPresent()) {
                  return bad;
                }
              }
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- empty sets

  /**
   * Whether the assertion's set of flows (within its traffic) has a flow: two addresses of one
   * version, not both external, not on one NIC, the traffic's protocol fitting the version.
   */
  static boolean nonEmpty(Network n, Assertion a) {
    List<IpAddress> left = witnesses(n, a.left());
    List<IpAddress> right = witnesses(n, a.right());
    for (IpAddress s : left) {
      for (IpAddress d : right) {
        if (s.version() != d.version()) {
          continue;
        }
        Optional<Nic> sn = n.owner(s);
        Optional<Nic> dn = n.owner(d);
        if ((sn.isEmpty() && dn.isEmpty()) || (sn.isPresent() && sn.equals(dn))) {
          continue;
        }
        if (a.traffic().fits(s.version())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The endpoint's NIC addresses and, if it has external ones, one external address per version. */
  private static List<IpAddress> witnesses(Network n, Endpoint e) {
    if (e instanceof Endpoint.InternetEndpoint) {
      return List.of(IpAddress.of("8.8.4.4"), IpAddress.of("2001:4860::1"));
    }
    if (e instanceof Endpoint.ExternalEndpoint) {
      return List.of(IpAddress.of("198.51.100.1"), IpAddress.of("2001:db8:1::1"));
    }
    if (e instanceof Endpoint.CidrEndpoint c) {
      List<IpAddress> out = new ArrayList<>();
      for (Nic nic : n.nics()) {
        nic.addresses().stream().filter(c.cidr()::contains).forEach(out::add);
      }
      IpAddress x = c.cidr().first();
      for (int i = 0; i < 64; i++) {
        if (n.owner(x).isEmpty()) {
          out.add(x);
          break;
        }
        if (x.equals(c.cidr().last())) {
          break;
        }
        x = x.next().orElseThrow();
      }
      return out;
    }
    return enumerate(n, e);
  }

  // ---------------------------------------------------------------- the checks themselves

  @Test
  void theBruteForceFindsAViolationTheEngineMustRefute() {
    Network n =
        new dev.sgproof.testing.NetworkBuilder()
            .group("G")
            .rule("ingress allow tcp 1000-2000 from 10.9.0.0/28")
            .instance("X", "10.0.0.1", "G")
            .build();
    Assertion a = Queries.assertion("10.9.0.0/28", AssertionKind.REACHABLE, "X", "tcp 999-1001");
    Flow f = bruteViolation(n, a).orElseThrow();
    assertEquals(999, f.dstPort());
    assertTrue(problem(1, n, a, true).isEmpty());
    assertTrue(sampledViolation(1, n, a).isPresent());
    Assertion held = Queries.assertion("10.9.0.0/28", AssertionKind.REACHABLE, "X", "tcp 1000-2000");
    assertTrue(bruteViolation(n, held).isEmpty());
    assertTrue(sampledViolation(1, n, held).isEmpty());
  }
}

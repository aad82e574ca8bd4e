package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.gen.FlowGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Networks;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Instance;
import dev.sgproof.model.IpVersion;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties of the reference evaluator over generated networks and flows. Each dynamic test is
 * named after its seed; a failure prints the seed and the shrunk spec. Replay one seed with
 * {@code -Dsgproof.seed=N}.
 */
class EvaluatorPropertiesTest {
  private static final long BASE = Property.baseSeed(0x5eed_2026L);
  private static final int NETWORKS = 250;
  private static final int FLOWS = 60;

  static GenConfig configFor(long seed) {
    return Math.floorMod(seed, 3) == 0 ? GenConfig.medium() : GenConfig.small();
  }

  private static Stream<DynamicTest> perSeed(String what, SeedCheck check) {
    return LongStream.range(0, NETWORKS)
        .map(i -> BASE + i)
        .mapToObj(seed -> DynamicTest.dynamicTest(what + ", seed " + seed, () -> check.run(seed)));
  }

  @FunctionalInterface
  interface SeedCheck {
    void run(long seed);
  }

  private static Network network(long seed) {
    return NetworkGen.generate(seed, configFor(seed));
  }

  private static List<Flow> flows(long seed, Network n) {
    return new FlowGen(n).flows(new Gen(seed ^ 0xf10f), FLOWS);
  }

  // ---- (a) order independence

  /** The decision and the verdict of each NIC, which permuting rules and groups must keep. */
  private static List<Boolean> verdicts(Network n, Flow f) {
    Decision d = new Evaluator(n).evaluate(f);
    List<Boolean> out = new ArrayList<>();
    out.add(d.permitted());
    d.steps().forEach(s -> out.add(s.allowed()));
    return out;
  }

  private static Optional<Flow> orderSensitiveFlow(Network n, long permSeed, List<Flow> flows) {
    Network p = Networks.permuted(n, new Gen(permSeed));
    return flows.stream()
        .filter(f -> FlowGen.legal(n, f))
        .filter(f -> !verdicts(n, f).equals(verdicts(p, f)))
        .findFirst();
  }

  @TestFactory
  Stream<DynamicTest> theOrderOfRulesInAGroupAndOfGroupsOnANicNeverChangesADecision() {
    return perSeed(
        "order independence",
        seed -> {
          Network n = network(seed);
          List<Flow> flows = flows(seed, n);
          for (long k = 0; k < 3; k++) {
            long permSeed = seed * 31 + k;
            Property.holds(
                "rule and group order independence",
                seed,
                n,
                m -> orderSensitiveFlow(m, permSeed, flows).isPresent(),
                m -> {
                  Flow f = orderSensitiveFlow(m, permSeed, flows).orElseThrow();
                  Network p = Networks.permuted(m, new Gen(permSeed));
                  return "flow " + f + "\n as written: " + new Evaluator(m).evaluate(f).trace()
                      + "\n permuted:   " + new Evaluator(p).evaluate(f).trace();
                });
          }
        });
  }

  // ---- (b) adding a lower-priority rule

  /** Seeds run, then cases where a custom rule, the intra-group allow, the default decided (and
   * a matching rule was added to a default decision). Checked in {@link #propertyBWasNotVacuous}. */
  private static final AtomicIntegerArray B_CASES = new AtomicIntegerArray(5);

  @AfterAll
  static void propertyBWasNotVacuous() {
    if (B_CASES.get(0) == NETWORKS) {
      for (int i = 1; i < 5; i++) {
        assertTrue(B_CASES.get(i) > 50, "property (b) case " + i + " ran " + B_CASES.get(i) + " times");
      }
    }
  }

  /**
   * A rule aimed at the flow at this NIC and direction, so added rules often match: protocol
   * all or the flow's, peer the host CIDR of the far address, ports the flow's.
   */
  private static Rule aimedAt(Gen g, Flow f, Direction d, String group, int priority, SourceSpan s) {
    IpAddress far = d == Direction.INGRESS ? f.src() : f.dst();
    Proto p = Proto.ALL;
    PortRange dst = PortRange.ALL;
    PortRange src = PortRange.ALL;
    if (g.chance(0.5)) {
      for (Proto q : Proto.values()) {
        if (q != Proto.ALL && q.number() == f.protocol()) {
          p = q;
        }
      }
      if (p.hasPorts() && g.chance(0.5)) {
        dst = PortRange.single(f.dstPort());
        src = g.chance(0.5) ? PortRange.single(f.srcPort()) : PortRange.ALL;
      }
    }
    Action a = g.chance(0.5) ? Action.ALLOW : Action.DENY;
    return new Rule(group, d, a, p, dst, src, new Peer.CidrPeer(Cidr.host(far)), priority, false, s);
  }

  private static Rule withPriority(Rule r, int priority) {
    return new Rule(r.group(), r.direction(), r.action(), r.protocol(), r.dstPorts(), r.srcPorts(),
        r.peer(), priority, false, r.span());
  }

  private static NicDecision at(Network n, Nic nic, Direction d, Flow f) {
    Evaluator e = new Evaluator(n);
    return d == Direction.INGRESS ? e.ingress(nic, f) : e.egress(nic, f);
  }

  /**
   * At one NIC and direction: when a custom rule of priority p decided, adding any rule of
   * priority p+1..100 to any of the NIC's groups keeps the decision; when the intra-group allow
   * decided, adding any rule keeps it; when the default decided, adding a rule that does not match
   * keeps it and adding one that matches makes that rule decide.
   */
  @TestFactory
  Stream<DynamicTest> addingALowerPriorityRuleNeverChangesTheDecisionOfANic() {
    NetworkGen rules = new NetworkGen(GenConfig.small());
    return perSeed(
        "lower priority rule",
        seed -> {
          B_CASES.incrementAndGet(0);
          Network n = network(seed);
          Gen g = new Gen(seed ^ 0xadd);
          SourceSpan span = new SourceSpan(NetworkGen.FILE, 9999, 1, 1);
          for (Flow f : flows(seed, n)) {
            for (NicDecision before : new Evaluator(n).evaluate(f).steps()) {
              Nic nic = before.nic();
              Direction d = before.direction();
              Group target = n.groupNamed(g.pick(nic.groups()));
              int low =
                  before.decidedBy() instanceof Step.CustomRule cr ? cr.rule().priority() + 1 : 1;
              if (low > Rule.MAX_PRIORITY) {
                continue;
              }
              int priority = g.intBetween(low, Rule.MAX_PRIORITY);
              Rule added =
                  g.chance(0.5)
                      ? aimedAt(g, f, d, target.name(), priority, span)
                      : withPriority(rules.rule(g, n, target, span), priority);
              Network m = Networks.withRule(n, added);
              NicDecision after = at(m, m.nic(nic.id()).orElseThrow(), d, f);
              String context =
                  "seed " + seed + ", flow " + f + ", added " + added.text() + " to " + target.name()
                      + "\n before: " + before.describe() + "\n after:  " + after.describe();
              boolean addedMatches =
                  new Evaluator(m).matches(added, d, f, d == Direction.INGRESS ? f.src() : f.dst());
              Step by = before.decidedBy();
              B_CASES.incrementAndGet(
                  by instanceof Step.CustomRule ? 1 : by instanceof Step.IntraGroup ? 2
                      : addedMatches ? 4 : 3);
              if (before.decidedBy() instanceof Step.Default && addedMatches) {
                assertEquals(added.action() == Action.ALLOW, after.allowed(), context);
                assertEquals(new Step.CustomRule(added), after.decidedBy(), context);
              } else {
                assertEquals(before.allowed(), after.allowed(), context);
                assertEquals(before.decidedBy().getClass(), after.decidedBy().getClass(), context);
              }
            }
          }
        });
  }

  // ---- (c) fellow members of an interconnected basic group

  /** Adds a priority-1 ingress deny of everything to every group of the NIC. */
  private static Network denyAllAt(Network n, Nic nic) {
    Network m = n;
    SourceSpan s = new SourceSpan(NetworkGen.FILE, 9998, 1, 1);
    for (String g : nic.groups()) {
      for (Cidr any : List.of(Cidr.ANY_V4, Cidr.ANY_V6)) {
        m = Networks.withRule(m, new Rule(g, Direction.INGRESS, Action.DENY, Proto.ALL,
            PortRange.ALL, PortRange.ALL, new Peer.CidrPeer(any), 1, false, s));
      }
    }
    return m;
  }

  @TestFactory
  Stream<DynamicTest> aNicAdmitsIngressFromAFellowMemberOfAnInterconnectedBasicGroup() {
    return perSeed(
        "intra-group allow",
        seed -> {
          Network n = network(seed);
          Gen g = new Gen(seed ^ 0xfe11);
          for (Nic dst : n.nics()) {
            Network hostile = denyAllAt(n, dst);
            for (Nic src : n.nics()) {
              Optional<Group> shared =
                  n.groupsOf(dst).stream()
                      .filter(x -> x.type() == GroupType.BASIC && x.policy() == Policy.INTERCONNECTED)
                      .filter(x -> src.groups().contains(x.name()))
                      .findFirst();
              if (src.equals(dst) || shared.isEmpty()) {
                continue;
              }
              for (IpAddress a : src.addresses()) {
                for (IpAddress b : dst.addresses()) {
                  if (a.version() != b.version()) {
                    continue;
                  }
                  int p = FlowGen.protocol(g, a.version());
                  int port = Protocols.hasPorts(p) ? g.intBetween(1, 65535) : 0;
                  Flow f = new Flow(a, b, p, port, port);
                  for (Network m : List.of(n, hostile)) {
                    NicDecision in = new Evaluator(m).ingress(m.nic(dst.id()).orElseThrow(), f);
                    assertTrue(in.allowed(), () -> "seed " + seed + ": " + in.describe());
                    assertTrue(in.decidedBy() instanceof Step.IntraGroup, in::describe);
                  }
                }
              }
            }
          }
        });
  }

  // ---- (d) the generators do not degenerate

  private static final Set<String> EXPECTED =
      new TreeSet<>(
          List.of(
              "verdict permitted", "verdict denied",
              "rule allow", "rule deny", "rule ingress", "rule egress",
              "rule proto all", "rule proto tcp", "rule proto udp", "rule proto icmp",
              "rule proto icmpv6", "rule proto gre",
              "rule dst ports", "rule src ports", "rule group peer", "rule cidr v4", "rule cidr v6",
              "rule any v4", "rule any v6", "rule external cidr", "rule priority 1",
              "rule priority 100", "rule priority tie", "rule legacy",
              "group basic interconnected", "group basic isolated", "group advanced",
              "group legacy-default", "group without members",
              "nic v4 only", "nic v6 only", "nic dual stack", "nic 2 addresses",
              "nic groups 1", "nic groups 2", "nic groups 3", "nic groups 4", "nic groups 5",
              "instance one-line", "instance multi-nic",
              "flow tcp", "flow udp", "flow icmp", "flow icmpv6", "flow gre", "flow other",
              "flow v4", "flow v6", "flow nic to nic", "flow external to nic",
              "flow nic to external",
              "step intra-group", "step custom rule", "step legacy rule", "step default",
              "lost HIGHER_PRIORITY_WON", "lost EQUAL_PRIORITY_DENY_WON", "lost SAME_DECISION",
              "lost INTRA_GROUP_ALLOW_WON",
              "assert REACHABLE", "assert UNREACHABLE", "assert ONLY", "assert INTERCONNECTED",
              "assert ISOLATED",
              "endpoint InstanceEndpoint", "endpoint NicEndpoint", "endpoint GroupEndpoint",
              "endpoint CidrEndpoint", "endpoint InternetEndpoint", "endpoint ExternalEndpoint",
              "endpoint cidr with nic", "endpoint cidr without nic",
              "traffic all", "traffic tcp", "traffic udp", "traffic icmp", "traffic icmpv6",
              "traffic gre", "traffic ports", "traffic union"));

  @Test
  void theGeneratorsProduceValidNetworksBothVerdictsEveryRuleKindProtocolAndAssertionKind() {
    Set<String> seen = new TreeSet<>();
    for (long seed = BASE; seed < BASE + NETWORKS; seed++) {
      Network n = network(seed);
      assertEquals(List.of(), Networks.problems(n), "seed " + seed);
      observe(n, seen);
      Evaluator e = new Evaluator(n);
      for (Flow f : flows(seed, n)) {
        assertTrue(FlowGen.legal(n, f), "seed " + seed + ": illegal " + f);
        observe(n, e.evaluate(f), seen);
      }
      for (Assertion a : AssertionGen.assertions(new Gen(seed ^ 0xa55e), n, 8)) {
        assertTrue(Networks.resolves(n, a), "seed " + seed + ": " + a.text());
        observe(n, a, seen);
      }
    }
    Set<String> missing = new TreeSet<>(EXPECTED);
    missing.removeAll(seen);
    assertEquals(Set.of(), missing, "never generated");
  }

  private static void observe(Network n, Set<String> seen) {
    for (Group g : n.groups()) {
      seen.add(g.type() == GroupType.ADVANCED ? "group advanced" : "group basic " + g.policy());
      if (g.legacyDefault()) {
        seen.add("group legacy-default");
      }
      if (n.members(g.name()).isEmpty()) {
        seen.add("group without members");
      }
      Set<Integer> priorities = new TreeSet<>();
      for (Rule r : g.rules()) {
        if (r.legacy()) {
          seen.add("rule legacy");
          continue;
        }
        if (!priorities.add(r.priority())) {
          seen.add("rule priority tie");
        }
        seen.add("rule " + r.action());
        seen.add("rule " + r.direction());
        seen.add("rule proto " + r.protocol());
        seen.add("rule priority " + r.priority());
        if (!r.dstPorts().isAll()) {
          seen.add("rule dst ports");
        }
        if (!r.srcPorts().isAll()) {
          seen.add("rule src ports");
        }
        if (r.peer() instanceof Peer.GroupPeer) {
          seen.add("rule group peer");
        } else if (r.peer() instanceof Peer.CidrPeer cp) {
          Cidr c = cp.cidr();
          seen.add("rule cidr " + (c.version() == IpVersion.V4 ? "v4" : "v6"));
          if (c.prefix() == 0) {
            seen.add("rule any " + (c.version() == IpVersion.V4 ? "v4" : "v6"));
          }
          if (NetworkGen.EXTERNAL.contains(c)) {
            seen.add("rule external cidr");
          }
        }
      }
    }
    for (Instance i : n.instances()) {
      seen.add(i.oneLine() ? "instance one-line" : i.nics().size() > 1 ? "instance multi-nic" : "");
    }
    for (Nic nic : n.nics()) {
      boolean v4 = NetworkGen.has(nic, IpVersion.V4);
      boolean v6 = NetworkGen.has(nic, IpVersion.V6);
      seen.add(v4 && v6 ? "nic dual stack" : v4 ? "nic v4 only" : "nic v6 only");
      seen.add("nic groups " + nic.groups().size());
      if (nic.addresses().size() >= 2) {
        seen.add("nic 2 addresses");
      }
    }
  }

  private static void observe(Network n, Decision d, Set<String> seen) {
    Flow f = d.flow();
    seen.add(d.permitted() ? "verdict permitted" : "verdict denied");
    seen.add("flow " + (Protocols.isNamed(f.protocol()) ? Protocols.name(f.protocol()) : "other"));
    seen.add("flow " + (f.src().isV4() ? "v4" : "v6"));
    boolean s = n.owner(f.src()).isPresent();
    boolean t = n.owner(f.dst()).isPresent();
    seen.add(s && t ? "flow nic to nic" : s ? "flow nic to external" : "flow external to nic");
    for (NicDecision nd : d.steps()) {
      if (nd.decidedBy() instanceof Step.IntraGroup) {
        seen.add("step intra-group");
      } else if (nd.decidedBy() instanceof Step.CustomRule cr) {
        seen.add(cr.rule().legacy() ? "step legacy rule" : "step custom rule");
      } else {
        seen.add("step default");
      }
      nd.lost().forEach(l -> seen.add("lost " + l.reason().name()));
    }
  }

  private static void observe(Network n, Assertion a, Set<String> seen) {
    seen.add("assert " + a.kind().name());
    for (Endpoint e : List.of(a.left(), a.right())) {
      seen.add("endpoint " + e.getClass().getSimpleName());
      if (e instanceof Endpoint.CidrEndpoint ce) {
        boolean hasNic =
            n.nics().stream().anyMatch(x -> x.addresses().stream().anyMatch(ce.cidr()::contains));
        seen.add(hasNic ? "endpoint cidr with nic" : "endpoint cidr without nic");
      }
    }
    for (dev.sgproof.model.Traffic.Item i : a.traffic().items()) {
      seen.add("traffic " + i.protocol());
    }
    if (a.traffic().items().size() > 1) {
      seen.add("traffic union");
    }
    if (!a.traffic().portRanges().isEmpty()) {
      seen.add("traffic ports");
    }
  }
}

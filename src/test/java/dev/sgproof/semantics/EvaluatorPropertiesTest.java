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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties of the reference evaluator over generated networks and flows. Each dynamic test is
 * named after its seed; a failure prints the seed and the shrunk spec. Replay one seed with
 * {@code -Dsgproof.seed=N}.
 */
class EvaluatorPropertiesTest {
  private static final long BASE = Property.baseSeed(0x5eed_2026L);
  private static final int NETWORKS = 120;
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
}

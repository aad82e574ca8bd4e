package dev.sgproof.engines;

import static dev.sgproof.model.Action.ALLOW;
import static dev.sgproof.model.Action.DENY;
import static dev.sgproof.model.AssertionKind.INTERCONNECTED;
import static dev.sgproof.model.AssertionKind.ISOLATED;
import static dev.sgproof.model.AssertionKind.ONLY;
import static dev.sgproof.model.AssertionKind.REACHABLE;
import static dev.sgproof.model.AssertionKind.UNREACHABLE;
import static dev.sgproof.engines.Nets.advanced;
import static dev.sgproof.engines.Nets.assertion;
import static dev.sgproof.engines.Nets.basic;
import static dev.sgproof.engines.Nets.in;
import static dev.sgproof.engines.Nets.inst;
import static dev.sgproof.engines.Nets.isolated;
import static dev.sgproof.engines.Nets.legacy;
import static dev.sgproof.engines.Nets.multi;
import static dev.sgproof.engines.Nets.net;
import static dev.sgproof.engines.Nets.nic;
import static dev.sgproof.engines.Nets.out;
import static dev.sgproof.engines.Nets.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Instance;
import dev.sgproof.model.Network;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Verdict;
import dev.sgproof.testing.Queries;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Z3 on every obligation (enumeration limit 0) against the exhaustive engine. */
class Z3EngineTest {
  private static Portfolio engine;

  @BeforeAll
  static void open() {
    engine = Engines.portfolio(EngineOptions.of(EngineChoice.smt).withEnumerationLimit(0));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  /** The Z3 verdict, replayed in the evaluator and compared with the exhaustive engine. */
  static Verdict verdict(Network n, String left, AssertionKind kind, String right, String traffic) {
    Assertion a = assertion(left, kind, right, traffic);
    Spec s = spec(n, a);
    Verdict v = engine.verify(s, a).verdict();
    Verdict reference = Queries.decide(n, a);
    assertEquals(reference.word(), v.word(), a.text() + ": exhaustive says " + reference);
    if (v instanceof Verdict.Refuted r) {
      assertEquals(((Verdict.Refuted) reference).counterexample(), r.counterexample(),
          a.text() + ": the canonical counterexample is the exhaustive engine's");
    }
    return v;
  }

  static void proved(Network n, String left, AssertionKind kind, String right, String traffic) {
    assertInstanceOf(Verdict.Proved.class, verdict(n, left, kind, right, traffic));
  }

  static Flow refuted(Network n, String left, AssertionKind kind, String right, String traffic) {
    Verdict v = verdict(n, left, kind, right, traffic);
    return assertInstanceOf(Verdict.Refuted.class, v).counterexample();
  }

  @Test
  void seed000IsolationLosesOnlyToASharedInterconnectedGroup() {
    Network n = net(List.of(isolated("Group1"), basic("Group2")),
        inst("ECS1", "10.0.0.1", "Group1"),
        inst("ECS2", "10.0.0.2", "Group1", "Group2"),
        inst("ECS3", "10.0.0.3", "Group2"));
    proved(n, "ECS1", ISOLATED, "ECS2", "all");
    proved(n, "ECS2", INTERCONNECTED, "ECS3", "all");
    proved(n, "ECS1", ISOLATED, "ECS3", "all");
    refuted(n, "ECS1", INTERCONNECTED, "ECS2", "all");
  }

  @Test
  void seed001AnyInterconnectedSharedGroupConnects() {
    Network n = net(List.of(isolated("Group1"), basic("Group2"), basic("Group3")),
        inst("ECS1", "10.0.0.1", "Group1", "Group2"),
        inst("ECS2", "10.0.0.2", "Group1", "Group2", "Group3"),
        inst("ECS3", "10.0.0.3", "Group3"));
    proved(n, "ECS1", INTERCONNECTED, "ECS2", "all");
    proved(n, "ECS2", INTERCONNECTED, "ECS3", "all");
    proved(n, "ECS1", ISOLATED, "ECS3", "all");
  }

  @Test
  void seed002EqualPriorityDenyWinsAndHigherPriorityWins() {
    Network n = net(List.of(basic("Web",
            in("Web", ALLOW, "tcp", "80", "0.0.0.0/0", 5),
            in("Web", DENY, "tcp", "80", "0.0.0.0/0", 5),
            in("Web", ALLOW, "tcp", "443", "0.0.0.0/0", 1),
            in("Web", DENY, "tcp", "443", "0.0.0.0/0", 2))),
        inst("W", "10.0.0.1", "Web"));
    proved(n, "internet", UNREACHABLE, "W", "tcp 80");
    proved(n, "internet", REACHABLE, "W", "tcp 443");
    refuted(n, "internet", REACHABLE, "W", "tcp 80");
  }

  @Test
  void seed004Scenarios() {
    Network n = net(List.of(basic("G",
            in("G", ALLOW, "tcp", "22", "203.0.113.7", 1),
            out("G", DENY, "all", "", "0.0.0.0/0", 2),
            out("G", ALLOW, "all", "", "198.51.100.0/24", 1),
            out("G", DENY, "tcp", "", "198.51.100.128/25", 1),
            in("G", ALLOW, "tcp", "80", "0.0.0.0/0", 1),
            in("G", ALLOW, "tcp", "443", "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1", "G"));
    proved(n, "203.0.113.7", REACHABLE, "A", "tcp 22");
    Flow f = refuted(n, "internet", REACHABLE, "A", "tcp 22");
    assertEquals(22, f.dstPort());
    proved(n, "A", UNREACHABLE, "8.8.8.8", "all");
    proved(n, "A", REACHABLE, "198.51.100.0/25", "all");
    proved(n, "A", UNREACHABLE, "198.51.100.128/25", "tcp");
    proved(n, "internet", REACHABLE, "A", "tcp 80,443");
    refuted(n, "A", REACHABLE, "198.51.100.0/24", "all");
  }

  @Test
  void advancedEgressDefaultsToDenyAndBasicToAllow() {
    Network n = net(List.of(advanced("Adv", out("Adv", ALLOW, "tcp", "443", "0.0.0.0/0", 1)),
            basic("B")),
        inst("V", "10.0.0.1", "Adv"), inst("W", "10.0.0.2", "B"));
    proved(n, "V", UNREACHABLE, "internet", "udp");
    proved(n, "V", REACHABLE, "8.8.8.8", "tcp 443");
    proved(n, "W", REACHABLE, "internet", "all");
    proved(n, "internet", UNREACHABLE, "V", "all");
    proved(n, "W", ISOLATED, "V", "all");
  }

  @Test
  void ipv6RulesMatchOnlyIpv6Addresses() {
    Network n = net(List.of(basic("G",
            in("G", ALLOW, "udp", "1000-2000", "2001:db8::/32", 1),
            in("G", ALLOW, "icmpv6", "", "::/0", 1),
            in("G", ALLOW, "icmp", "", "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1, 2001:db8:1::5", "G"));
    proved(n, "2001:db8::/32", REACHABLE, "A", "udp 1000-2000");
    proved(n, "internet", REACHABLE, "A", "icmpv6");
    proved(n, "internet", REACHABLE, "A", "icmp");
    Flow f = refuted(n, "internet", REACHABLE, "A", "udp 1500");
    assertEquals(true, f.src().isV4() || !new dev.sgproof.model.Cidr(
        dev.sgproof.model.IpAddress.of("2001:db8::"), 32).contains(f.src()));
    proved(n, "10.0.0.0/8", UNREACHABLE, "A", "udp");
  }

  @Test
  void groupEndpointsCoverEveryMemberPair() {
    Network n = net(List.of(isolated("Iso"), basic("Db",
            in("Db", ALLOW, "tcp", "5432", "group Iso", 1))),
        inst("A1", "10.0.1.1", "Iso"), inst("A2", "10.0.1.2", "Iso"),
        inst("A3", "10.0.1.3", "Iso"), inst("A4", "10.0.1.4", "Iso"),
        inst("A5", "10.0.1.5,2001:db8::5", "Iso"),
        inst("D1", "10.0.2.1", "Db"), inst("D2", "10.0.2.2", "Db"));
    proved(n, "group Iso", ISOLATED, "group Iso", "all");
    proved(n, "group Iso", REACHABLE, "group Db", "tcp 5432");
    proved(n, "group Db", INTERCONNECTED, "group Db", "all");
    proved(n, "group Db", UNREACHABLE, "group Iso", "all");
    refuted(n, "group Iso", REACHABLE, "group Db", "tcp");
    refuted(n, "internet", REACHABLE, "group Db", "tcp 5432");
  }

  @Test
  void cidrEndpointsContainingNicAddressesUseTheNicsEgress() {
    Network n = net(List.of(basic("Quiet", out("Quiet", DENY, "all", "", "0.0.0.0/0", 1)),
            basic("Srv", in("Srv", ALLOW, "tcp", "80", "10.0.0.0/8", 1))),
        inst("Q", "10.0.0.9", "Quiet"), inst("S", "10.0.5.5", "Srv"));
    // 10.0.0.0/24 holds Q (egress denies) and external addresses (allowed by S's ingress).
    Flow f = refuted(n, "10.0.0.0/24", UNREACHABLE, "S", "tcp 80");
    assertEquals(Protocols.TCP, f.protocol());
    Flow g = refuted(n, "10.0.0.0/24", REACHABLE, "S", "tcp 80");
    assertEquals("10.0.0.9", g.src().toString());
    proved(n, "10.0.0.0/24", UNREACHABLE, "S", "udp");
    proved(n, "Q", UNREACHABLE, "10.0.0.0/8", "all");
  }

  @Test
  void externalIsEveryExternalAddressAndTheInternetOnlyPublicOnes() {
    Network n = net(List.of(basic("G", in("G", ALLOW, "tcp", "22", "0.0.0.0/0", 1),
            in("G", DENY, "tcp", "22", "10.0.0.0/8", 1))),
        inst("A", "10.0.0.1", "G"), inst("B", "10.0.0.2", "G"));
    Flow f = refuted(n, "external", REACHABLE, "A", "tcp 22");
    assertEquals("10.0.0.0", f.src().toString());
    proved(n, "internet", REACHABLE, "A", "tcp 22");
    proved(n, "internet", UNREACHABLE, "A", "udp");
    proved(n, "external", UNREACHABLE, "A", "udp");
    proved(n, "B", REACHABLE, "A", "tcp 22");
  }

  @Test
  void trafficUnionsAreTheUnionOfTheirItems() {
    Network n = net(List.of(basic("Web", in("Web", ALLOW, "tcp", "80", "0.0.0.0/0", 1),
            in("Web", ALLOW, "tcp", "443", "0.0.0.0/0", 1),
            in("Web", ALLOW, "icmp", "", "0.0.0.0/0", 1),
            in("Web", ALLOW, "udp", "53", "::/0", 1))),
        inst("W", "10.0.0.1, 2001:db8::1", "Web"), inst("X", "10.0.0.2", "Web"));
    proved(n, "internet", REACHABLE, "X", "tcp 80,443 + icmp");
    proved(n, "internet", ONLY, "X", "icmp + tcp 443 + tcp 80");
    Flow f = refuted(n, "internet", ONLY, "X", "tcp 80 + icmp");
    assertEquals(443, f.dstPort());
    // tcp reaches W over IPv4 only (and udp 53 over IPv6 only): tcp from IPv6 comes first
    Flow g = refuted(n, "internet", ONLY, "W", "tcp 80,443 + icmp + udp 53");
    assertEquals(Protocols.TCP, g.protocol());
    assertTrue(g.src().isV6());
    Flow u = refuted(n, "10.0.0.0/8", ONLY, "W", "tcp 80,443 + icmp + udp 53");
    assertEquals(Protocols.UDP, u.protocol());
    proved(n, "2000::/3", ONLY, "W", "udp 53");
    proved(n, "internet", UNREACHABLE, "X", "udp + gre + tcp 22");
    proved(n, "internet", REACHABLE, "X", "tcp 80 + icmpv6");
    // only all is reachable
    Flow h = refuted(n, "internet", ONLY, "X", "all");
    assertEquals(refuted(n, "internet", REACHABLE, "X", "all"), h);
  }

  @Test
  void onlyChecksInsideAndOutsideTheTraffic() {
    Network n = net(List.of(basic("Web", in("Web", ALLOW, "tcp", "80", "0.0.0.0/0", 1),
            in("Web", ALLOW, "tcp", "443", "0.0.0.0/0", 1),
            in("Web", ALLOW, "tcp", "80", "::/0", 1),
            in("Web", ALLOW, "tcp", "443", "::/0", 1)),
            basic("Web2", in("Web2", ALLOW, "tcp", "80-443", "0.0.0.0/0", 1))),
        inst("W", "10.0.0.1, 2001:db8::1", "Web"), inst("X", "10.0.0.2", "Web2"));
    proved(n, "internet", ONLY, "W", "tcp 80,443");
    Flow f = refuted(n, "internet", ONLY, "X", "tcp 80,443");
    assertEquals(Protocols.TCP, f.protocol());
    refuted(n, "internet", ONLY, "W", "tcp 80");
  }

  @Test
  void legacyDefaultRulesActAtPriority110() {
    Network n = net(List.of(legacy("Old", Policy.ISOLATED,
            in("Old", DENY, "tcp", "22", "8.8.8.0/24", 100))),
        inst("L", "10.0.0.1", "Old"), inst("M", "10.0.0.2", "Old"));
    proved(n, "internet", REACHABLE, "L", "tcp 3389");
    refuted(n, "internet", REACHABLE, "L", "tcp 22");
    proved(n, "8.8.8.0/24", UNREACHABLE, "L", "tcp 22");
    proved(n, "internet", UNREACHABLE, "L", "udp");
    proved(n, "L", REACHABLE, "M", "tcp 22");
    proved(n, "L", REACHABLE, "internet", "all");
  }

  @Test
  void multiNicInstancesAreSeparateNics() {
    Network n = net(List.of(basic("A"), isolated("B"), basic("C",
            in("C", ALLOW, "all", "", "10.0.0.0/16", 1))),
        multi("M", nic("M", "eth0", "10.0.0.1", "A"), nic("M", "eth1", "10.0.1.1", "B")),
        inst("P", "10.0.0.2", "A"), inst("Q", "10.1.0.2", "C"));
    proved(n, "P", INTERCONNECTED, "M.eth0", "all");
    proved(n, "P", ISOLATED, "M.eth1", "all");
    refuted(n, "P", INTERCONNECTED, "M", "all");
    proved(n, "M", REACHABLE, "Q", "all");
  }

  @Test
  void counterexamplesPreferTcpTheAssertionPortsAndSourcePort49152() {
    Network n = net(List.of(basic("G", in("G", ALLOW, "udp", "", "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1", "G"));
    Flow f = refuted(n, "internet", REACHABLE, "A", "all");
    assertEquals(Protocols.TCP, f.protocol());
    assertEquals(49152, f.srcPort());
    Flow g = refuted(n, "internet", REACHABLE, "A", "tcp 8080,9000-9100");
    assertEquals(8080, g.dstPort());
    assertEquals(49152, g.srcPort());
    assertEquals("10.0.0.1", g.dst().toString());
    Flow h = refuted(n, "internet", UNREACHABLE, "A", "all");
    assertEquals(Protocols.UDP, h.protocol());
    assertEquals("1.0.0.0", h.src().toString());
  }

  @Test
  void sourcePortRulesAreHonoured() {
    Network n = net(List.of(basic("G", in("G", ALLOW, "tcp", "53", "0.0.0.0/0", 1),
            Nets.rule("G", dev.sgproof.model.Direction.INGRESS, DENY, "tcp", "53", "40000-50000",
                "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1", "G"));
    Flow f = refuted(n, "internet", REACHABLE, "A", "tcp 53");
    assertEquals(49152, f.srcPort());
    Flow g = refuted(n, "internet", UNREACHABLE, "A", "tcp 53");
    assertEquals(53, g.dstPort());
  }

  @Test
  void otherProtocolsDecodeTo132() {
    Network n = net(List.of(basic("G", in("G", ALLOW, "tcp", "", "0.0.0.0/0", 1),
            in("G", ALLOW, "udp", "", "0.0.0.0/0", 1), in("G", ALLOW, "icmp", "", "0.0.0.0/0", 1),
            in("G", ALLOW, "gre", "", "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1", "G"));
    Flow f = refuted(n, "internet", REACHABLE, "A", "all");
    assertEquals(132, f.protocol()); // A has no IPv6 address, so icmpv6 is impossible
  }

  @Test
  void theCounterexampleSourceIsTheFirstViolatingNicInDeclarationOrderHoweverManyNics() {
    // Nine members of W; S admits 10.0.0.0/29 (.0-.7), so .9 and .8 break reachability, and .9
    // is declared before .8.
    String[] order = {"1", "2", "3", "4", "5", "6", "7", "9", "8"};
    Instance[] is = new Instance[order.length + 1];
    for (int i = 0; i < order.length; i++) {
      is[i] = inst("W" + i, "10.0.0." + order[i], "W");
    }
    is[order.length] = inst("S", "10.1.0.1", "Srv");
    Network n = net(List.of(basic("W"), isolated("Srv", in("Srv", ALLOW, "tcp", "80",
        "10.0.0.0/29", 1))), is);
    Flow f = refuted(n, "group W", REACHABLE, "S", "tcp 80");
    assertEquals("10.0.0.9", f.src().toString());
    assertEquals(80, f.dstPort());
    assertEquals(49152, f.srcPort());
  }

  @Test
  void theCounterexamplePrefersNicAddressesThenTheLowestExternalInterval() {
    Network n = net(List.of(basic("Quiet", out("Quiet", DENY, "all", "", "0.0.0.0/0", 1)),
            isolated("Srv", in("Srv", ALLOW, "tcp", "80", "10.0.0.0/24", 1),
                in("Srv", ALLOW, "tcp", "80", "10.0.2.0/24", 1))),
        inst("Q", "10.0.3.3", "Quiet"), inst("S", "10.1.0.1", "Srv"));
    assertEquals("10.0.3.3", refuted(n, "10.0.0.0/16", REACHABLE, "S", "tcp 80").src().toString());
    // 10.0.0.0/23 holds no NIC: the lowest external interval that breaks it.
    assertEquals("10.0.1.0", refuted(n, "10.0.0.0/23", REACHABLE, "S", "tcp 80").src().toString());
  }

  @Test
  void ipv6CounterexamplesComeAfterEveryIpv4Class() {
    Network n = net(List.of(isolated("G", in("G", ALLOW, "all", "", "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1,2001:db8::1", "G"));
    Flow f = refuted(n, "internet", REACHABLE, "A", "all");
    assertEquals("2000::", f.src().toString());
    assertEquals("2001:db8::1", f.dst().toString());
    assertEquals(Protocols.TCP, f.protocol());
    assertEquals(1, f.dstPort());
  }

  @Test
  void portsAreTheLowestViolatingClassesWithSourcePort49152First() {
    Network n = net(List.of(isolated("G", in("G", ALLOW, "tcp", "1-1000", "0.0.0.0/0", 1),
            in("G", ALLOW, "tcp", "2000-3000", "0.0.0.0/0", 1),
            Nets.rule("G", dev.sgproof.model.Direction.INGRESS, ALLOW, "tcp", "4000", "1-100",
                "0.0.0.0/0", 1),
            Nets.rule("G", dev.sgproof.model.Direction.INGRESS, ALLOW, "tcp", "4000",
                "40000-60000", "0.0.0.0/0", 1))),
        inst("A", "10.0.0.1", "G"));
    Flow f = refuted(n, "internet", REACHABLE, "A", "tcp");
    assertEquals(1001, f.dstPort());
    assertEquals(49152, f.srcPort());
    Flow g = refuted(n, "internet", REACHABLE, "A", "tcp 4000");
    assertEquals(4000, g.dstPort());
    assertEquals(101, g.srcPort());
  }

  /**
   * The search over the internet's intervals bounds the address by assumptions on the open
   * question: 64 adjacent /24s let the internet in, so the counterexample is the 65th interval,
   * found by gallop and bisection without translating the question again for every bound (the
   * last step, which fixes every field, is the only narrowed question).
   */
  @Test
  void theInternetsIntervalsAreSearchedOnTheOpenQuestion() {
    List<dev.sgproof.model.Rule> rules = new java.util.ArrayList<>();
    for (int i = 0; i < 64; i++) {
      rules.add(in("Srv", ALLOW, "tcp", "80", "1.0." + i + ".0/24", 1));
    }
    Network n = net(List.of(isolated("Srv", rules.toArray(dev.sgproof.model.Rule[]::new))),
        inst("S", "10.1.0.1", "Srv"));
    try (Portfolio e = Engines.portfolio(
        EngineOptions.of(EngineChoice.smt).withEnumerationLimit(0).withDependsOn(false))) {
      Assertion a = assertion("internet", REACHABLE, "S", "tcp 80");
      Verdict v = e.verify(spec(n, a), a).verdict();
      assertEquals(Queries.decide(n, a), v);
      assertEquals("1.0.64.0", assertInstanceOf(Verdict.Refuted.class, v).counterexample().src()
          .toString());
      long narrowed = ((Z3Engine) e.mainEngine()).narrowedQuestions();
      assertTrue(narrowed <= 2, "narrowed questions: " + narrowed);
    }
  }

  @Test
  void closingTwiceIsHarmless() {
    Portfolio e = Engines.portfolio(EngineOptions.of(EngineChoice.smt).withEnumerationLimit(0));
    Network n = net(List.of(basic("G")), inst("A", "10.0.0.1", "G"), inst("B", "10.0.0.2", "G"));
    Assertion a = assertion("A", INTERCONNECTED, "B", "all");
    assertInstanceOf(Verdict.Proved.class, e.check(n, a));
    e.close();
    e.close();
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> e.check(n, a));
  }
}

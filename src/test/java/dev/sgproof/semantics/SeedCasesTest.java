package dev.sgproof.semantics;

import static dev.sgproof.model.GroupType.BASIC;
import static dev.sgproof.model.Policy.INTERCONNECTED;
import static dev.sgproof.model.Policy.ISOLATED;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Flow;
import dev.sgproof.model.Protocols;
import dev.sgproof.testing.NetworkBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every row of the seed case tables listed in semantics.md section 10, one test each. */
class SeedCasesTest {
  private static final String ECS1 = "10.0.0.1";
  private static final String ECS2 = "10.0.0.2";
  private static final String ECS3 = "10.0.0.3";

  /** Representative flows of every protocol class from a to b. */
  private static List<Flow> sample(String a, String b) {
    return List.of(
        Flow.tcp(a, 40000, b, 22),
        Flow.of(a, b, Protocols.UDP, 5353, 53),
        Flow.of(a, b, Protocols.ICMP, 0, 0),
        Flow.of(a, b, Protocols.GRE, 0, 0),
        Flow.of(a, b, 132, 0, 0),
        Flow.of(a, b, 0, 0, 0));
  }

  private static void interconnected(NetworkBuilder b, String x, String y) {
    Evaluator e = b.evaluator();
    for (Flow f : concat(sample(x, y), sample(y, x))) {
      assertTrue(e.evaluate(f).permitted(), () -> f + " should be permitted");
    }
  }

  private static void isolated(NetworkBuilder b, String x, String y) {
    Evaluator e = b.evaluator();
    for (Flow f : concat(sample(x, y), sample(y, x))) {
      assertFalse(e.evaluate(f).permitted(), () -> f + " should be denied");
    }
  }

  private static List<Flow> concat(List<Flow> a, List<Flow> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  // 000: Group1 (isolated) = {ECS1, ECS2}; Group2 (interconnected) = {ECS2, ECS3}.
  private static NetworkBuilder seed000() {
    return new NetworkBuilder()
        .group("Group1", BASIC, ISOLATED)
        .group("Group2", BASIC, INTERCONNECTED)
        .instance("ECS1", ECS1, "Group1")
        .instance("ECS2", ECS2, "Group1", "Group2")
        .instance("ECS3", ECS3, "Group2");
  }

  @Test
  void seed000Ecs1AndEcs2AreIsolatedByGroup1sInternalIsolation() {
    isolated(seed000(), ECS1, ECS2);
  }

  @Test
  void seed000Ecs2AndEcs3AreInterconnectedThroughGroup2() {
    interconnected(seed000(), ECS2, ECS3);
  }

  @Test
  void seed000Ecs1AndEcs3AreIsolatedAsMembersOfDifferentGroups() {
    isolated(seed000(), ECS1, ECS3);
  }

  // 001: Group1 (isolated) = {ECS1, ECS2}; Group2 (interconnected) = {ECS1, ECS2};
  // Group3 (interconnected) = {ECS2, ECS3}.
  private static NetworkBuilder seed001() {
    return new NetworkBuilder()
        .group("Group1", BASIC, ISOLATED)
        .group("Group2", BASIC, INTERCONNECTED)
        .group("Group3", BASIC, INTERCONNECTED)
        .instance("ECS1", ECS1, "Group1", "Group2")
        .instance("ECS2", ECS2, "Group1", "Group2", "Group3")
        .instance("ECS3", ECS3, "Group3");
  }

  @Test
  void seed001Ecs1AndEcs2AreInterconnectedBecauseIsolationHasTheLowestPriority() {
    interconnected(seed001(), ECS1, ECS2);
  }

  @Test
  void seed001Ecs2AndEcs3AreInterconnectedThroughGroup3() {
    interconnected(seed001(), ECS2, ECS3);
  }

  @Test
  void seed001Ecs1AndEcs3AreIsolatedAsMembersOfDifferentGroups() {
    isolated(seed001(), ECS1, ECS3);
  }

  // 002: priorities.
  @Test
  void seed002AnAllowAndADenyOfTheSamePriorityDeny() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("A", BASIC, INTERCONNECTED)
            .rule("ingress allow tcp 22 from 0.0.0.0/0 priority 1")
            .group("B", BASIC, INTERCONNECTED)
            .rule("ingress deny tcp 22 from 0.0.0.0/0 priority 1")
            .instance("ECS1", ECS1, "A", "B");
    assertFalse(b.evaluator().evaluate(Flow.tcp("198.51.100.1", 1, ECS1, 22)).permitted());
  }

  @Test
  void seed002APriority1AllowBeatsAPriority2Deny() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("A", BASIC, INTERCONNECTED)
            .rule("ingress deny tcp 22 from 0.0.0.0/0 priority 2")
            .group("B", BASIC, INTERCONNECTED)
            .rule("ingress allow tcp 22 from 0.0.0.0/0 priority 1")
            .instance("ECS1", ECS1, "A", "B");
    assertTrue(b.evaluator().evaluate(Flow.tcp("198.51.100.1", 1, ECS1, 22)).permitted());
  }

  // 004 scenarios 3, 4, 5 and 8.
  private static Evaluator web(String... rules) {
    NetworkBuilder b = new NetworkBuilder().group("Web", BASIC, INTERCONNECTED);
    for (String r : rules) {
      b.rule(r);
    }
    return b.instance("ECS1", ECS1, "Web").evaluator();
  }

  @Test
  void seed004Scenario3OnlyTheAllowedAddressReachesSsh() {
    Evaluator e = web("ingress allow tcp 22 from 1.2.3.4/32");
    assertTrue(e.evaluate(Flow.tcp("1.2.3.4", 50000, ECS1, 22)).permitted());
    assertFalse(e.evaluate(Flow.tcp("1.2.3.5", 50000, ECS1, 22)).permitted());
    assertFalse(e.evaluate(Flow.tcp("1.2.3.4", 50000, ECS1, 23)).permitted());
  }

  @Test
  void seed004Scenario4TheInstanceReachesOnlyTheAllowedPublicAddresses() {
    Evaluator e =
        web("egress deny all to 0.0.0.0/0 priority 2", "egress allow tcp 443 to 1.2.3.0/24 priority 1");
    assertTrue(e.evaluate(Flow.tcp(ECS1, 50000, "1.2.3.4", 443)).permitted());
    assertFalse(e.evaluate(Flow.tcp(ECS1, 50000, "1.2.3.4", 80)).permitted());
    assertFalse(e.evaluate(Flow.tcp(ECS1, 50000, "5.6.7.8", 443)).permitted());
    assertFalse(e.evaluate(Flow.of(ECS1, "1.2.4.1", Protocols.ICMP, 0, 0)).permitted());
  }

  @Test
  void seed004Scenario5TheInstanceCannotReachTheDeniedPublicAddresses() {
    Evaluator e = web("egress deny all to 1.2.3.4/32 priority 1");
    assertFalse(e.evaluate(Flow.tcp(ECS1, 50000, "1.2.3.4", 443)).permitted());
    assertFalse(e.evaluate(Flow.of(ECS1, "1.2.3.4", Protocols.ICMP, 0, 0)).permitted());
    assertTrue(e.evaluate(Flow.tcp(ECS1, 50000, "1.2.3.5", 443)).permitted());
  }

  @Test
  void seed004Scenario8TheInternetReachesHttpAndHttpsOnly() {
    Evaluator e = web("ingress allow tcp 80,443 from 0.0.0.0/0");
    assertTrue(e.evaluate(Flow.tcp("203.0.113.9", 50000, ECS1, 80)).permitted());
    assertTrue(e.evaluate(Flow.tcp("203.0.113.9", 50000, ECS1, 443)).permitted());
    assertFalse(e.evaluate(Flow.tcp("203.0.113.9", 50000, ECS1, 8080)).permitted());
    assertFalse(e.evaluate(Flow.tcp("203.0.113.9", 50000, ECS1, 22)).permitted());
  }
}

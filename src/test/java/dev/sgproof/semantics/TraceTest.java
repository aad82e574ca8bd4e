package dev.sgproof.semantics;

import static dev.sgproof.model.GroupType.BASIC;
import static dev.sgproof.model.Policy.INTERCONNECTED;
import static dev.sgproof.model.Policy.ISOLATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.model.Flow;
import dev.sgproof.model.Rule;
import dev.sgproof.testing.NetworkBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The trace: which step decided, which rules lost and why, and the describe() line. */
class TraceTest {
  private static final String EXT = "198.51.100.7";

  private static Map<Integer, LostRule.Reason> lostByLine(NicDecision d) {
    return d.lost().stream().collect(Collectors.toMap(l -> l.rule().line(), LostRule::reason));
  }

  @Test
  void theDecidingRuleAndEveryLosingReasonAreReported() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("Web", BASIC, ISOLATED) // line 1
            .rule("ingress allow tcp 22 from any priority 5") // 2: same priority allow, deny won
            .rule("ingress deny tcp 22 from 198.51.100.0/24 priority 5") // 3: decides
            .rule("ingress deny all from 0.0.0.0/0 priority 5") // 4: same decision
            .rule("ingress allow tcp 22 from 198.51.100.7 priority 9") // 5: higher priority won
            .rule("ingress deny tcp 23 from any priority 1") // 6: does not match
            .instance("ECS1", "10.0.0.1", "Web");
    NicDecision d = b.evaluator().evaluate(Flow.tcp(EXT, 1, "10.0.0.1", 22)).steps().get(0);
    Step.CustomRule decider = assertInstanceOf(Step.CustomRule.class, d.decidedBy());
    assertEquals(3, decider.rule().line());
    assertEquals(
        Map.of(
            2, LostRule.Reason.EQUAL_PRIORITY_DENY_WON,
            4, LostRule.Reason.SAME_DECISION,
            5, LostRule.Reason.HIGHER_PRIORITY_WON),
        lostByLine(d));
  }

  @Test
  void theDescribeLineNamesTheGroupLineAndPriorityOfTheDecider() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("Web", BASIC, ISOLATED)
            .rule("ingress allow tcp 80 from any priority 7")
            .rule("ingress deny tcp 80 from any priority 9")
            .instance("ECS1", "10.0.0.1", "Web");
    String line = b.evaluator().evaluate(Flow.tcp(EXT, 1, "10.0.0.1", 80)).trace().get(0);
    assertEquals(
        "ECS1 ingress: allow by the rule of group Web at test.sg:2 priority 7: "
            + "ingress allow tcp 80 from 0.0.0.0/0 priority 7"
            + "; lost: deny rule of group Web at test.sg:3 priority 9 (a higher-priority rule won)",
        line);
  }

  @Test
  void aLineNamesThreeLosersThoseThatWouldHaveDecidedOtherwiseFirstAndCountsTheRest() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("Web", BASIC, ISOLATED) // line 1
            .rule("ingress allow tcp 22 from any priority 1") // 2: decides
            .rule("ingress allow tcp 22 from any priority 2") // 3: same decision, priority 2
            .rule("ingress deny tcp 22 from any priority 4") // 4: the other way, priority 4
            .rule("ingress allow all from any priority 3") // 5: same decision, priority 3
            .rule("ingress deny tcp from any priority 2") // 6: the other way, priority 2
            .instance("ECS1", "10.0.0.1", "Web");
    NicDecision d = b.evaluator().evaluate(Flow.tcp(EXT, 1, "10.0.0.1", 22)).steps().get(0);
    assertEquals(4, d.lost().size(), "every matching rule but the decider lost");
    String lost = " (a higher-priority rule won)";
    assertEquals(
        "ECS1 ingress: allow by the rule of group Web at test.sg:2 priority 1: "
            + "ingress allow tcp 22 from 0.0.0.0/0"
            + "; lost: deny rule of group Web at test.sg:6 priority 2" + lost
            + "; lost: deny rule of group Web at test.sg:4 priority 4" + lost
            + "; lost: allow rule of group Web at test.sg:3 priority 2" + lost
            + "; 1 more rule matched and lost (sgproof explain lists every one)",
        d.describe());
  }

  @Test
  void aDenyLineNamesTheAllowsThatLostFirstAndSaysHowManyMoreLost() {
    NetworkBuilder b = new NetworkBuilder().group("Db", BASIC, ISOLATED)
        .rule("ingress deny tcp 5432 from any priority 1"); // line 2: decides
    for (int p = 2; p <= 9; p++) {
      b.rule("ingress " + (p % 2 == 0 ? "deny" : "allow") + " tcp 5432 from any priority " + p);
    }
    b.instance("DB1", "10.0.0.1", "Db");
    String line = b.evaluator().evaluate(Flow.tcp(EXT, 1, "10.0.0.1", 5432)).trace().get(0);
    assertTrue(line.contains("; lost: allow rule of group Db at test.sg:4 priority 3 (a higher-"
        + "priority rule won); lost: allow rule of group Db at test.sg:6 priority 5 (a higher-"
        + "priority rule won); lost: allow rule of group Db at test.sg:8 priority 7 (a higher-"
        + "priority rule won); 5 more rules matched and lost (sgproof explain lists every one)"),
        line);
    assertEquals(3, line.split("; lost: ", -1).length - 1, line);
  }

  @Test
  void theIntraGroupAllowIsTheDeciderAndEveryMatchingRuleLosesToIt() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("App", BASIC, INTERCONNECTED)
            .rule("ingress deny all from any priority 1")
            .rule("ingress allow tcp 22 from group App")
            .instance("A", "10.0.0.1", "App")
            .instance("B", "10.0.0.2", "App");
    NicDecision d =
        b.evaluator().evaluate(Flow.tcp("10.0.0.1", 1, "10.0.0.2", 22)).steps().get(1);
    Step.IntraGroup ig = assertInstanceOf(Step.IntraGroup.class, d.decidedBy());
    assertEquals("App", ig.group().name());
    assertEquals("A", ig.sourceNic().id());
    assertEquals(2, d.lost().size(), "the v4 half of `any` and the group rule");
    assertTrue(d.lost().stream().allMatch(l -> l.reason() == LostRule.Reason.INTRA_GROUP_ALLOW_WON));
    assertEquals(
        "B ingress: allow (intra-group allow through group App: A is a member too)"
            + "; lost: deny rule of group Web at test.sg:2 priority 1 (the intra-group allow comes first)"
                .replace("Web", "App")
            + "; lost: allow rule of group App at test.sg:3 priority 1 (the intra-group allow comes first)",
        d.describe());
  }

  @Test
  void aLegacyRuleIsDescribedAsTheLegacyDefaultRuleOfItsGroup() {
    NetworkBuilder b =
        new NetworkBuilder().group("L", BASIC, ISOLATED).legacyDefault().instance("X", "10.0.0.1", "L");
    NicDecision d = b.evaluator().evaluate(Flow.tcp(EXT, 1, "10.0.0.1", 22)).steps().get(0);
    Rule r = assertInstanceOf(Step.CustomRule.class, d.decidedBy()).rule();
    assertTrue(r.legacy());
    assertEquals(110, r.priority());
    assertTrue(
        d.describe()
            .startsWith("X ingress: allow by the legacy default rule of group L at test.sg:1 priority 110"),
        d.describe());
  }

  @Test
  void theDefaultStepSaysNoRuleMatched() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("V", dev.sgproof.model.GroupType.ADVANCED, ISOLATED)
            .instance("X", "10.0.0.1", "V");
    List<String> trace = b.evaluator().evaluate(Flow.tcp("10.0.0.1", 1, EXT, 22)).trace();
    assertEquals(
        List.of("X egress: deny by the default of an advanced group (no rule matched)"), trace);
  }

  @Test
  void aTraceListsEgressAtTheSourceBeforeIngressAtTheDestination() {
    NetworkBuilder b =
        new NetworkBuilder()
            .group("G", BASIC, ISOLATED)
            .instance("A", "10.0.0.1", "G")
            .instance("B", "10.0.0.2", "G");
    assertEquals(
        List.of(
            "A egress: allow by the default of a basic group (no rule matched)",
            "B ingress: deny by the default of a basic group (no rule matched)"),
        b.evaluator().evaluate(Flow.tcp("10.0.0.1", 1, "10.0.0.2", 22)).trace());
  }
}

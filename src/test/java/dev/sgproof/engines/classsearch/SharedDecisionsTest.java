package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceText;
import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the questions asked of one verdict after its check share (issue 15 item 2): the violating
 * flows, the deciding rules and the first dependsOn search read the same decisions of the network
 * as it is, so each combination is built once per problem; and a decision stops at the first
 * priority after which every class is decided. Checked by operation counts and by the answers,
 * which must be those of a fresh engine asked one question.
 */
class SharedDecisionsTest {

  private static final String NETWORK = String.join("\n",
      "group Web {",
      "  ingress allow tcp 80,443 from 0.0.0.0/0",
      "  ingress deny tcp 22 from 10.0.0.0/8 priority 5",
      "  ingress allow tcp 22 from 10.1.0.0/16 priority 10",
      "  ingress allow udp 53 from group Web",
      "  egress deny tcp 25 to 0.0.0.0/0",
      "}",
      "group Db {",
      "  ingress allow tcp 5432 from group Web",
      "  ingress allow icmp from 10.0.0.0/8",
      "}",
      "instance web1 ip 10.1.0.10 in Web",
      "instance web2 ip 10.1.0.11, 2001:db8::11 in Web",
      "instance db ip 10.2.0.5 in Db",
      "");

  private static Problem problem(String assertion) {
    Spec spec = SpecLoader.load(new SourceText("shared.sg", NETWORK + assertion + "\n")).spec();
    return Problem.of(spec.network(), spec.assertions().get(0));
  }

  private static List<FlowSet> violating(ClassSearchEngine engine, Problem p, FlowSpace space) {
    List<FlowSet> out = new ArrayList<>();
    for (Obligation o : p.obligations()) {
      out.add(engine.violating(p, o, space));
    }
    return out;
  }

  @Test
  void theDecidingRulesOfARefutationReuseTheCombinationsOfItsViolations() {
    Problem p = problem("assert 10.0.0.0/8 -> group Web unreachable");
    ClassSearchEngine engine = new ClassSearchEngine();
    assertTrue(engine.decide(p, p.obligations().get(0)) instanceof Outcome.Broken);
    FlowSpace space = new FlowSpace();
    List<FlowSet> sets = violating(engine, p, space);
    long built = engine.combinationsBuilt();
    List<Rule> deciding = engine.decidedBy(p);
    assertEquals(built, engine.combinationsBuilt(), "decidedBy built combinations again");
    assertFalse(deciding.isEmpty());
    // The answers are those of engines asked one question each.
    assertEquals(new ClassSearchEngine().decidedBy(p), deciding);
    ClassSearchEngine fresh = new ClassSearchEngine();
    FlowSpace other = new FlowSpace();
    List<FlowSet> again = violating(fresh, p, other);
    for (int i = 0; i < sets.size(); i++) {
      assertEquals(sets.get(i).boxes(1_000), again.get(i).boxes(1_000));
    }
  }

  @Test
  void theDecidingRulesOfAProofReuseTheFirstDependsOnSearch() {
    Problem p = problem("assert 203.0.113.0/24 -> group Web unreachable tcp 22");
    ClassSearchEngine engine = new ClassSearchEngine();
    assertEquals(Outcome.HOLDS, engine.decide(p, p.obligations().get(0)));
    List<Rule> deps = engine.dependsOn(p);
    long built = engine.combinationsBuilt();
    List<Rule> deciding = engine.decidedBy(p);
    assertEquals(built, engine.combinationsBuilt(), "decidedBy built combinations again");
    assertEquals(new ClassSearchEngine().decidedBy(p), deciding);
    assertEquals(new ClassSearchEngine().dependsOn(p), deps);
  }

  @Test
  void aNewProblemGetsItsOwnDecisions() {
    ClassSearchEngine engine = new ClassSearchEngine();
    Problem first = problem("assert 10.0.0.0/8 -> group Web unreachable");
    Problem second = problem("assert 10.0.0.0/8 -> db reachable tcp 5432");
    engine.decidedBy(first);
    assertEquals(new ClassSearchEngine().decidedBy(second), engine.decidedBy(second));
  }

  /**
   * 100 allow rules at 100 priorities, every one matching the one source class: the first decides
   * it, and no later one is applied (they were, one by one, for every decision).
   */
  @Test
  void aDecisionStopsOnceEveryClassIsDecided() {
    StringBuilder text = new StringBuilder("group Web {\n");
    for (int i = 1; i <= 100; i++) {
      text.append("  ingress allow tcp 80 from 0.0.0.0/0 priority ").append(i).append('\n');
    }
    text.append("}\ninstance web ip 10.0.0.1 in Web\ninstance app ip 10.0.0.2 in Web\n")
        .append("assert app -> web reachable tcp 80\n");
    Spec spec = SpecLoader.load(new SourceText("levels.sg", text.toString())).spec();
    Problem p = Problem.of(spec.network(), spec.assertions().get(0));
    // Set by set (the compiled policy, which decides so small an obligation, applies no rule).
    ClassSearchEngine engine = new ClassSearchEngine(ClassSearchEngine.KEEP_UNIVERSES_FROM,
        Combination.TRANSPOSE_ABOVE, 0);
    assertEquals(Outcome.HOLDS, engine.decide(p, p.obligations().get(0)));
    assertTrue(engine.rulesApplied() > 0);
    assertTrue(engine.rulesApplied() <= 4, engine.rulesApplied() + " rules applied");
  }
}

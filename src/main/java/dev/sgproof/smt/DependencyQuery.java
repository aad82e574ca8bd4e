package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether some flow answers any of a proof's questions with only some rules enabled (one enable
 * literal per encoded rule, assumed true for kept rules and false for deleted ones), and which
 * kept rules the unsat core names when none does. Used by one thread while its session's context
 * is open.
 */
public final class DependencyQuery {
  private final SmtSession session;
  private final int generation;
  private final SolverPool t;
  private final BoolExpr guard;
  private final List<Rule> all;
  private final Map<String, Rule> byLiteral = new HashMap<>();

  DependencyQuery(SmtSession session, int generation, SolverPool t, List<Violation> vs) {
    this.session = session;
    this.generation = generation;
    this.t = t;
    NetworkTerms terms = t.terms();
    FlowTerms f = terms.flow();
    List<BoolExpr> broken = new ArrayList<>();
    for (Violation v : vs) {
      broken.add(ViolationTerms.violation(terms, v));
    }
    this.guard = t.freshGuard();
    t.direct().add(f.implies(guard, f.or(broken)));
    this.all = terms.encodedRules();
    for (Rule r : all) {
      byLiteral.put(terms.enableLiteral(r).getFuncDecl().getName().toString(), r);
    }
  }

  /**
   * The rules the questions' terms mention (those of the NICs they involve, and of NICs earlier
   * queries of this translation involved), in spec order: the only rules that can matter.
   */
  public List<Rule> encodedRules() {
    return all;
  }

  /**
   * With only the {@code kept} rules of {@link #encodedRules} enabled: when no flow answers any
   * question, the kept rules whose literals are in the unsat core (deleting any other kept rule
   * leaves the core, so the answer, intact); empty when a flow does or the solver cannot decide.
   */
  public Optional<Set<Rule>> holdsWith(Set<Rule> kept) {
    session.checkCurrent(generation);
    NetworkTerms terms = t.terms();
    BoolExpr[] assumptions = new BoolExpr[all.size() + 1];
    assumptions[0] = guard;
    for (int i = 0; i < all.size(); i++) {
      Rule r = all.get(i);
      BoolExpr lit = terms.enableLiteral(r);
      assumptions[i + 1] = kept.contains(r) ? lit : terms.flow().not(lit);
    }
    if (Answer.of(t.direct().check(assumptions)) != Answer.HOLDS) {
      return Optional.empty();
    }
    Set<Rule> inCore = Collections.newSetFromMap(new IdentityHashMap<>());
    for (BoolExpr c : t.direct().getUnsatCore()) {
      if (c.isConst()) {
        Rule r = byLiteral.get(c.getFuncDecl().getName().toString());
        if (r != null && kept.contains(r)) {
          inCore.add(r);
        }
      }
    }
    return Optional.of(inCore);
  }
}

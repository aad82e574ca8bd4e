package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Solver;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether some flow answers any of a proof's questions with only some rules enabled (one enable
 * literal per rule the questions' translation keeps, assumed true for kept rules and false for
 * deleted ones), and which kept rules the unsat core names when none does. Used by one thread
 * while its session's context is open; it has a solver of its own.
 */
public final class DependencyQuery {
  private final SmtSession session;
  private final int generation;
  private final FlowTerms f;
  private final Solver solver;
  private final NetworkShape shape;
  private final List<Rule> all;
  private final Map<String, Rule> byLiteral = new HashMap<>();

  DependencyQuery(SmtSession session, int generation, FlowTerms f, Solver solver,
      NetworkShape shape, List<Violation> vs) {
    this.session = session;
    this.generation = generation;
    this.f = f;
    this.solver = solver;
    this.shape = shape;
    List<BoolExpr> broken = new ArrayList<>();
    Set<Rule> rules = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Violation v : vs) {
      ViolationTerms.Tracked t = ViolationTerms.tracked(f, shape, v);
      broken.add(t.term());
      rules.addAll(t.rules());
    }
    solver.add(f.or(broken));
    List<Rule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparingInt(shape::index));
    this.all = List.copyOf(sorted);
    for (Rule r : all) {
      byLiteral.put(literal(r).getFuncDecl().getName().toString(), r);
    }
  }

  private BoolExpr literal(Rule r) {
    return ViolationTerms.enableLiteral(f, shape.index(r));
  }

  /**
   * The rules the questions' translation keeps (those that can match a flow of some question at a
   * NIC it involves), in spec order: the only rules that can matter.
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
    BoolExpr[] assumptions = new BoolExpr[all.size()];
    for (int i = 0; i < all.size(); i++) {
      Rule r = all.get(i);
      BoolExpr lit = literal(r);
      assumptions[i] = kept.contains(r) ? lit : f.not(lit);
    }
    if (Answer.of(solver.check(assumptions)) != Answer.HOLDS) {
      return Optional.empty();
    }
    Set<Rule> inCore = Collections.newSetFromMap(new IdentityHashMap<>());
    for (BoolExpr c : solver.getUnsatCore()) {
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

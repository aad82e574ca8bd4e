package dev.sgproof.smt;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Model;
import com.microsoft.z3.Solver;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One open question ({@link SmtSession#violation}): its clauses sit in a solver under a guard
 * literal, and every check assumes the guard and the given constraints (nothing else is asserted).
 * Closing retires the guard. Used by one thread, while its session's context is open.
 */
public final class ViolationQuery implements AutoCloseable {
  private final SmtSession session;
  private final int generation;
  private final FlowTerms f;
  private final Solver solver;
  private final BoolExpr guard;
  /** Constraint terms by the constraint's identity (callers pass the same ones again and again). */
  private final Map<FlowConstraint, BoolExpr> terms = new IdentityHashMap<>();
  private boolean closed;

  ViolationQuery(SmtSession session, int generation, FlowTerms f, Solver solver, BoolExpr guard) {
    this.session = session;
    this.generation = generation;
    this.f = f;
    this.solver = solver;
    this.guard = guard;
  }

  /** Whether some flow answers the question under the constraints. */
  public Answer check(List<FlowConstraint> assumptions) {
    session.checkCurrent(generation);
    if (closed) {
      throw new IllegalStateException("the query is closed");
    }
    BoolExpr[] a = new BoolExpr[assumptions.size() + 1];
    a[0] = guard;
    for (int i = 0; i < assumptions.size(); i++) {
      a[i + 1] = terms.computeIfAbsent(assumptions.get(i), c -> ConstraintTerms.of(f, c));
    }
    return Answer.of(solver.check(a));
  }

  /**
   * A flow that answers the question under the constraints, as the solver's model has it; empty
   * when the solver finds none or cannot decide.
   */
  public Optional<Flow> model(List<FlowConstraint> assumptions) {
    if (check(assumptions) != Answer.BROKEN) {
      return Optional.empty();
    }
    Model m = solver.getModel();
    return Optional.of(new Flow(address(m, Side.SRC), address(m, Side.DST), intValue(m, f.proto),
        intValue(m, f.sport), intValue(m, f.dport)));
  }

  /** Why the last check was undecided, in the solver's words (may be blank). */
  public String reasonUnknown() {
    String r = solver.getReasonUnknown();
    return r == null ? "" : r;
  }

  private static int intValue(Model m, BitVecExpr x) {
    return ((BitVecNum) m.eval(x, true)).getInt();
  }

  private IpAddress address(Model m, Side side) {
    IpVersion v = m.eval(f.v6, true).isTrue() ? IpVersion.V6 : IpVersion.V4;
    BigInteger value = ((BitVecNum) m.eval(f.address(side), true)).getBigInteger();
    return IpAddress.of(v, value);
  }

  /** Retires the question's clauses; closing twice is harmless. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      session.checkCurrent(generation);
      solver.add(f.not(guard)); // this query is done: retire its clauses
    }
  }
}

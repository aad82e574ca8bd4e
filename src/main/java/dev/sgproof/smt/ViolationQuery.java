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
 * One open question ({@link SmtSession#violation}): its term (and the constraints it was narrowed
 * by) is asserted in a scope of the session's solver, and every check assumes the given
 * constraints (never asserted). Closing pops the scope. Used by one thread, while its session's
 * context is open.
 */
public final class ViolationQuery implements AutoCloseable {
  private final SmtSession session;
  private final int generation;
  private final FlowTerms f;
  private final Solver solver;
  /** Constraint terms by the constraint's identity (callers pass the same ones again and again). */
  private final Map<FlowConstraint, BoolExpr> terms = new IdentityHashMap<>();
  private boolean closed;

  ViolationQuery(SmtSession session, int generation, FlowTerms f, Solver solver) {
    this.session = session;
    this.generation = generation;
    this.f = f;
    this.solver = solver;
  }

  /** Whether some flow answers the question under the constraints. */
  public Answer check(List<FlowConstraint> assumptions) {
    session.checkCurrent(generation);
    if (closed) {
      throw new IllegalStateException("the query is closed");
    }
    BoolExpr[] a = new BoolExpr[assumptions.size()];
    for (int i = 0; i < assumptions.size(); i++) {
      FlowConstraint c = assumptions.get(i);
      BoolExpr t = terms.get(c);
      if (t == null) {
        t = ConstraintTerms.of(f, c);
        terms.put(c, t);
      }
      a[i] = t;
    }
    return Answer.of(solver.check(a));
  }

  /**
   * A flow that answers the question under the constraints, as the solver's model has it; empty
   * when the solver finds none or cannot decide, and when the model it gives is not a flow (seen
   * when a check at a very short time limit reported sat with an incomplete model: the caller
   * then has no counterexample, never a wrong one; a refutation is replayed in the evaluator).
   */
  public Optional<Flow> model(List<FlowConstraint> assumptions) {
    if (check(assumptions) != Answer.BROKEN) {
      return Optional.empty();
    }
    Model m = solver.getModel();
    try {
      return Optional.of(new Flow(address(m, Side.SRC), address(m, Side.DST),
          intValue(m, f.proto), intValue(m, f.sport), intValue(m, f.dport)));
    } catch (IllegalArgumentException notAFlow) {
      return Optional.empty();
    }
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

  /** Pops the question's scope; closing twice is harmless. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      session.release(generation);
    }
  }
}

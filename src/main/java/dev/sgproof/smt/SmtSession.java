package dev.sgproof.smt;

import com.microsoft.z3.Context;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import dev.sgproof.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point of {@code smt}: one Z3 {@link Context} and one incremental solver, owned by one
 * thread at a time, that translate questions and answer them. Nothing Z3 leaves it: questions are
 * {@link Violation}s and {@link FlowConstraint}s, answers are {@link Answer}s, models are decoded
 * into plain flows.
 *
 * <p>Each question is translated on its own from what it touches ({@link ViolationTerms}) and
 * asserted in a new scope of the one solver (push); every narrower check of it passes its
 * constraints as assumptions, and closing the question pops the scope. The solver holds only the
 * flow domain between questions. What a network's translation needs beyond Z3 ({@link
 * NetworkShape}: its group sets and sorted addresses) is computed once per network (the two most
 * recent networks are kept, by identity, so that questions about a variant of a network do not drop
 * the network's own). The context is closed and opened afresh after {@link #RECYCLE_AFTER}
 * questions: Z3 keeps the native memory of dropped terms, and a fresh context returns it all.
 * Closing twice is harmless.
 */
public final class SmtSession implements AutoCloseable {
  /** The context is closed and opened afresh after this many questions (flat native memory). */
  static final int RECYCLE_AFTER = 500;
  /** Network shapes kept (a network and a variant of it). */
  private static final int KEPT_NETWORKS = 2;

  private final int timeoutMillis;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Context ctx;
  private FlowTerms flow;
  private Solver solver;
  /** Counts contexts, so that a query of a closed one is caught. */
  private int generation;
  private long sinceRecycle;
  private boolean open;
  /** Shapes of recent networks, most recently used last. */
  private final List<NetworkShape> shapes = new ArrayList<>();

  /** @param timeoutMillis the solver's time limit for one query, at least 1 */
  public SmtSession(int timeoutMillis) {
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeout " + timeoutMillis);
    }
    this.timeoutMillis = timeoutMillis;
    openContext();
  }

  private void openContext() {
    ctx = new Context(Map.of("model", "true"));
    flow = new FlowTerms(ctx);
    solver = newSolver(ctx, flow, timeoutMillis);
  }

  /** A solver for QF_BV with the time limit and the flow domain. */
  static Solver newSolver(Context ctx, FlowTerms f, int timeoutMillis) {
    // For QF_BV Z3 answers incremental use (scopes, assumptions) by bit-blasting into its SAT
    // solver, not with its SMT core: on a question over a thousand group sets of the account
    // spec, 1 s against 15 s for the first answer.
    Solver s = ctx.mkSolver("QF_BV");
    Params p = ctx.mkParams();
    p.add("timeout", timeoutMillis);
    s.setParameters(p);
    s.add(f.domain());
    return s;
  }

  public int timeoutMillis() {
    return timeoutMillis;
  }

  /**
   * Asks whether some flow answers the question on the network. The query stays open for
   * narrower checks ({@link ViolationQuery#check}) until closed; close it before the next one.
   */
  public ViolationQuery violation(Network n, Violation v) {
    return violation(n, v, List.of());
  }

  /**
   * {@link #violation(Network, Violation)} narrowed to the flows that meet every constraint of
   * {@code within}: they are part of the question, and the translation leaves out what they rule
   * out (other protocols' and ports' rules, the NICs of addresses they exclude), so a question
   * narrowed to a few NICs of a large endpoint is a small one.
   */
  public ViolationQuery violation(Network n, Violation v, List<FlowConstraint> within) {
    beginQuestion();
    if (open) {
      throw new IllegalStateException("the previous question is still open");
    }
    NetworkShape s = shape(n);
    solver.push();
    open = true;
    solver.add(ViolationTerms.violation(flow, s, v, within));
    return new ViolationQuery(this, generation, flow, solver);
  }

  /**
   * A query for the rules a proof depends on: whether any of the questions has an answer on the
   * network with only some of its rules enabled. It has a solver of its own.
   */
  public DependencyQuery dependencies(Network n, List<Violation> vs) {
    beginQuestion();
    return new DependencyQuery(this, generation, flow, newSolver(ctx, flow, timeoutMillis),
        shape(n), vs);
  }

  private void beginQuestion() {
    checkOpen();
    if (++sinceRecycle > RECYCLE_AFTER && !open) {
      ctx.close();
      generation++;
      openContext();
      sinceRecycle = 1;
    }
  }

  /** The question of the current scope is done. */
  void release(int queryGeneration) {
    checkCurrent(queryGeneration);
    if (open) {
      solver.pop();
      open = false;
    }
  }

  NetworkShape shape(Network n) {
    for (int i = 0; i < shapes.size(); i++) {
      NetworkShape s = shapes.get(i);
      if (s.network() == n) {
        shapes.remove(i);
        shapes.add(s);
        return s;
      }
    }
    if (shapes.size() == KEPT_NETWORKS) {
      shapes.remove(0);
    }
    NetworkShape s = new NetworkShape(n);
    shapes.add(s);
    return s;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the SMT session is closed");
    }
  }

  /** Throws unless the query's context is still the open one. */
  void checkCurrent(int queryGeneration) {
    checkOpen();
    if (queryGeneration != generation) {
      throw new IllegalStateException("the query's context was recycled");
    }
  }

  /** Releases the Z3 context; closing twice is harmless. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      shapes.clear();
      ctx.close();
    }
  }
}

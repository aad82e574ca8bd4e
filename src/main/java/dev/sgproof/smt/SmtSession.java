package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import dev.sgproof.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point of {@code smt}: one Z3 {@link Context}, owned by one thread at a time, that
 * translates networks and answers questions about them. Nothing Z3 leaves it: questions are
 * {@link Violation}s and {@link FlowConstraint}s, answers are {@link Answer}s, models are decoded
 * into plain flows.
 *
 * <p>The translation of a network is built once per context and reused by every question on that
 * network (the two most recent networks are kept, by identity, so that questions about a variant
 * of a network do not drop the network's own). The context is closed and opened afresh after
 * {@link #RECYCLE_AFTER} questions: Z3 keeps the native memory of dropped solvers and terms, and
 * a fresh context returns it all. Closing twice is harmless.
 */
public final class SmtSession implements AutoCloseable {
  /** The context is closed and opened afresh after this many questions (flat native memory). */
  static final int RECYCLE_AFTER = 500;
  /** The tracked (dependsOn) translation is rebuilt after this many uses. */
  private static final int REBUILD_AFTER = 64;
  /** Translations kept per context (a network and a variant of it). */
  private static final int KEPT_NETWORKS = 2;

  private final int timeoutMillis;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Context ctx;
  /** Counts contexts, so that a query of a closed one is caught. */
  private int generation;
  private long sinceRecycle;
  /** Pooled translations, most recently used last. */
  private final List<SolverPool> pools = new ArrayList<>();
  private SolverPool tracked;
  private int trackedUses;

  /** @param timeoutMillis the solver's time limit for one query, at least 1 */
  public SmtSession(int timeoutMillis) {
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeout " + timeoutMillis);
    }
    this.timeoutMillis = timeoutMillis;
    this.ctx = newContext();
  }

  private static Context newContext() {
    return new Context(Map.of("model", "true"));
  }

  public int timeoutMillis() {
    return timeoutMillis;
  }

  /**
   * Asks whether some flow answers the question on the network. The query stays open for
   * narrower checks ({@link ViolationQuery#check}) until closed; close it before the next one.
   */
  public ViolationQuery violation(Network n, Violation v) {
    checkOpen();
    if (++sinceRecycle > RECYCLE_AFTER) {
      ctx.close();
      ctx = newContext();
      generation++;
      pools.clear();
      tracked = null;
      sinceRecycle = 1;
    }
    SolverPool p = pool(n);
    BoolExpr guard = p.freshGuard();
    SolverPool.Placed q = p.forQuery(() -> ViolationTerms.violation(p.terms(), v));
    FlowTerms f = p.terms().flow();
    q.solver().add(f.implies(guard, q.term()));
    return new ViolationQuery(this, generation, f, q.solver(), guard);
  }

  /**
   * A query for the rules a proof depends on: whether any of the questions has an answer on the
   * network with only some of its rules enabled.
   */
  public DependencyQuery dependencies(Network n, List<Violation> vs) {
    checkOpen();
    if (++trackedUses > REBUILD_AFTER || tracked != null && tracked.terms().network() != n) {
      tracked = null; // its guarded queries accumulate: start afresh now and then
    }
    if (tracked == null) {
      tracked = new SolverPool(ctx, new NetworkTerms(ctx, n, true), timeoutMillis);
      tracked.direct();
      trackedUses = 0;
    }
    return new DependencyQuery(this, generation, tracked, vs);
  }

  private SolverPool pool(Network n) {
    for (int i = 0; i < pools.size(); i++) {
      SolverPool p = pools.get(i);
      if (p.terms().network() == n) {
        pools.remove(i);
        pools.add(p);
        return p;
      }
    }
    if (pools.size() == KEPT_NETWORKS) {
      pools.remove(0);
    }
    SolverPool p = new SolverPool(ctx, new NetworkTerms(ctx, n, false), timeoutMillis);
    pools.add(p);
    return p;
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
      pools.clear();
      tracked = null;
      ctx.close();
    }
  }
}

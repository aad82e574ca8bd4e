package dev.sgproof.engines;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.smt.SolverVersion;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * The one factory every command gets its engines from, and the one worker pool they run on. A
 * batch of work (the assertions of a spec) is spread over at most {@code jobs} workers; each
 * worker builds its own {@link Portfolio} from the run's {@link EngineOptions} (so an engine, a Z3
 * context, never crosses threads and its caches are its own), takes the next item until none is
 * left, and closes the portfolio. Every refutation is replayed in the concrete evaluator ({@link
 * dev.sgproof.query.Replay}) before it is returned.
 */
public final class Engines implements AutoCloseable {
  private final int jobs;
  private final long rampMillis;
  private final ExecutorService pool;

  /** @param jobs the number of worker threads, at least 1 */
  public Engines(int jobs) {
    this(jobs, RAMP_MILLIS);
  }

  /** @param rampMillis how long workers after the first wait ({@link #RAMP_MILLIS}; tests) */
  Engines(int jobs, long rampMillis) {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs " + jobs);
    }
    this.jobs = jobs;
    this.rampMillis = rampMillis;
    AtomicInteger made = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(jobs, r -> {
      Thread t = new Thread(r, "sgproof-worker-" + made.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public int jobs() {
    return jobs;
  }

  /** A portfolio for the caller's own thread (close it). */
  public static Portfolio portfolio(EngineOptions options) {
    return new Portfolio(options);
  }

  /** The version of the bundled Z3, for proof records. */
  public static String solverVersion() {
    return SolverVersion.z3();
  }

  /**
   * Verifies every assertion of the spec, each worker's engines prepared for its network first
   * ({@link Portfolio#prepare}); results in file order.
   *
   * @param onChecked called once per assertion as soon as it is checked, from the worker thread
   *     that checked it (so concurrently when {@code jobs > 1}: it must be thread-safe and quick);
   *     for progress reports, never for results
   * @throws dev.sgproof.query.DisagreementException when the evaluator does not confirm a
   *     refutation; any exception or error of a worker is rethrown as it is, after every worker
   *     has stopped and closed its engines
   */
  public List<AssertionResult> verify(
      Spec spec, EngineOptions options, Consumer<AssertionResult> onChecked) {
    return verify(spec, () -> new Portfolio(options), onChecked);
  }

  /**
   * {@link #verify(Spec, EngineOptions, Consumer)}, each result also handed to {@code onResult}
   * with its index in the spec's assertions as soon as it is made (from the worker thread that
   * made it, after {@code onChecked}): for a report written in file order while the rest is being
   * verified.
   */
  public List<AssertionResult> verify(Spec spec, EngineOptions options,
      Consumer<AssertionResult> onChecked, ObjIntConsumer<AssertionResult> onResult) {
    return verify(spec, () -> new Portfolio(options), onChecked, onResult);
  }

  /** {@link #verify(Spec, EngineOptions, Consumer)} with the given portfolios (tests). */
  List<AssertionResult> verify(
      Spec spec, Supplier<Portfolio> portfolios, Consumer<AssertionResult> onChecked) {
    return verify(spec, portfolios, onChecked, (r, i) -> { });
  }

  private List<AssertionResult> verify(Spec spec, Supplier<Portfolio> portfolios,
      Consumer<AssertionResult> onChecked, ObjIntConsumer<AssertionResult> onResult) {
    List<Assertion> all = spec.assertions();
    AssertionResult[] results = new AssertionResult[all.size()];
    Batch b = start(portfolios, all.size(), p -> p.prepare(spec.network()), (i, p) -> {
      Assertion a = all.get(i);
      results[i] = p.verify(spec, a);
      onChecked.accept(results[i]);
      onResult.accept(results[i], i);
    });
    b.awaitUninterruptibly();
    Throwable t = b.failure().orElse(null);
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error e) {
      throw e; // out of memory, say: as it is, for the command line to report
    }
    return List.of(results);
  }

  /** One item of a batch, on a worker's portfolio. */
  public interface Task {
    void run(int index, Portfolio p);
  }

  /**
   * Starts work on the pool: at most {@code jobs} workers (no more than there are items, so none
   * for none; those after the first join {@link #RAMP_MILLIS} later if items are left), each with
   * a portfolio of its own that {@code prepare} is called on first, then {@code task} for items
   * {@code 0..count-1}, each exactly once, until none is left or the batch is stopped. The first
   * exception or error a task throws stops the batch and is kept ({@link Batch#failure}).
   */
  public Batch start(EngineOptions options, int count, Consumer<Portfolio> prepare, Task task) {
    return start(() -> new Portfolio(options), count, prepare, task);
  }

  private Batch start(Supplier<Portfolio> portfolios, int count, Consumer<Portfolio> prepare,
      Task task) {
    int workers = Math.min(jobs, count);
    Batch b = new Batch(workers);
    for (int w = 0; w < workers; w++) {
      boolean first = w == 0;
      pool.execute(() -> {
        try {
          if (!first && (b.drained.await(rampMillis, TimeUnit.MILLISECONDS) || b.stop.get())) {
            return; // every item taken before this worker was worth starting, or stopped
          }
          try (Portfolio p = portfolios.get()) {
            prepare.accept(p);
            for (int i = b.next.getAndIncrement(); i < count && !b.stop.get();
                i = b.next.getAndIncrement()) {
              task.run(i, p);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // the pool is shutting down: take nothing more
        } catch (RuntimeException | Error e) {
          b.failure.compareAndSet(null, e);
          b.stop.set(true);
        } finally {
          b.drained.countDown(); // no item left for a worker that starts now
          b.done.countDown();
        }
      });
    }
    return b;
  }

  /**
   * Workers after the first start this long after it, unless it has taken every item by then. A
   * worker pays for its own engines and caches first (the class search's compiled policy, each
   * engine's warm-up: about 20-40 ms on the nicpair preset) and shares the cores with the JIT
   * compiler early on, so on a batch that one worker finishes in this time (the bundled specs,
   * the nicpair preset's 1,000 assertions) a second one only adds CPU and wall time; on a longer
   * batch this is all it loses.
   */
  static final long RAMP_MILLIS = 150;

  /** Work running on the pool. */
  public static final class Batch {
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch done;
    /** Counted down when a worker finishes: from then on no item is left to take. */
    private final CountDownLatch drained = new CountDownLatch(1);

    private Batch(int workers) {
      this.done = new CountDownLatch(workers);
    }

    /** Asks the workers to take no further item (each finishes the one it is on). */
    public void stop() {
      stop.set(true);
    }

    /** Waits until every worker is done; false when the time ran out first. */
    public boolean await(long millis) throws InterruptedException {
      return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits until every worker is done. */
    public void await() throws InterruptedException {
      done.await();
    }

    private void awaitUninterruptibly() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          stop();
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    /** The first exception or error a task threw, if any. */
    public Optional<Throwable> failure() {
      return Optional.ofNullable(failure.get());
    }
  }

  /** Stops the workers (a batch still running is abandoned; the threads are daemons). */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}

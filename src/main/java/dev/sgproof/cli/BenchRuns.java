package dev.sgproof.cli;

import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.engines.Portfolio;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measuring part of {@code sgproof bench}: the engines of one choice over a spec's assertions
 * on the one worker pool ({@link Engines}), timed per assertion; or one portfolio over and over.
 */
final class BenchRuns {
  /** One engine's run: per assertion, its verdict and solve time (null when not finished). */
  record Run(
      EngineChoice engine,
      long encodeNanos,
      String[] verdicts,
      long[] solveNanos,
      int finished,
      long heapPeak,
      long rssPeak,
      String note,
      Throwable failure) {}

  private final Engines engines;
  private final double exhaustiveBudget;

  /** @param exhaustiveBudget seconds after which an exhaustive run is abandoned */
  BenchRuns(Engines engines, double exhaustiveBudget) {
    this.engines = engines;
    this.exhaustiveBudget = exhaustiveBudget;
  }

  /**
   * Every assertion of the spec, each worker preparing its portfolio for the network first
   * (timed: "encode", the slowest worker's) and then timing each assertion it checks (a
   * refutation replayed included). The exhaustive engine is abandoned after its budget.
   */
  Run run(EngineOptions options, Spec s) {
    List<Assertion> all = s.assertions();
    int n = all.size();
    String[] verdicts = new String[n];
    long[] solve = new long[n];
    AtomicLong encode = new AtomicLong();
    EngineChoice engine = options.engine();
    System.gc();
    BenchMemory.resetPeaks();
    Engines.Batch b = engines.start(options, n, p -> {
      long t1 = System.nanoTime();
      p.prepare(s.network());
      encode.accumulateAndGet(System.nanoTime() - t1, Math::max);
    }, (i, p) -> {
      long t1 = System.nanoTime();
      AssertionResult res = p.verify(s, all.get(i));
      solve[i] = System.nanoTime() - t1;
      synchronized (verdicts) {
        verdicts[i] = res.verdict().word();
      }
    });
    String note = "";
    try {
      if (engine == EngineChoice.exhaustive) {
        if (!b.await(Math.round(exhaustiveBudget * 1000))) {
          b.stop();
          note = "budget of " + BenchTable.seconds(exhaustiveBudget) + " reached";
        }
      } else {
        b.await();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      b.stop();
      note = "interrupted";
    }
    long heap = BenchMemory.heapPeak();
    long rss = BenchMemory.rssPeak();
    String[] snapshot;
    synchronized (verdicts) {
      snapshot = verdicts.clone();
    }
    int finished = (int) Arrays.stream(snapshot).filter(v -> v != null).count();
    return new Run(engine, engine != EngineChoice.exhaustive ? encode.get() : -1, snapshot, solve,
        finished, heap, rss, note, b.failure().orElse(null));
  }

  /**
   * {@code --repeat N}: one portfolio verifies the spec's assertions over and over, N checks in
   * all; every N/10 it prints the heap in use after a GC and the process's RSS (VmRSS), which
   * must stay flat.
   */
  static int repeat(PrintWriter out, Spec s, EngineOptions options, int total) {
    List<Assertion> all = s.assertions();
    int every = Math.max(1, total / 10);
    out.printf(Locale.ROOT, "%12s %10s %10s %10s %12s%n", "checks", "elapsed", "heap", "RSS",
        "checks/s");
    long t0 = System.nanoTime();
    long last = t0;
    int unknown = 0;
    try (Portfolio p = Engines.portfolio(options)) {
      for (int i = 1; i <= total; i++) {
        AssertionResult res = p.verify(s, all.get((i - 1) % all.size()));
        if (res.verdict().word().equals("unknown")) {
          unknown++;
        }
        if (i % every == 0 || i == total) {
          long now = System.nanoTime();
          System.gc();
          long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          long rss = BenchMemory.rss();
          out.printf(Locale.ROOT, "%,12d %10s %10s %10s %,12.0f%n", i, BenchTable.time(now - t0),
              BenchTable.megabytes(heap), rss < 0 ? "n/a" : BenchTable.megabytes(rss),
              (i % every == 0 ? every : i % every) / ((now - last) / 1e9));
          out.flush();
          last = System.nanoTime();
        }
      }
    }
    out.printf(Locale.ROOT, "unknown: %d%n(heap is in use after a GC; RSS is VmRSS)%n", unknown);
    return 0;
  }
}

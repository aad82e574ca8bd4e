package dev.sgproof.cli;

import dev.sgproof.query.AssertionResult;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of a long run on a terminal: {@code verified 12/50 assertions, 3.4 s} on standard error,
 * rewritten in place with {@code \r}, first after half a second and at most ten times a second,
 * erased when the run ends. Disabled (prints nothing at all) when the output is not a terminal.
 * Called from the verifier's worker threads: every method is synchronized.
 */
final class Progress implements Consumer<AssertionResult> {
  static final long FIRST_AFTER_NANOS = 500_000_000L;
  static final long EVERY_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final int total;
  private final LongSupplier clock;
  private final long start;
  private int done;
  private long lastPrinted = Long.MIN_VALUE;
  private int width;

  Progress(PrintWriter err, boolean enabled, int total, LongSupplier clock) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
    this.clock = clock;
    this.start = clock.getAsLong();
  }

  /** On a terminal only: the console exists (stdin and stdout are terminals) and TERM is not dumb. */
  static boolean onTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public synchronized void accept(AssertionResult r) {
    done++;
    if (!enabled) {
      return;
    }
    long now = clock.getAsLong();
    if (now - start < FIRST_AFTER_NANOS || (lastPrinted != Long.MIN_VALUE && now - lastPrinted < EVERY_NANOS)) {
      return;
    }
    lastPrinted = now;
    String line = String.format(java.util.Locale.ROOT, "verified %d/%d assertions, %.1f s",
        done, total, (now - start) / 1e9);
    width = Math.max(width, line.length());
    err.print("\r" + line);
    err.flush();
  }

  /** Erases the progress line, if one was printed. */
  synchronized void finish() {
    if (enabled && width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
      width = 0;
    }
  }

  synchronized int done() {
    return done;
  }
}

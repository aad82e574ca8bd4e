package dev.sgproof.report;

import dev.sgproof.query.AssertionResult;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The results of one file's assertions while they are being verified: a list of fixed size whose
 * {@link #get} waits until the result at its index has arrived, so that a report can be written
 * in file order while later assertions are still being checked (verify's main thread is otherwise
 * idle). A {@link FileResult} keeps such a list as it is, without copying it. When the
 * verification stops on a failure, every wait (and every later read of a missing result) ends in
 * {@link Stopped}; the failure itself is the verifier's to report.
 */
public final class ArrivingResults extends AbstractList<AssertionResult> implements RandomAccess {
  private final AssertionResult[] results;
  private Throwable stopped;

  public ArrivingResults(int size) {
    this.results = new AssertionResult[size];
  }

  /** The result at index {@code i} has arrived (each index once). */
  public synchronized void put(int i, AssertionResult r) {
    Objects.requireNonNull(r, "result");
    if (results[i] != null) {
      throw new IllegalStateException("result " + i + " arrived twice");
    }
    results[i] = r;
    notifyAll();
  }

  /** The verification stopped: no more results will arrive. */
  public synchronized void stop(Throwable why) {
    if (stopped == null) {
      stopped = Objects.requireNonNull(why, "why");
    }
    notifyAll();
  }

  @Override
  public int size() {
    return results.length;
  }

  /** The result at index {@code i}, once it has arrived; {@link Stopped} if it never will. */
  @Override
  public synchronized AssertionResult get(int i) {
    Objects.checkIndex(i, results.length);
    while (results[i] == null) {
      if (stopped != null) {
        throw new Stopped(stopped);
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped(e);
      }
    }
    return results[i];
  }

  /** A result that will not arrive: the verification stopped (its cause). */
  public static final class Stopped extends RuntimeException {
    Stopped(Throwable cause) {
      super("the verification stopped", cause);
    }
  }
}

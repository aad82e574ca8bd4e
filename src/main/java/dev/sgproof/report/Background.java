package dev.sgproof.report;

import java.util.function.Supplier;

/**
 * A part of a report made on a thread of its own while the calling thread makes another (the
 * reports of a big run are rendered in two parts once the workers are done, on the two cores
 * they leave). What the part's work throws is rethrown by {@link #join}, as it is.
 */
final class Background<T> {
  private final Thread thread;
  private T value;
  private Throwable failure;

  Background(String name, Supplier<T> work) {
    thread = new Thread(() -> {
      try {
        value = work.get();
      } catch (Throwable e) {
        failure = e;
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** The part, once made. */
  T join() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering the report", e);
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return value;
  }

  /** Whether a second thread may pay: there is a second processor. */
  static boolean worthIt() {
    return Runtime.getRuntime().availableProcessors() > 1;
  }
}

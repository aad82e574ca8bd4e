package dev.sgproof.semantics;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A part of the work done on a thread of its own while the caller does another, then joined: its
 * value, or what it threw, thrown again on the caller's thread (so that the caller reports it as
 * if it had done the work itself, never as a stack trace from a thread of ours). The thread has
 * always ended when {@link #join} returns or throws.
 */
public final class Aside<T> {
  private final FutureTask<T> task;
  private final Thread thread;

  private Aside(FutureTask<T> task, Thread thread) {
    this.task = task;
    this.thread = thread;
  }

  /**
   * Starts {@code work} on a new thread when {@code apart}, else (or when no thread can be
   * started) does it now, on this thread.
   */
  public static <T> Aside<T> start(boolean apart, String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    if (apart) {
      try {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return new Aside<>(task, t);
      } catch (OutOfMemoryError | RuntimeException noThread) {
        // done here instead
      }
    }
    task.run();
    return new Aside<>(task, null);
  }

  /** The value, once the work is done; what the work threw is thrown here. */
  public T join() {
    boolean interrupted = false;
    while (thread != null) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      return task.get();
    } catch (InterruptedException e) {
      throw new IllegalStateException("the work has ended", e); // not reached: it is done
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}

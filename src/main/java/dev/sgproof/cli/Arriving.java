package dev.sgproof.cli;

import dev.sgproof.report.ArrivingResults;
import dev.sgproof.report.FileResult;
import dev.sgproof.semantics.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The verification of every file on a thread of its own, each file's results arriving in an
 * {@link ArrivingResults} of {@link #files} as they are checked, so that verify's main thread
 * can make the first output meanwhile, reading them in file order. A failure of the verification
 * stops every list (a wait for a result that will not come ends in {@link
 * ArrivingResults.Stopped}) and is thrown as it is by {@link #await}; so is a verification that
 * ends without every result (a bug), rather than a wait that never ends.
 */
final class Arriving {
  /** The files with their arriving results (every file resolved: nothing is verified else). */
  final List<FileResult> files = new ArrayList<>();
  private final Thread thread;
  private List<FileResult> done;
  private Throwable failure;

  /**
   * Starts {@code verification}, which verifies the loaded files, puts each result into the list
   * of its file as it is made, and returns the files verified.
   */
  Arriving(List<String> names, List<LoadResult> loaded,
      Function<List<ArrivingResults>, List<FileResult>> verification) {
    List<ArrivingResults> lists = new ArrayList<>();
    for (int i = 0; i < loaded.size(); i++) {
      LoadResult r = loaded.get(i);
      ArrivingResults list = new ArrivingResults(r.spec().assertions().size());
      lists.add(list);
      files.add(new FileResult(names.get(i), r.diagnostics(), Optional.of(r.spec().network()),
          list));
    }
    thread = new Thread(() -> {
      try {
        done = verification.apply(lists);
      } catch (Throwable t) {
        failure = t;
      } finally {
        // Only the results that never arrived are stopped.
        Throwable why = failure != null ? failure
            : new IllegalStateException("the verification ended without every result");
        lists.forEach(l -> l.stop(why));
      }
    }, "sgproof-verify");
    thread.setDaemon(true);
    thread.start();
  }

  /** The files verified, once the verification has ended; its failure thrown as it is. */
  List<FileResult> await() {
    boolean interrupted = false;
    while (true) {
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
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    return done;
  }
}

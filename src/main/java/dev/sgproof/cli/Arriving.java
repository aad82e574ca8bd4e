package dev.sgproof.cli;

import dev.sgproof.report.ArrivingResults;
import dev.sgproof.report.FileResult;
import dev.sgproof.semantics.Aside;
import dev.sgproof.semantics.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The verification of every file on a thread of its own, each file's results arriving in an
 * {@link ArrivingResults} of {@link #files} as they are checked, so that verify's main thread
 * can make the first output meanwhile, reading them in file order ({@link Aside}: the work on a
 * thread of its own, what it threw thrown again by {@link #await}). A failure of the
 * verification stops every list (a wait for a result that will not come ends in {@link
 * ArrivingResults.Stopped}); so does a verification that ends without every result (a bug),
 * rather than leave a reader waiting for ever.
 */
final class Arriving {
  /** The files with their arriving results (every file resolved: nothing is verified else). */
  final List<FileResult> files = new ArrayList<>();
  private final Aside<List<FileResult>> verifying;

  /**
   * Starts {@code verification}, which verifies the loaded files, puts each result into the list
   * of its file as it is made, and returns the files verified (on this thread, before the
   * constructor returns, when no thread can be started: the lists are then full).
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
    verifying = Aside.start(true, "sgproof-verify", () -> {
      Throwable why = new IllegalStateException("the verification ended without every result");
      try {
        return verification.apply(lists);
      } catch (RuntimeException | Error e) {
        why = e;
        throw e;
      } finally {
        // Only the results that never arrived are stopped.
        Throwable stop = why;
        lists.forEach(l -> l.stop(stop));
      }
    });
  }

  /** The files verified, once the verification has ended; its failure thrown as it is. */
  List<FileResult> await() {
    return verifying.join();
  }
}

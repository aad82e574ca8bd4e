package dev.sgproof.cli;

import dev.sgproof.engines.Smt2Export;
import dev.sgproof.proofs.ProofRecord;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.report.FileResult;
import dev.sgproof.report.Summary;
import dev.sgproof.semantics.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code verify --smt2 DIR}: every proof obligation as an SMT-LIB 2 file, under {@code DIR} at the
 * spec's path relative to the current directory without its extension ({@code DIR/specs/x/}).
 */
final class Smt2Runs {
  private Smt2Runs() {}

  /** Writes the files; 0, or the exit code after printing why not. */
  static int write(Path dir, List<Path> files, List<LoadResult> loaded, List<FileResult> results,
      int timeoutMillis, OutputGuard guard, PrintWriter err) {
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      Path sub = dir.resolve(ProofRecord.withoutExtension(f));
      try {
        Smt2Export.export(f.toString(), loaded.get(i).spec(), results.get(i).results(),
            timeoutMillis,
            q -> {
              int code = guard.write(sub.resolve(q.fileName()), q.text(), "the SMT-LIB file", err);
              if (code != 0) {
                throw new WriteFailed(code); // already reported: stop exporting
              }
            });
      } catch (WriteFailed e) {
        return e.code;
      } catch (DisagreementException e) {
        err.println("sgproof: internal error: " + e.getMessage());
        err.flush();
        return Summary.EXIT_INTERNAL_ERROR;
      }
    }
    return 0;
  }

  /** A file could not be written (and the reason was printed). */
  private static final class WriteFailed extends RuntimeException {
    final int code;

    WriteFailed(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }
}

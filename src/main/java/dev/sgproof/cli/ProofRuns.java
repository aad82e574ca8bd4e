package dev.sgproof.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.proofs.ProofCheck;
import dev.sgproof.proofs.ProofRecord;
import dev.sgproof.report.FileResult;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.smt.SolverVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code verify --proofs DIR} and {@code verify --check-proofs DIR}: record or check proofs. */
final class ProofRuns {
  private ProofRuns() {}

  private static ObjectNode record(Path file, LoadResult loaded, FileResult result) {
    return ProofRecord.of(file, loaded.sources(), result.network().orElseThrow(), result.results(),
        Versions.sgproof(), SolverVersion.z3());
  }

  /** Writes one record per verified file; false after printing why a file cannot be written. */
  static boolean write(Path dir, List<Path> files, List<LoadResult> loaded,
      List<FileResult> results, PrintWriter err) {
    for (int i = 0; i < files.size(); i++) {
      String text = ProofRecord.render(record(files.get(i), loaded.get(i), results.get(i)));
      if (!VerifyCommand.write(ProofRecord.path(dir, files.get(i)), text, err)) {
        return false;
      }
    }
    return true;
  }

  /** Prints one line per difference on {@code err}; returns the number of differences. */
  static int check(Path dir, List<Path> files, List<LoadResult> loaded,
      List<FileResult> results, PrintWriter err) {
    List<String> diffs = new ArrayList<>();
    int assertions = 0;
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      Path recordFile = ProofRecord.path(dir, f);
      Optional<ObjectNode> recorded = Optional.empty();
      if (Files.exists(recordFile)) {
        try {
          recorded = Optional.of(ProofRecord.parse(
              Files.readString(recordFile, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
          diffs.add(f + ": cannot read the record " + recordFile + ": " + e.getMessage());
          continue;
        }
      }
      ObjectNode fresh = record(f, loaded.get(i), results.get(i));
      assertions += fresh.path("assertions").size();
      diffs.addAll(ProofCheck.differences(f.toString(), recorded, fresh));
    }
    for (String d : diffs) {
      err.println("proof differs: " + d);
    }
    if (diffs.isEmpty()) {
      err.println("proofs: " + assertions + " assertions of " + files.size()
          + " files match their records in " + dir);
    } else {
      err.println("proofs: " + diffs.size() + " differences from the records in " + dir
          + "; if the change is intended, re-record them with: sgproof verify --proofs " + dir
          + " FILE...");
    }
    err.flush();
    return diffs.size();
  }
}

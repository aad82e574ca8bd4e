package dev.sgproof.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.engines.Engines;
import dev.sgproof.proofs.ProofCheck;
import dev.sgproof.proofs.ProofRecord;
import dev.sgproof.report.FileResult;
import dev.sgproof.report.Summary;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.shard.ShardRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code verify --proofs DIR} and {@code verify --check-proofs DIR}: record or check proofs. */
final class ProofRuns {
  private ProofRuns() {}

  private static ObjectNode record(Path file, LoadResult loaded, FileResult result) {
    return ProofRecord.of(file, loaded.sources(), result.network().orElseThrow(), result.results(),
        Versions.sgproof(), Engines.solverVersion());
  }

  /**
   * Writes one record per verified file (of a shard: its share, with the shard header); 0, or the
   * exit code after printing why not.
   *
   * @param shard the shard this run verifies, or null
   */
  static int write(Path dir, List<Path> files, List<LoadResult> loaded,
      List<FileResult> results, ShardRun shard, OutputGuard guard, PrintWriter err) {
    for (int i = 0; i < files.size(); i++) {
      ObjectNode rec = record(files.get(i), loaded.get(i), results.get(i));
      String text = ProofRecord.render(shard == null ? rec : shard.record(rec, i, results));
      int code = guard.write(ProofRecord.path(dir, files.get(i)), text, "the proof record", err);
      if (code != 0) {
        return code;
      }
    }
    return 0;
  }

  /** Why the records in {@code dir} cannot be read at all, or null when they can. */
  static String unreadable(Path dir) {
    if (!Files.exists(dir)) {
      return "there is no directory " + dir;
    }
    if (!Files.isDirectory(dir)) {
      return dir + " is not a directory";
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      return "the directory " + dir + " cannot be read";
    }
    return null;
  }

  /**
   * Prints one line per difference (and per note) on {@code err}; returns 0 when every record
   * matches, 1 on a difference, 2 when a record cannot be read (an input error). A shard compares
   * only its share (and shard 1 reports recorded assertions that are gone).
   *
   * @param shard the shard this run verifies, or null
   */
  static int check(Path dir, List<Path> files, List<LoadResult> loaded,
      List<FileResult> results, ShardRun shard, PrintWriter err) {
    String why = unreadable(dir);
    if (why != null) {
      err.println("sgproof: --check-proofs: " + why);
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    List<String> diffs = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int assertions = 0;
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      Path recordFile = ProofRecord.path(dir, f);
      ObjectNode fresh = record(f, loaded.get(i), results.get(i));
      assertions += fresh.path("assertions").size();
      if (!Files.exists(recordFile)) {
        diffs.add(f + ": no recorded proof (no " + recordFile + ")");
        continue;
      }
      ObjectNode recorded;
      try {
        recorded = ProofRecord.parse(Files.readString(recordFile, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        err.println("sgproof: --check-proofs: cannot read the proof record " + recordFile + ": "
            + AtomicFiles.why(e));
        err.flush();
        return Summary.EXIT_INPUT_ERROR;
      }
      if (recorded.has("shard")) {
        err.println("sgproof: --check-proofs: " + recordFile + " is the record of one shard"
            + " (verify --shard K/N --proofs); merge the shards' records first (sgproof merge"
            + " --proofs DIR SHARD_DIR...) and check against those");
        err.flush();
        return Summary.EXIT_INPUT_ERROR;
      }
      ProofCheck.Outcome o = shard == null ? ProofCheck.compare(f.toString(), recorded, fresh)
          : ProofCheck.compareShare(f.toString(), recorded, fresh,
              loaded.get(i).spec().assertions().stream().map(ProofRecord::identity).toList(),
              shard.share(i), shard.shard().index() == 1);
      diffs.addAll(o.differences());
      notes.addAll(o.notes());
    }
    for (String n : notes) {
      err.println("proof note: " + n);
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
    return diffs.isEmpty() ? Summary.EXIT_PROVED : Summary.EXIT_REFUTED;
  }
}

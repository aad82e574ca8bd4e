package dev.sgproof.cli;

import dev.sgproof.proofs.ProofRecord;
import dev.sgproof.report.Summary;
import dev.sgproof.shard.MergeException;
import dev.sgproof.shard.ShardMerge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof merge}: the outputs of verify --shard 1/N .. N/N as the unsharded run's. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {
      "Joins what verify --shard K/N wrote for K = 1..N into exactly what verify",
      "without --shard writes. Each SHARD is a JSON report, a SARIF log or a JUnit",
      "report of a shard (told apart by content), or a directory of a shard's",
      "proof records (verify --proofs DIR). Shards of different inputs or N, or a",
      "shard given twice or missing, are an input error.",
      "",
      "Exit codes: those of the unsharded verify (0 every assertion proved; 1 at",
      "least one refuted; 2 the specs have errors; 4 unknown but none refuted;",
      "5 nothing checked); 2 also when the shards cannot be merged or an output",
      "cannot be written; 3 internal error."
    })
final class MergeCommand implements Callable<Integer> {

  enum Format { json, junit, sarif }

  /** One {@code --format F [--output FILE]} pair; without an output the format goes to stdout. */
  static final class Output {
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "json, junit or sarif: merge the shards' outputs of this format."
            + " Repeatable.")
    Format format;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Write the preceding --format to FILE instead of standard output.")
    Path file;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SHARD",
      description = "The shards' outputs: report files, and proof record directories.")
  List<Path> shards;

  @CommandLine.ArgGroup(exclusive = false, multiplicity = "0..*")
  List<Output> outputs = new ArrayList<>();

  @Option(names = "--proofs", paramLabel = "DIR",
      description = "Write the merged proof records under DIR, as verify --proofs DIR does.")
  Path proofsDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (outputs.stream().filter(o -> o.file == null).count() > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "at most one --format may go to standard output; give the others an --output FILE");
    }
    List<String> read = new ArrayList<>();
    List<ShardMerge.Input> inputs = new ArrayList<>();
    Map<String, String> merged = new LinkedHashMap<>();
    Map<String, String> records;
    Summary summary;
    try {
      for (Path p : shards) {
        inputs.add(read(p, read));
      }
      ShardMerge.check(inputs);
      for (Output o : outputs) {
        ShardMerge.Kind kind = switch (o.format) {
          case json -> ShardMerge.Kind.JSON;
          case junit -> ShardMerge.Kind.JUNIT;
          case sarif -> ShardMerge.Kind.SARIF;
        };
        String text = switch (need(inputs, kind, "--format " + o.format)) {
          case JSON -> ShardMerge.json(inputs);
          case JUNIT -> ShardMerge.junit(inputs);
          default -> ShardMerge.sarif(inputs);
        };
        merged.put(o.format.name() + "\0" + o.file, text);
      }
      summary = ShardMerge.summary(inputs);
      // With errors in the specs nothing is verified and no record written, sharded or not.
      boolean recorded = proofsDir != null && (summary.errors() == 0
          || inputs.stream().anyMatch(i -> i.kind() == ShardMerge.Kind.PROOFS));
      if (recorded) {
        need(inputs, ShardMerge.Kind.PROOFS, "--proofs");
      }
      records = recorded ? ShardMerge.proofs(inputs) : Map.of();
    } catch (MergeException e) {
      err.println("sgproof: merge: " + e.getMessage());
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    } catch (IOException e) {
      err.println("sgproof: merge: " + e.getMessage());
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    OutputGuard guard = new OutputGuard(read);
    int code = write(merged, records, guard, out, err);
    if (code != 0) {
      return code;
    }
    int n = inputs.get(0).header().count();
    err.println("merged " + n + (n == 1 ? " shard: " : " shards: ") + summary.line());
    err.flush();
    return summary.exitCode();
  }

  /** The kind, when some SHARD is of it. */
  private static ShardMerge.Kind need(List<ShardMerge.Input> inputs, ShardMerge.Kind kind,
      String option) throws MergeException {
    if (inputs.stream().noneMatch(i -> i.kind() == kind)) {
      throw new MergeException(option + ": no shard's " + kind.noun() + " among the SHARDs");
    }
    return kind;
  }

  /** Reads one SHARD; {@code read} collects every file read (never to be written over). */
  private static ShardMerge.Input read(Path p, List<String> read)
      throws IOException, MergeException {
    if (!Files.exists(p)) {
      throw new MergeException(p + " does not exist");
    }
    if (Files.isDirectory(p)) {
      Map<String, String> records = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(p)) {
        for (Path f : walk.filter(Files::isRegularFile)
            .filter(f -> f.getFileName().toString().endsWith(ProofRecord.SUFFIX)).toList()) {
          records.put(p.relativize(f).toString().replace('\\', '/'), text(f));
          read.add(f.toString());
        }
      }
      return ShardMerge.readProofs(p.toString(), records);
    }
    if (!Files.isRegularFile(p)) {
      throw new MergeException(p + " is not a regular file");
    }
    read.add(p.toString());
    return ShardMerge.read(p.toString(), text(p));
  }

  private static String text(Path f) throws IOException {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot read " + f + ": " + AtomicFiles.why(e), e);
    }
  }

  /** Writes every merged output (after checking they can all be written); 0, or 2. */
  private int write(Map<String, String> merged, Map<String, String> records, OutputGuard guard,
      PrintWriter out, PrintWriter err) {
    List<String> problems = new ArrayList<>();
    LinkedHashSet<Path> planned = new LinkedHashSet<>();
    List<Path> targets = new ArrayList<>();
    for (Output o : outputs) {
      if (o.file != null) {
        targets.add(o.file);
      }
    }
    if (proofsDir != null) {
      String why = guard.directoryRefusal(proofsDir);
      if (why != null) {
        problems.add("cannot write proof records under " + proofsDir + ": " + why);
      }
      records.keySet().forEach(r -> targets.add(proofsDir.resolve(r)));
    }
    for (Path t : targets) {
      String why = guard.refusal(t);
      if (why != null) {
        problems.add("cannot write " + t + ": " + why);
      }
      if (!planned.add(t.toAbsolutePath().normalize())) {
        problems.add("cannot write " + t + ": two outputs go there");
      }
    }
    for (String p : problems) {
      err.println("sgproof: " + p);
    }
    if (!problems.isEmpty()) {
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    for (Output o : outputs) {
      String text = merged.get(o.format.name() + "\0" + o.file);
      if (o.file == null) {
        out.print(text);
        out.flush();
      } else {
        int code = guard.write(o.file, text, "the merged " + o.format + " report", err);
        if (code != 0) {
          return code;
        }
      }
    }
    for (Map.Entry<String, String> r : records.entrySet()) {
      int code = guard.write(proofsDir.resolve(r.getKey()), r.getValue(), "the proof record", err);
      if (code != 0) {
        return code;
      }
    }
    return 0;
  }
}

package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.report.ArrivingResults;
import dev.sgproof.report.FileResult;
import dev.sgproof.report.JUnitReport;
import dev.sgproof.report.JsonReport;
import dev.sgproof.report.SarifReport;
import dev.sgproof.report.Summary;
import dev.sgproof.report.TextReport;
import dev.sgproof.semantics.IncludeRoots;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import dev.sgproof.shard.ShardRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof verify}: proves or refutes every assertion of each spec file. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies each FILE as one spec: every assertion is proved or refuted with a counterexample.",
      "",
      "Exit codes: 0 every assertion proved; 1 at least one refuted; 2 the input has",
      "errors (or an output cannot be written); 3 internal error; 4 no assertion",
      "refuted but at least one unknown (timeout); 5 no FILE holds an assertion",
      "(nothing was checked). With --shard K/N, the codes of the share; an empty",
      "share of a run with assertions exits 0."
    })
final class VerifyCommand implements Callable<Integer> {

  enum Format { text, json, junit, sarif }

  /** One {@code --format F [--output FILE]} pair ({@link FormatOutput}). */
  static final class Output extends FormatOutput<Format> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "text, json, junit or sarif (default: text on standard output)."
            + " Repeat to write several formats in one run.")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = FormatOutput.OUTPUT_HELP)
    Path file;

    @Override
    Format format() {
      return format;
    }

    @Override
    Path file() {
      return file;
    }

    static Output text() {
      Output o = new Output();
      o.format = Format.text;
      return o;
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files to verify.")
  List<Path> files;

  @CommandLine.ArgGroup(exclusive = false, multiplicity = "0..*")
  List<Output> outputs = new ArrayList<>();

  @Option(names = "--engine", defaultValue = "auto",
      description = "The decision procedure: auto (the class search: exact flow classes decided"
          + " over whole sets of classes at once), smt (Z3 for every obligation beyond a small"
          + " class product) or exhaustive (one flow per class, the reference); all give the"
          + " same verdicts and counterexamples (default: ${DEFAULT-VALUE}).")
  EngineChoice engine;

  @CommandLine.Mixin TimeoutOption timeout;

  @CommandLine.Mixin IncludePathOption includePath;

  @CommandLine.Mixin ShardOption shardOption;

  @Option(names = "--jobs", defaultValue = "0",
      description = "Worker threads (default: the number of cores).")
  int jobs;

  @Option(names = "--quiet", description = "Print only refuted and unknown assertions (counterexample and trace, no"
          + " violation ranges) and the summary.")
  boolean quiet;

  @Option(names = "--explain", description = "Under each proved assertion, list the rules the proof depends on.")
  boolean explain;

  @Option(names = "--proofs", paramLabel = "DIR",
      description = "Record the proof of each FILE in DIR/<its path without .sg>.proof.json"
          + " (specs/x.sg: DIR/specs/x.proof.json); every FILE must lie in the current"
          + " directory.")
  Path proofsDir;

  @Option(names = "--check-proofs", paramLabel = "DIR",
      description = "Verify, then compare with the records in DIR; exit 1 on any difference"
          + " (verdict, counterexample, dependencies, a missing record), else 0; a changed"
          + " digest with the same results is a note. A missing DIR is an input error (2).")
  Path checkProofsDir;

  @Option(names = "--smt2", paramLabel = "DIR",
      description = "Write every proof obligation as an SMT-LIB 2 (QF_BV) file under"
          + " DIR/<its path without .sg>/line-N[-k].smt2 (specs/x.sg: DIR/specs/x/) with its"
          + " expected answer.")
  Path smt2Dir;

  @Option(names = "--max-boxes", defaultValue = "100", paramLabel = "N",
      description = "List at most N violation boxes per refuted assertion in JSON (their total is"
          + " always given; default: ${DEFAULT-VALUE}); 0 leaves violations out.")
  int maxBoxes;

  @Option(names = "--dry-run",
      description = "Parse, resolve and validate every FILE without solving: the floor against"
          + " which the cost of verification is measured. Exit 0, or 2 on errors.")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Output> targets = targets();
    checkRecordPaths();
    IncludeRoots roots = includePath.roots();
    List<LoadResult> loaded = new ArrayList<>();
    boolean errors = false;
    for (Path f : files) {
      LoadResult r = SpecLoader.read(f, roots);
      loaded.add(r);
      DiagnosticRenderer renderer = new DiagnosticRenderer(r.sources());
      for (Diagnostic d : r.diagnostics()) {
        err.print(renderer.render(d));
      }
      errors |= r.hasErrors();
    }
    err.flush();
    if (dryRun) {
      int assertions = errors ? 0 : loaded.stream().mapToInt(r -> r.spec().assertions().size()).sum();
      out.println(errors
          ? "dry run: the input has errors; nothing would be verified"
          : "dry run: " + files.size() + (files.size() == 1 ? " file, " : " files, ") + assertions
              + " assertions parsed, resolved and validated; nothing verified");
      out.flush();
      return errors ? Summary.EXIT_INPUT_ERROR : Summary.EXIT_PROVED;
    }
    OutputGuard guard = guard(loaded);
    int refused = preflight(targets, guard, err);
    if (refused != 0) {
      return refused;
    }
    ShardRun shard = shardOption.run(files, loaded, errors);
    if (shard != null) {
      err.println(shard.note());
    }
    if (!errors) {
      for (int i = 0; i < files.size(); i++) {
        if (loaded.get(i).spec().assertions().isEmpty()) {
          err.println(files.get(i) + ": warning: the spec holds no assertion; nothing in it is"
              + " checked");
        }
      }
      err.flush();
    }
    List<FileResult> results;
    Progress progress = new Progress(err, false, 0, System::nanoTime);
    // A JSON file given first is written while the assertions are verified, from their results
    // as they arrive in file order (the main thread is otherwise idle; it was 0.64 s after the
    // account spec's 4 s of verifying), unless proof records, SMT-LIB files or a shard's notes
    // come first or go with it. Not text: rendering it alongside made --quiet and --explain on
    // the account spec slower (1.60 -> 1.76 s, 3.71 -> 4.18 s in 4 alternating runs), nicpair's
    // the same.
    boolean ahead = !errors && shard == null && proofsDir == null && smt2Dir == null
        && targets.get(0).format == Format.json && targets.get(0).file() != null;
    Made first = null;
    try {
      int total = errors ? 0 : shard != null ? shard.size()
          : loaded.stream().mapToInt(r -> r.spec().assertions().size()).sum();
      progress = new Progress(err, Progress.onTerminal(), total, System::nanoTime);
      if (ahead) {
        List<String> names = files.stream().map(Path::toString).toList();
        Progress shown = progress;
        Arriving arriving = new Arriving(names, loaded,
            lists -> verify(loaded, false, null, shown, lists));
        try {
          first = made(targets.get(0), arriving.files, guard, err, null);
        } catch (ArrivingResults.Stopped stopped) {
          // The verification failed; awaiting it says how.
        }
        results = arriving.await();
        if (first == null) {
          throw new IllegalStateException("the first output stopped, the verification did not");
        }
      } else {
        results = verify(loaded, errors, shard, progress, null);
      }
    } catch (DisagreementException e) {
      progress.finish();
      err.println("sgproof: internal error: the solver and the concrete evaluator disagree: " + e.getMessage());
      err.flush();
      return Summary.EXIT_INTERNAL_ERROR;
    }
    progress.finish();
    boolean verified = !errors;
    if (verified && proofsDir != null) {
      int code = ProofRuns.write(proofsDir, files, loaded, results, shard, guard, err);
      if (code != 0) {
        return code;
      }
    }
    if (verified && smt2Dir != null) {
      int code = Smt2Runs.write(smt2Dir, files, loaded, results, timeout.millis(), guard, err);
      if (code != 0) {
        return code;
      }
    }
    for (int t = 0; t < targets.size(); t++) {
      Output o = targets.get(t);
      Made m = t == 0 && first != null ? first : made(o, results, guard, err, shard);
      int code = m.rendered() == null ? m.code() : o.write(m.rendered(), out, guard, err);
      if (code != 0) {
        return code;
      }
    }
    int exit = Summary.of(results).exitCode();
    if (shard != null && exit == Summary.EXIT_NOTHING_CHECKED && shard.total() > 0) {
      exit = Summary.EXIT_PROVED; // an empty share of a run that checks something (the note says so)
    }
    if (verified && checkProofsDir != null) {
      int code = ProofRuns.check(checkProofsDir, files, loaded, results, shard, err);
      return code != Summary.EXIT_PROVED ? code
          : exit == Summary.EXIT_NOTHING_CHECKED ? exit : Summary.EXIT_PROVED;
    }
    return exit;
  }

  /** Every file this run reads: the specs and the files they include. */
  private OutputGuard guard(List<LoadResult> loaded) {
    java.util.Set<String> inputs = new java.util.LinkedHashSet<>();
    files.forEach(f -> inputs.add(f.toString()));
    loaded.forEach(r -> inputs.addAll(r.sources().keySet()));
    return new OutputGuard(inputs);
  }

  /**
   * Before any work: every output file, proof record and output directory can be written and is
   * none of the inputs; no two outputs are one file; the records to check can be read. 0, or
   * exit code 2 after printing why not.
   */
  private int preflight(List<Output> targets, OutputGuard guard, PrintWriter err) {
    List<String> problems = new ArrayList<>();
    java.util.Map<Path, String> planned = new java.util.HashMap<>();
    problems.addAll(FormatOutput.problems(targets, guard, planned));
    if (proofsDir != null) {
      String why = guard.directoryRefusal(proofsDir);
      if (why != null) {
        problems.add("cannot write proof records under " + proofsDir + ": " + why);
      }
      for (Path f : files) {
        Path record = dev.sgproof.proofs.ProofRecord.path(proofsDir, f);
        String whyNot = guard.refusal(record);
        if (whyNot != null) {
          problems.add("cannot write the proof record " + record + ": " + whyNot);
        }
        String other = planned.put(record.toAbsolutePath().normalize(), "the proof record of " + f);
        if (other != null) {
          problems.add("cannot write the proof record " + record + ": " + other + " goes there too");
        }
      }
    }
    if (smt2Dir != null) {
      String why = guard.directoryRefusal(smt2Dir);
      if (why != null) {
        problems.add("cannot write SMT-LIB files under " + smt2Dir + ": " + why);
      }
    }
    if (checkProofsDir != null) {
      String why = ProofRuns.unreadable(checkProofsDir);
      if (why != null) {
        problems.add("--check-proofs: " + why);
      }
    }
    for (String p : problems) {
      err.println("sgproof: " + p);
    }
    err.flush();
    return problems.isEmpty() ? 0 : Summary.EXIT_INPUT_ERROR;
  }

  /**
   * Record and export files are named by the spec's path relative to the current directory
   * without its extension: each FILE must lie in the current directory, and no two may share a
   * name.
   */
  private void checkRecordPaths() {
    if (proofsDir != null && checkProofsDir != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--proofs and --check-proofs cannot be combined: record, or check");
    }
    String option = proofsDir != null ? "--proofs" : checkProofsDir != null ? "--check-proofs"
        : smt2Dir != null ? "--smt2" : null;
    if (option == null) {
      return;
    }
    java.util.Map<String, Path> seen = new java.util.TreeMap<>();
    for (Path f : files) {
      if (dev.sgproof.proofs.ProofRecord.relative(f).isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            f + " lies outside the current directory; " + option + " names its files by the"
                + " spec's path relative to the current directory, so run sgproof from a"
                + " directory that holds every FILE");
      }
      String name = dev.sgproof.proofs.ProofRecord.withoutExtension(f);
      Path other = seen.put(name, f);
      if (other != null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            other.toAbsolutePath().normalize().equals(f.toAbsolutePath().normalize())
                ? f + " is given twice"
                : other + " and " + f + " would share the files named " + name + " of " + option
                    + "; verify them in separate runs");
      }
    }
  }

  /**
   * An output made: its text, to be written; or, for JSON into a file, none (the file is written)
   * and the exit code of writing it.
   */
  private record Made(String rendered, int code) {}

  private Made made(Output o, List<FileResult> results, OutputGuard guard, PrintWriter err,
      ShardRun shard) {
    if (o.format == Format.json && o.file() != null && shard == null) {
      // Streamed to the file as UTF-8, never held whole (JsonReport#write).
      return new Made(null, guard.write(o.file(),
          stream -> new JsonReport().write(results, stream), o.what(), err));
    }
    String rendered = render(o.format, results);
    if (shard != null) {
      rendered = shard.annotate(o.format.name(), rendered, results);
    }
    return new Made(rendered, 0);
  }

  /** The formats to write, in the order given; text on standard output when none is given. */
  private List<Output> targets() {
    return FormatOutput.targets(outputs, Output::text, spec);
  }

  private boolean wants(Format f) {
    return targets().stream().anyMatch(o -> o.format == f);
  }

  private String render(Format f, List<FileResult> results) {
    return switch (f) {
      case text -> new TextReport(Terminal.colour(), quiet, explain).render(results);
      case json -> new JsonReport().render(results);
      case junit -> new JUnitReport().render(results);
      case sarif -> new SarifReport(Versions.sgproof()).render(results);
    };
  }

  /**
   * Verifies every file (of a shard: its share) on the one worker pool; nothing while any input
   * has errors.
   */
  private List<FileResult> verify(List<LoadResult> loaded, boolean errors, ShardRun shard,
      Progress progress, List<ArrivingResults> arriving) {
    List<FileResult> results = new ArrayList<>();
    EngineOptions options = options();
    try (Engines engines = new Engines(jobs())) {
      for (int i = 0; i < files.size(); i++) {
        LoadResult r = loaded.get(i);
        String name = files.get(i).toString();
        if (r.hasErrors()) {
          results.add(new FileResult(name, r.diagnostics(), Optional.empty(), List.of()));
        } else if (errors) {
          // Nothing is verified while any input has errors (language.md, exit code 2).
          results.add(new FileResult(name, r.diagnostics(), Optional.of(r.spec().network()), List.of()));
        } else {
          ArrivingResults into = arriving == null ? null : arriving.get(i);
          List<AssertionResult> checked = into == null
              ? engines.verify(shard == null ? r.spec() : shard.share(i, r.spec()), options,
                  progress)
              : engines.verify(r.spec(), options, progress, (result, k) -> into.put(k, result));
          results.add(new FileResult(name, r.diagnostics(), Optional.of(r.spec().network()), checked));
        }
      }
    }
    return results;
  }

  /**
   * The engine choice and what the outputs need: dependsOn for JSON, --explain and proof records,
   * the steps of each proof for JSON and --explain.
   */
  private EngineOptions options() {
    boolean dependsOn = explain || wants(Format.json) || proofsDir != null || checkProofsDir != null;
    // JSON lists violation boxes up to the cap, text the first three (not under --quiet, which
    // prints the least that gates a merge); JUnit and SARIF none.
    int boxes = wants(Format.json) ? maxBoxes
        : wants(Format.text) && !quiet ? Math.min(maxBoxes, TextReport.SHOWN_BOXES) : 0;
    return EngineOptions.of(engine).withTimeout(timeout.millis()).withDependsOn(dependsOn)
        .withSteps(explain || wants(Format.json))
        .withMaxBoxes(boxes)
        .withDecidedBy(explain || wants(Format.json));
  }

  private int jobs() {
    if (jobs < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--jobs must be a positive number of worker threads (or 0 for one per core), not " + jobs);
    }
    return jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
  }
}

package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.ClassSearch;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Engine;
import dev.sgproof.query.ExhaustiveEngine;
import dev.sgproof.query.Verifier;
import dev.sgproof.report.FileResult;
import dev.sgproof.report.JUnitReport;
import dev.sgproof.report.JsonReport;
import dev.sgproof.report.SarifReport;
import dev.sgproof.report.Summary;
import dev.sgproof.report.TextReport;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import dev.sgproof.smt.SmtEngine;
import dev.sgproof.smt.SmtOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
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
      "Exit codes: 0 every assertion proved; 1 at least one refuted; 2 the input has errors;",
      "3 internal error; 4 no assertion refuted but at least one unknown (timeout)."
    })
final class VerifyCommand implements Callable<Integer> {

  enum Format { text, json, junit, sarif }

  /** One {@code --format F [--output FILE]} pair; without an output the format goes to stdout. */
  static final class Output {
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "text, json, junit or sarif (default: text on standard output)."
            + " Repeat to write several formats in one run.")
    Format format;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Write the preceding --format to FILE instead of standard output.")
    Path file;
  }

  enum EngineName { auto, smt, exhaustive }

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
  EngineName engine;

  @CommandLine.Mixin TimeoutOption timeout;

  @Option(names = "--jobs", defaultValue = "0",
      description = "Worker threads (default: the number of cores).")
  int jobs;

  @Option(names = "--quiet", description = "Print only refuted and unknown assertions and the summary.")
  boolean quiet;

  @Option(names = "--explain", description = "Under each proved assertion, list the rules the proof depends on.")
  boolean explain;

  @Option(names = "--proofs", paramLabel = "DIR",
      description = "Record the proof of each FILE in DIR/<file stem>.proof.json.")
  Path proofsDir;

  @Option(names = "--check-proofs", paramLabel = "DIR",
      description = "Verify, then compare with the records in DIR; exit 1 on any difference"
          + " (verdict, counterexample, dependencies, a missing or stale record), else 0.")
  Path checkProofsDir;

  @Option(names = "--smt2", paramLabel = "DIR",
      description = "Write every proof obligation as an SMT-LIB 2 (QF_BV) file under"
          + " DIR/<file stem>/line-N[-k].smt2 with its expected answer.")
  Path smt2Dir;

  @Option(names = "--dry-run",
      description = "Parse, resolve and validate every FILE without solving: the floor against"
          + " which the cost of verification is measured. Exit 0, or 2 on errors.")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Output> targets = targets();
    checkStems();
    List<LoadResult> loaded = new ArrayList<>();
    boolean errors = false;
    for (Path f : files) {
      LoadResult r = SpecLoader.read(f);
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
    List<FileResult> results = new ArrayList<>();
    Progress progress = new Progress(err, false, 0, System::nanoTime);
    try {
      int total = errors ? 0 : loaded.stream().mapToInt(r -> r.spec().assertions().size()).sum();
      progress = new Progress(err, Progress.onTerminal(), total, System::nanoTime);
      Verifier verifier = new Verifier(engines(),
          jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors(), progress);
      if (explain || wants(Format.json)) {
        verifier = verifier.withProofSteps().withChecksBy(verdictsOnly());
        if (engine == EngineName.auto) {
          verifier = verifier.withStepChecks(ClassSearch.checks());
        }
      }
      if (engine == EngineName.exhaustive && options().dependsOn()) {
        verifier = verifier.withDependenciesByDeletion();
      }
      for (int i = 0; i < files.size(); i++) {
        LoadResult r = loaded.get(i);
        String name = files.get(i).toString();
        if (r.hasErrors()) {
          results.add(new FileResult(name, r.diagnostics(), Optional.empty(), List.of()));
        } else if (errors) {
          // Nothing is verified while any input has errors (language.md, exit code 2).
          results.add(new FileResult(name, r.diagnostics(), Optional.of(r.spec().network()), List.of()));
        } else {
          List<AssertionResult> checked = verifier.verify(r.spec());
          results.add(new FileResult(name, r.diagnostics(), Optional.of(r.spec().network()), checked));
        }
      }
    } catch (DisagreementException e) {
      progress.finish();
      err.println("sgproof: internal error: the solver and the concrete evaluator disagree: " + e.getMessage());
      err.flush();
      return Summary.EXIT_INTERNAL_ERROR;
    }
    progress.finish();
    boolean verified = !errors;
    if (verified && proofsDir != null && !ProofRuns.write(proofsDir, files, loaded, results, err)) {
      return Summary.EXIT_INTERNAL_ERROR;
    }
    if (verified && smt2Dir != null) {
      int code = Smt2Runs.write(smt2Dir, files, loaded, results, options(), err);
      if (code != 0) {
        return code;
      }
    }
    for (Output o : targets) {
      String rendered = render(o.format, results);
      if (o.file == null) {
        out.print(rendered);
        out.flush();
      } else if (!write(o.file, rendered, err)) {
        return Summary.EXIT_INTERNAL_ERROR;
      }
    }
    int exit = Summary.of(results).exitCode();
    if (verified && checkProofsDir != null) {
      int diffs = ProofRuns.check(checkProofsDir, files, loaded, results, err);
      return diffs > 0 ? Summary.EXIT_REFUTED : Summary.EXIT_PROVED;
    }
    return exit;
  }

  /** Record and export files are named by file stem: two inputs may not share one. */
  private void checkStems() {
    if (proofsDir != null && checkProofsDir != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--proofs and --check-proofs cannot be combined: record, or check");
    }
    if (proofsDir == null && checkProofsDir == null && smt2Dir == null) {
      return;
    }
    java.util.Map<String, Path> seen = new java.util.TreeMap<>();
    for (Path f : files) {
      Path other = seen.put(dev.sgproof.proofs.ProofRecord.stem(f), f);
      if (other != null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            other + " and " + f + " have the same file stem; proof and SMT-LIB files are named"
                + " by it, so verify them in separate runs");
      }
    }
  }

  /** The formats to write, in the order given; text on standard output when none is given. */
  private List<Output> targets() {
    if (outputs.isEmpty()) {
      Output o = new Output();
      o.format = Format.text;
      return List.of(o);
    }
    if (outputs.stream().filter(o -> o.file == null).count() > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "at most one --format may go to standard output; give the others an --output FILE");
    }
    return outputs;
  }

  private boolean wants(Format f) {
    return outputs.stream().anyMatch(o -> o.format == f);
  }

  private String render(Format f, List<FileResult> results) {
    return switch (f) {
      case text -> new TextReport(Terminal.colour(), quiet, explain).render(results);
      case json -> new JsonReport().render(results);
      case junit -> new JUnitReport().render(results);
      case sarif -> new SarifReport(Versions.sgproof()).render(results);
    };
  }

  /** Writes a report file (UTF-8, parent directories created); false after printing why not. */
  static boolean write(Path file, String text, PrintWriter err) {
    try {
      AtomicFiles.writeString(file, text);
      return true;
    } catch (IOException | RuntimeException e) {
      err.println("sgproof: cannot write " + file + ": " + e.getMessage());
      err.flush();
      return false;
    }
  }

  private SmtOptions options() {
    boolean dependsOn = explain || wants(Format.json) || proofsDir != null || checkProofsDir != null;
    return new SmtOptions(timeout.millis(), dependsOn);
  }

  /** The engine choice without dependencies: re-checks of proof steps read only the verdict. */
  private Supplier<Engine> verdictsOnly() {
    return engines(options().withDependsOn(false));
  }

  private Supplier<Engine> engines() {
    if (jobs < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--jobs must be a positive number of worker threads (or 0 for one per core), not " + jobs);
    }
    return engines(options());
  }

  private Supplier<Engine> engines(SmtOptions options) {
    return switch (engine) {
      case auto -> () -> new SmtEngine(SmtOptions.auto(options));
      case smt -> () -> new SmtEngine(options);
      case exhaustive -> ExhaustiveEngine::new;
    };
  }
}

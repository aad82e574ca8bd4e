package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.imports.Account;
import dev.sgproof.imports.AlibabaImporter;
import dev.sgproof.imports.ImportException;
import dev.sgproof.imports.ImportWarning;
import dev.sgproof.imports.SpecWriter;
import dev.sgproof.imports.TerraformPlan;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.DecisionTablesByMatching;
import dev.sgproof.query.Diff;
import dev.sgproof.query.DiffAssertions;
import dev.sgproof.query.DiffFlows;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.report.DiffReport;
import dev.sgproof.report.Json;
import dev.sgproof.report.Summary;
import dev.sgproof.semantics.IncludeRoots;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof diff OLD NEW}: what a change opens and closes, exactly. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Compares two versions of a network: the flows the change newly permits and newly denies,"
          + " as exact canonical boxes labelled with the NICs at their ends, and the assertions"
          + " of either version whose verdict changes.",
      "",
      "OLD and NEW are spec files (with their includes); or --terraform PLAN compares the state"
          + " before a `terraform show -json` plan with the state it plans; or --alibaba OLD_DIR"
          + " NEW_DIR compares two directories of Alibaba Cloud API responses (*.json).",
      "",
      "Exit codes: 0 no flow changes; 1 some flow changes (with --fail-on opened: some flow is"
          + " newly permitted); 2 input errors; 3 internal error."
    })
final class DiffCommand implements Callable<Integer> {
  enum Format { text, markdown, json, sarif }

  enum FailOn { any, opened }

  /** One {@code --format F [--output FILE]} pair ({@link FormatOutput}). */
  static final class Output extends FormatOutput<Format> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "text, markdown, json or sarif (default: text on standard output)."
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

  @Parameters(arity = "0..2", paramLabel = "OLD NEW",
      description = "The two spec files (or, with --alibaba, the two directories).")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--terraform", paramLabel = "PLAN",
      description = "Compare prior_state with planned_values of this terraform show -json plan.")
  Path terraform;

  @Option(names = "--alibaba",
      description = "OLD and NEW are directories of Alibaba Cloud API responses (*.json).")
  boolean alibaba;

  @CommandLine.ArgGroup(exclusive = false, multiplicity = "0..*")
  List<Output> outputs = new ArrayList<>();

  @Option(names = "--max-boxes", defaultValue = "100", paramLabel = "N",
      description = "List at most N boxes of each kind; the totals count all (default:"
          + " ${DEFAULT-VALUE}).")
  int maxBoxes;

  @Option(names = "--fail-on", defaultValue = "any",
      description = "any: exit 1 when any flow changes; opened: only when some flow is newly"
          + " permitted, for CI gates (default: ${DEFAULT-VALUE}).")
  FailOn failOn;

  @Option(names = "--engine", defaultValue = "auto",
      description = "The decision procedure for the assertions' verdicts, as for verify"
          + " (default: ${DEFAULT-VALUE}).")
  EngineChoice engine;

  @CommandLine.Mixin TimeoutOption timeout;

  @CommandLine.Mixin IncludePathOption includePath;

  @Option(names = "--jobs", defaultValue = "0",
      description = "Worker threads for the assertions (default: the number of cores).")
  int jobs;

  /** One loaded side: its name in reports and what loading gave. */
  private record Side(String name, LoadResult loaded) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Output> targets = targets();
    if (maxBoxes < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-boxes must be 0 or more, not " + maxBoxes);
    }
    int workers = jobs();
    Side[] sides;
    try {
      sides = load(err);
    } catch (ImportException e) {
      err.println(e.getMessage());
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    boolean errors = false;
    for (Side s : sides) {
      DiagnosticRenderer renderer = new DiagnosticRenderer(s.loaded().sources());
      for (Diagnostic d : s.loaded().diagnostics()) {
        err.print(renderer.render(d));
      }
      errors |= s.loaded().hasErrors();
    }
    err.flush();
    if (errors) {
      return Summary.EXIT_INPUT_ERROR;
    }
    OutputGuard guard = guard(sides);
    List<String> problems = FormatOutput.problems(targets, guard);
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("sgproof: " + p));
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    Spec old = sides[0].loaded().spec();
    Spec neu = sides[1].loaded().spec();
    Diff diff;
    try {
      DiffFlows.Changes flows = DiffFlows.of(old.network(), neu.network(),
          new DecisionTablesByMatching(), new FlowSpace());
      List<DiffAssertions.Change> verdicts =
          verdicts(DiffAssertions.plan(old, neu, flows), old, neu, workers);
      diff = new Diff(sides[0].name(), sides[1].name(), old.network(), neu.network(), flows,
          verdicts);
    } catch (DisagreementException e) {
      err.println("sgproof: internal error: the solver and the concrete evaluator disagree: "
          + e.getMessage());
      err.flush();
      return Summary.EXIT_INTERNAL_ERROR;
    }
    DiffReport report = new DiffReport(diff, maxBoxes);
    for (Output o : targets) {
      String text = switch (o.format) {
        case text -> report.text();
        case markdown -> report.markdown();
        case json -> Json.render(report.json());
        case sarif -> report.sarif(Versions.sgproof());
      };
      int code = o.write(text, out, guard, err);
      if (code != 0) {
        return code;
      }
    }
    return diff.exitCode(failOn == FailOn.opened);
  }

  /** The two sides, from spec files, a Terraform plan or two Alibaba Cloud exports. */
  private Side[] load(PrintWriter err) {
    if (terraform != null) {
      if (alibaba || !inputs.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--terraform PLAN takes no OLD NEW (the plan holds both) and no --alibaba");
      }
      Account before = new Account();
      Account after = new Account();
      String name = terraform.toString();
      String[] texts = TerraformPlan.sides(before, after, name, ImportCommand.readText(terraform));
      warn(err, before, after);
      return new Side[] {imported(name + " (prior_state)", texts[0]),
          imported(name + " (planned_values)", texts[1])};
    }
    if (inputs.size() != 2) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give OLD and NEW (two " + (alibaba ? "directories" : "spec files")
              + "), or --terraform PLAN");
    }
    if (alibaba) {
      Account[] accounts = {new Account(), new Account()};
      String[] texts = new String[2];
      for (int i = 0; i < 2; i++) {
        AlibabaImporter importer = new AlibabaImporter(accounts[i]);
        for (Path f : responses(inputs.get(i))) {
          importer.read(f.toString(), ImportCommand.readText(f));
        }
        texts[i] = SpecWriter.write(accounts[i]);
      }
      warn(err, accounts[0], accounts[1]);
      return new Side[] {imported(inputs.get(0) + " (imported)", texts[0]),
          imported(inputs.get(1) + " (imported)", texts[1])};
    }
    IncludeRoots roots = includePath.roots();
    // The two specs are read at once, NEW on a thread of its own (loading shares no state).
    java.util.concurrent.FutureTask<LoadResult> newer =
        new java.util.concurrent.FutureTask<>(() -> SpecLoader.read(inputs.get(1), roots));
    Thread reader = new Thread(newer, "sgproof-load");
    reader.setDaemon(true);
    reader.start();
    LoadResult older = SpecLoader.read(inputs.get(0), roots);
    return new Side[] {new Side(inputs.get(0).toString(), older),
        new Side(inputs.get(1).toString(), joined(newer))};
  }

  private static LoadResult joined(java.util.concurrent.FutureTask<LoadResult> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the new spec", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Side imported(String name, String text) {
    return new Side(name, SpecLoader.load(new SourceText(name, text)));
  }

  private static void warn(PrintWriter err, Account... accounts) {
    for (Account a : accounts) {
      for (ImportWarning w : a.warnings()) {
        err.println(w);
      }
    }
  }

  /** The API responses of an export directory: its *.json files, by name. */
  private static List<Path> responses(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ImportException(dir.toString(), "$", "is not a directory (--alibaba takes two"
          + " directories of API responses)");
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> out = files.filter(f -> f.getFileName().toString().endsWith(".json")
          && Files.isRegularFile(f)).sorted().toList();
      if (out.isEmpty()) {
        throw new ImportException(dir.toString(), "$", "holds no *.json file");
      }
      return out;
    } catch (IOException e) {
      throw new ImportException(dir.toString(), "$", "cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * The verdicts each assertion needs, on the one worker pool: on each network it applies to,
   * for those that may change or apply on one side only; the changes among them, in plan order.
   */
  private List<DiffAssertions.Change> verdicts(List<DiffAssertions.Item> plan, Spec old, Spec neu,
      int workers) {
    List<Assertion> onOld = new ArrayList<>();
    List<Assertion> onNew = new ArrayList<>();
    for (DiffAssertions.Item it : plan) {
      if (it.needed()) {
        if (it.notOnOld().isEmpty()) {
          onOld.add(it.assertion());
        }
        if (it.notOnNew().isEmpty()) {
          onNew.add(it.assertion());
        }
      }
    }
    EngineOptions options = EngineOptions.of(engine).withTimeout(timeout.millis())
        .withDependsOn(false);
    List<AssertionResult> oldResults;
    List<AssertionResult> newResults;
    try (Engines engines = new Engines(workers)) {
      oldResults = onOld.isEmpty() ? List.of()
          : engines.verify(new Spec(old.file(), old.network(), onOld), options, r -> { });
      newResults = onNew.isEmpty() ? List.of()
          : engines.verify(new Spec(neu.file(), neu.network(), onNew), options, r -> { });
    }
    List<DiffAssertions.Change> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    for (DiffAssertions.Item it : plan) {
      if (!it.needed()) {
        continue;
      }
      Optional<String> o = it.notOnOld().isEmpty()
          ? Optional.of(oldResults.get(i++).verdict().word()) : Optional.empty();
      Optional<String> n = it.notOnNew().isEmpty()
          ? Optional.of(newResults.get(j++).verdict().word()) : Optional.empty();
      if (!o.equals(n)) {
        out.add(new DiffAssertions.Change(it.file(), it.assertion(), o, n, it.notOnOld(),
            it.notOnNew()));
      }
    }
    return out;
  }

  private OutputGuard guard(Side[] sides) {
    Set<String> read = new LinkedHashSet<>();
    inputs.forEach(p -> read.add(p.toString()));
    if (terraform != null) {
      read.add(terraform.toString());
    }
    for (Side s : sides) {
      read.addAll(s.loaded().sources().keySet());
    }
    return new OutputGuard(read);
  }

  /** The formats to write, in the order given; text on standard output when none is given. */
  private List<Output> targets() {
    return FormatOutput.targets(outputs, Output::text, spec);
  }

  private int jobs() {
    if (jobs < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--jobs must be a positive number of worker threads (or 0 for one per core), not "
              + jobs);
    }
    return jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
  }
}

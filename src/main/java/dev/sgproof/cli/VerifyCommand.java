package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Engine;
import dev.sgproof.query.ExhaustiveEngine;
import dev.sgproof.query.Verifier;
import dev.sgproof.report.FileResult;
import dev.sgproof.report.JsonReport;
import dev.sgproof.report.Summary;
import dev.sgproof.report.TextReport;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import dev.sgproof.smt.SmtEngine;
import dev.sgproof.smt.SmtOptions;
import java.io.PrintWriter;
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

  enum Format { text, json }

  enum EngineName { smt, exhaustive }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files to verify.")
  List<Path> files;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--engine", defaultValue = "smt",
      description = "The decision procedure: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  EngineName engine;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "The solver's time limit per query, in seconds (default: ${DEFAULT-VALUE});"
          + " a query that reaches it makes its assertion unknown, never proved.")
  double timeoutSeconds;

  @Option(names = "--jobs", defaultValue = "0",
      description = "Worker threads (default: the number of cores).")
  int jobs;

  @Option(names = "--quiet", description = "Print only refuted and unknown assertions and the summary.")
  boolean quiet;

  @Option(names = "--explain", description = "Under each proved assertion, list the rules the proof depends on.")
  boolean explain;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
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
    List<FileResult> results = new ArrayList<>();
    try {
      Verifier verifier = new Verifier(engines(), jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors());
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
      err.println("sgproof: internal error: the solver and the concrete evaluator disagree: " + e.getMessage());
      err.flush();
      return Summary.EXIT_INTERNAL_ERROR;
    }
    String rendered = format == Format.json
        ? new JsonReport().render(results)
        : new TextReport(Terminal.colour(), quiet, explain).render(results);
    out.print(rendered);
    out.flush();
    return Summary.of(results).exitCode();
  }

  private Supplier<Engine> engines() {
    if (!(timeoutSeconds > 0) || timeoutSeconds > Integer.MAX_VALUE / 1000.0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--timeout must be a positive number of seconds, not " + timeoutSeconds);
    }
    SmtOptions options = new SmtOptions(
        (int) Math.max(1, Math.round(timeoutSeconds * 1000)), explain || format == Format.json);
    return switch (engine) {
      case smt -> () -> new SmtEngine(options);
      case exhaustive -> ExhaustiveEngine::new;
    };
  }
}

package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Matrix;
import dev.sgproof.report.FileResult;
import dev.sgproof.report.HtmlPage;
import dev.sgproof.report.HtmlReport;
import dev.sgproof.report.Summary;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof report SPEC... -o report.html}: a self-contained HTML page for a review. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies each SPEC and writes one self-contained HTML page (no network access: its style,"
          + " script and data are inline) for a design review or a CI artifact: the summary;"
          + " each assertion with its verdict, a refuted one with its counterexample, trace and"
          + " every violating flow as boxes, a proved one with the rules it rests on; who"
          + " reaches whom as a heat map; the group graph.",
      "",
      "Exit codes: those of verify: 0 every assertion proved; 1 at least one refuted; 2 the"
          + " input has errors (no page is written) or the page cannot be written; 3 internal"
          + " error; 4 no assertion refuted but at least one unknown; 5 no SPEC holds an"
          + " assertion (the page is written all the same)."
    })
final class ReportCommand implements Callable<Integer> {
  enum MatrixBy { group, instance, nic, none }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files to verify.")
  List<Path> files;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "The HTML file to write (atomically).")
  Path output;

  @Option(names = "--engine", defaultValue = "auto",
      description = "The decision procedure for verdicts, as for verify: auto, smt or exhaustive"
          + " (default: ${DEFAULT-VALUE}).")
  EngineChoice engine;

  @CommandLine.Mixin TimeoutOption timeout;

  @CommandLine.Mixin IncludePathOption includePath;

  @Option(names = "--jobs", defaultValue = "0",
      description = "Worker threads for verification (default: the number of cores).")
  int jobs;

  @Option(names = "--max-boxes", defaultValue = "20", paramLabel = "N",
      description = "The most violation boxes listed per refuted assertion; the page says how"
          + " many there are in all; 0: the violation sets are not computed (default:"
          + " ${DEFAULT-VALUE}).")
  int maxBoxes;

  @Option(names = "--matrix", split = ",", paramLabel = "BY",
      description = "The matrices to show: group, instance, nic, or none (default: group,"
          + "instance).")
  List<MatrixBy> matrix = new ArrayList<>(List.of(MatrixBy.group, MatrixBy.instance));

  @Option(names = "--matrix-max", defaultValue = "2000", paramLabel = "N",
      description = "Leave out (with a note) a matrix with more than N endpoints (default:"
          + " ${DEFAULT-VALUE}).")
  int matrixMax;

  /** The exact computations behind cells, and boxes when the engines list none (tests). */
  HtmlReport.Exact exact = HtmlReport.byTables();

  /** Whether the engines list the violation boxes (else {@link #exact} does: tests). */
  boolean enginesListBoxes = true;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxBoxes < 0 || matrixMax < 0 || jobs < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-boxes, --matrix-max and --jobs take a number of at least 0");
    }
    List<LoadResult> loaded = new ArrayList<>();
    boolean errors = false;
    var roots = includePath.roots();
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
    if (errors) {
      err.println("sgproof: the input has errors; no report is written");
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    Set<String> inputs = new LinkedHashSet<>();
    files.forEach(f -> inputs.add(f.toString()));
    loaded.forEach(r -> inputs.addAll(r.sources().keySet()));
    OutputGuard guard = new OutputGuard(inputs);
    String refusal = guard.refusal(output);
    if (refusal != null) {
      err.println("sgproof: cannot write the report " + output + ": " + refusal);
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    for (int i = 0; i < files.size(); i++) {
      if (loaded.get(i).spec().assertions().isEmpty()) {
        err.println(files.get(i) + ": warning: the spec holds no assertion; nothing in it is"
            + " checked");
      }
    }
    err.flush();
    String page;
    List<FileResult> results = new ArrayList<>();
    try {
      EngineOptions options = EngineOptions.of(engine).withTimeout(timeout.millis())
          .withDependsOn(true).withSteps(true).withMaxBoxes(enginesListBoxes ? maxBoxes : 0);
      try (Engines engines = new Engines(jobs > 0 ? jobs
          : Runtime.getRuntime().availableProcessors())) {
        for (int i = 0; i < files.size(); i++) {
          LoadResult r = loaded.get(i);
          List<AssertionResult> checked = engines.verify(r.spec(), options, x -> {});
          results.add(new FileResult(files.get(i).toString(), r.diagnostics(),
              Optional.of(r.spec().network()), checked));
        }
      }
      page = HtmlPage.render(HtmlReport.model(results, exact,
          new HtmlReport.Options(maxBoxes, matrices(), matrixMax), Versions.sgproof()));
    } catch (DisagreementException e) {
      err.println("sgproof: internal error: the solver and the concrete evaluator disagree: "
          + e.getMessage());
      err.flush();
      return Summary.EXIT_INTERNAL_ERROR;
    }
    int code = guard.write(output, page, "the report", err);
    if (code != 0) {
      return code;
    }
    Summary s = Summary.of(results);
    out.println("wrote " + output + " (" + String.format(Locale.ROOT, "%,d",
        page.getBytes(StandardCharsets.UTF_8).length) + " bytes): " + s.line());
    out.flush();
    return s.exitCode();
  }

  private List<Matrix.By> matrices() {
    Set<Matrix.By> out = new LinkedHashSet<>();
    for (MatrixBy m : matrix) {
      if (m != MatrixBy.none) {
        out.add(Matrix.By.valueOf(m.name().toUpperCase(Locale.ROOT)));
      }
    }
    return List.copyOf(out);
  }

}

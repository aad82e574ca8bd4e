package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.DecisionTablesByMatching;
import dev.sgproof.query.Lint;
import dev.sgproof.report.Json;
import dev.sgproof.report.LintReport;
import dev.sgproof.report.Summary;
import dev.sgproof.semantics.IncludeRoots;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof lint SPEC}: rules that do nothing, and what the internet reaches. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Finds, with proof over every flow class, the rules of SPEC that decide nothing (shadowed),"
          + " that can be deleted without changing any decision (redundant), repeated statements"
          + " (duplicate), groups without members (unused), and NICs that an internet address"
          + " reaches on an administrative or database port (exposure: tcp 22, 3389, 3306, 5432,"
          + " 1433, 6379, 27017, 9200, tcp and udp 11211), with the quota warnings.",
      "",
      "Exit codes: 0 no finding; 1 some finding; 2 input errors; 3 internal error."
    })
final class LintCommand implements Callable<Integer> {
  enum Format { text, json, sarif }

  /** One {@code --format F [--output FILE]} pair ({@link FormatOutput}). */
  static final class Output extends FormatOutput<Format> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
        description = "text, json or sarif (default: text on standard output). Repeat to write"
            + " several formats in one run.")
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

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files, each linted alone.")
  List<Path> files;

  @CommandLine.ArgGroup(exclusive = false, multiplicity = "0..*")
  List<Output> outputs = new ArrayList<>();

  @Option(names = "--exposure-ports", paramLabel = "PROTO:PORT[,...]", split = ",",
      description = "More ports to check for exposure, e.g. tcp:8080,udp:161.")
  List<String> morePorts = new ArrayList<>();

  @Option(names = "--jobs", defaultValue = "0", paramLabel = "N",
      description = "Worker threads (default 0: one per core); the findings are the same.")
  int jobs;

  @CommandLine.Mixin IncludePathOption includePath;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (jobs < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--jobs must be a positive number of worker threads (or 0 for one per core), not "
              + jobs);
    }
    int workers = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
    List<Output> targets = targets();
    List<Lint.ExposurePort> ports = ports();
    IncludeRoots roots = includePath.roots();
    List<LoadResult> loaded = new ArrayList<>();
    boolean errors = false;
    for (Path f : files) {
      LoadResult r = SpecLoader.read(f, roots);
      loaded.add(r);
      errors |= r.hasErrors();
    }
    if (errors) {
      for (LoadResult r : loaded) {
        DiagnosticRenderer renderer = new DiagnosticRenderer(r.sources());
        for (Diagnostic d : r.diagnostics()) {
          err.print(renderer.render(d));
        }
      }
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    Set<String> inputs = new LinkedHashSet<>();
    files.forEach(f -> inputs.add(f.toString()));
    loaded.forEach(r -> inputs.addAll(r.sources().keySet()));
    OutputGuard guard = new OutputGuard(inputs);
    List<String> problems = FormatOutput.problems(targets, guard);
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("sgproof: " + p));
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    List<LintReport.FileFindings> results = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      LoadResult r = loaded.get(i);
      var network = r.spec().network();
      results.add(new LintReport.FileFindings(files.get(i).toString(), r.sources(), network,
          r.diagnostics(), Lint.of(network, DecisionTablesByMatching::new, ports, workers)));
    }
    LintReport report = new LintReport(results);
    for (Output o : targets) {
      String text = switch (o.format) {
        case text -> report.text();
        case json -> Json.render(report.json());
        case sarif -> report.sarif(Versions.sgproof());
      };
      int code = o.write(text, out, guard, err);
      if (code != 0) {
        return code;
      }
    }
    return report.count() == 0 ? 0 : 1;
  }

  /** The default exposure ports and those of --exposure-ports (a usage error when malformed). */
  private List<Lint.ExposurePort> ports() {
    List<Lint.ExposurePort> out = new ArrayList<>(Lint.DEFAULT_EXPOSURE_PORTS);
    for (String item : morePorts) {
      String[] parts = item.trim().toLowerCase(Locale.ROOT).split(":", -1);
      int protocol = parts.length == 2 && parts[0].equals("tcp") ? Protocols.TCP
          : parts.length == 2 && parts[0].equals("udp") ? Protocols.UDP : -1;
      int port = -1;
      if (parts.length == 2 && parts[1].matches("[0-9]{1,5}")) {
        port = Integer.parseInt(parts[1]);
      }
      if (protocol < 0 || port < 1 || port > 65535) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--exposure-ports takes PROTO:PORT items (tcp or udp, a port 1..65535) separated by"
                + " commas, e.g. tcp:8080,udp:161; not '" + Echo.printable(item) + "'");
      }
      Lint.ExposurePort p = new Lint.ExposurePort(protocol, port);
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The formats to write, in the order given; text on standard output when none is given. */
  private List<Output> targets() {
    return FormatOutput.targets(outputs, Output::text, spec);
  }
}

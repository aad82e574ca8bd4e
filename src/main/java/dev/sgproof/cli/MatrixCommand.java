package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.Suggestions;
import dev.sgproof.model.Network;
import dev.sgproof.query.Matrix;
import dev.sgproof.query.MatrixByTables;
import dev.sgproof.report.Json;
import dev.sgproof.report.MatrixReport;
import dev.sgproof.report.Summary;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof matrix SPEC}: who reaches whom, exactly. */
@Command(
    name = "matrix",
    mixinStandardHelpOptions = true,
    description = {
      "Prints who reaches whom in SPEC: for each ordered pair of instances, groups or NICs (and"
          + " internet, the addresses no NIC owns in public space, and external, every address"
          + " no NIC owns), the traffic permitted always (for every address of the pair and"
          + " every source port) and sometimes (for some); nothing else is ever permitted."
          + " Rows or columns that behave alike are folded into one with a count (internet and"
          + " external never are).",
      "",
      "Exit codes: 0 done; 2 the spec has errors, or a --from or --to pattern matches no name."
    })
final class MatrixCommand implements Callable<Integer> {
  enum By { instance, group, nic }

  enum Format { text, csv, json }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SPEC", description = "The spec file.")
  Path file;

  @Option(names = "--by", defaultValue = "instance",
      description = "instance, group or nic (default: ${DEFAULT-VALUE}).")
  By by;

  @Option(names = "--from", paramLabel = "NAME",
      description = "Only these sources: a name or a glob (web*, ?b); repeatable.")
  List<String> from = new ArrayList<>();

  @Option(names = "--to", paramLabel = "NAME",
      description = "Only these destinations: a name or a glob; repeatable.")
  List<String> to = new ArrayList<>();

  @CommandLine.Mixin IncludePathOption includePath;

  @Option(names = "--format", defaultValue = "text",
      description = "text, csv or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadResult loaded = SpecLoader.read(file, includePath.roots());
    DiagnosticRenderer renderer = new DiagnosticRenderer(loaded.sources());
    for (Diagnostic d : loaded.diagnostics()) {
      err.print(renderer.render(d));
    }
    err.flush();
    if (loaded.hasErrors()) {
      return Summary.EXIT_INPUT_ERROR;
    }
    Network n = loaded.spec().network();
    Matrix.By how = Matrix.By.valueOf(by.name().toUpperCase(java.util.Locale.ROOT));
    List<String> names = Matrix.entries(n, how).stream().map(Matrix.Entry::name).toList();
    List<String> problems = new ArrayList<>();
    problems.addAll(unmatched("--from", from, names, n));
    problems.addAll(unmatched("--to", to, names, n));
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("sgproof: " + p));
      err.flush();
      return Summary.EXIT_INPUT_ERROR;
    }
    Matrix.Result m = Matrix.computeCells(n, how, filter(from), filter(to), MatrixByTables.of(n));
    String name = file.toString();
    out.print(switch (format) {
      case text -> MatrixReport.text(name, m);
      case csv -> MatrixReport.csv(m);
      case json -> Json.render(MatrixReport.json(name, m));
    });
    out.flush();
    return 0;
  }

  /**
   * Why each pattern that names no row or column is wrong (a typo would otherwise print an empty
   * matrix, "nothing is permitted", which reads as a finding): what it was matched against, a
   * close name, a name that matches but for case, or the member-less group it names.
   */
  private List<String> unmatched(String option, List<String> patterns, List<String> names,
      Network n) {
    List<String> out = new ArrayList<>();
    Suggestions suggestions = new Suggestions();
    for (String p : patterns) {
      if (names.stream().anyMatch(filter(List.of(p)))) {
        continue;
      }
      String kind = by == By.nic ? "NIC" : by.name();
      String why = option + " '" + Echo.printable(p) + "' matches no " + kind + " of " + file
          + " (nor internet or external)";
      Predicate<String> folded = filter(List.of(p.toLowerCase(java.util.Locale.ROOT)));
      String caseless = names.stream()
          .filter(x -> folded.test(x.toLowerCase(java.util.Locale.ROOT))).findFirst().orElse(null);
      if (caseless != null) {
        why += "; names are case-sensitive: '" + caseless + "' matches but for case";
      } else if (by == By.group && Matrix.emptyGroups(n).contains(p)) {
        why += "; group " + p + " has no member NIC, so it has no row or column";
      } else {
        why += suggestions.closest(p, names).map(c -> "; did you mean '" + c + "'?").orElse("");
      }
      out.add(why);
    }
    return out;
  }

  /** Every name when no pattern is given; else those matching one of the globs. */
  static Predicate<String> filter(List<String> patterns) {
    if (patterns.isEmpty()) {
      return s -> true;
    }
    List<PathMatcher> ms = new ArrayList<>();
    for (String p : patterns) {
      String glob = p.replace("\\", "\\\\").replace("[", "\\[").replace("{", "\\{")
          .replace("/", "\\/");
      ms.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
    }
    return s -> ms.stream().anyMatch(m -> m.matches(Path.of(s.replace('/', '_'))));
  }
}

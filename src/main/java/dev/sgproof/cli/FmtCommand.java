package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.diag.SourceText;
import dev.sgproof.semantics.SourceFiles;
import dev.sgproof.syntax.Formatter;
import dev.sgproof.syntax.SpecText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof fmt}: prints specs in canonical form, or checks that they are. */
@Command(
    name = "fmt",
    mixinStandardHelpOptions = true,
    description = {
      "Prints each FILE in canonical form (declaration order kept, rule columns aligned, comments"
          + " kept). LF, CRLF and CR each end a line; the output keeps the file's line ending (that"
          + " of its first line end).",
      "",
      "Exit codes: 0 done (with --check: every file is canonical); 1 with --check: a file is not"
          + " canonical; 2 a file cannot be read or has syntax errors."
    })
final class FmtCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files.")
  List<Path> files;

  @Option(names = "--check", description = "Print nothing but the names of files that are not"
      + " canonical; exit 1 if there is one.")
  boolean check;

  @Option(names = {"-w", "--write"}, description = "Rewrite each file that is not canonical in"
      + " place instead of printing it.")
  boolean write;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int exit = 0;
    for (Path f : files) {
      String name = f.toString();
      SourceFiles.Outcome read = SourceFiles.read(f, name);
      if (!read.ok()) {
        // As verify prints it: file:1:1: error[SG002]: ...
        err.print(new DiagnosticRenderer(Map.of()).render(Diagnostic.error(
            DiagnosticCode.SG002, SourceSpan.none(name), name + " " + read.whyNot())));
        exit = 2;
        continue;
      }
      SourceText source = read.text();
      String text = source.text();
      Formatter.Result r = Formatter.format(source);
      if (!r.ok()) {
        var notSpec = SpecText.firstWordBeginsNoStatement(source);
        if (notSpec.isPresent()) {
          // Not spec text: no line and no token of it is echoed (README, "Includes").
          err.println(notSpec.get().position() + ": error[SG007]: " + name + " is not spec text:"
              + " its first word begins no statement, so none of its lines are shown");
          exit = 2;
          continue;
        }
        DiagnosticRenderer renderer = new DiagnosticRenderer(Map.of(name, source));
        for (Diagnostic d : r.errors()) {
          err.print(renderer.render(d));
        }
        exit = 2;
        continue;
      }
      boolean canonical = r.text().equals(text);
      if (check) {
        if (!canonical) {
          out.println(name);
          exit = Math.max(exit, 1);
        }
      } else if (write) {
        if (!canonical) {
          try {
            AtomicFiles.writeString(f, r.text());
          } catch (IOException e) {
            err.println(name + ": cannot be written: " + AtomicFiles.why(e));
            exit = 2;
          }
        }
      } else {
        out.print(r.text());
      }
    }
    out.flush();
    err.flush();
    return exit;
  }
}

package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import dev.sgproof.imports.Account;
import dev.sgproof.imports.AlibabaImporter;
import dev.sgproof.imports.Escape;
import dev.sgproof.imports.ImportException;
import dev.sgproof.imports.ImportWarning;
import dev.sgproof.imports.Omission;
import dev.sgproof.imports.SpecWriter;
import dev.sgproof.imports.TerraformImporter;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SourceFiles;
import dev.sgproof.semantics.SpecLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sgproof import}: writes a spec (network only) from cloud inputs. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Writes the security groups and network interfaces of a real account as a spec.",
    subcommands = {ImportCommand.Alibaba.class, ImportCommand.Terraform.class})
final class ImportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "alibaba or terraform is required");
  }

  static final String EXIT_CODES =
      "Exit codes: 0 written (warnings on standard error); 2 an input is malformed (the message"
          + " names the file and the JSON path), the input has what the spec cannot say (without"
          + " --allow-partial), the output is an input, or the written spec does not load.";

  static final String ALLOW_PARTIAL =
      "Write the spec even when the input has rules or other items that it cannot say (prefix"
          + " lists not in the input, quintuple rules, port lists, groups of other accounts,"
          + " delegated prefixes, groups whose rules or type are missing...). They are left out,"
          + " listed on standard error and in the spec's first lines with the verdicts they can"
          + " falsify. Without this option such input is refused (exit 2).";

  @Command(
      name = "alibaba",
      mixinStandardHelpOptions = true,
      description = {
        "Reads JSON responses of DescribeSecurityGroupAttribute, DescribeSecurityGroups,"
            + " DescribeNetworkInterfaces, DescribeInstances, DescribePrefixListAttributes and"
            + " DescribePrefixLists (any mix, several pages) and writes one spec.",
        "",
        EXIT_CODES
      })
  static final class Alibaba implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "API responses (JSON).")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.sg",
        description = "Where to write the spec (default: standard output).")
    Path output;

    @Option(names = "--allow-partial", description = ALLOW_PARTIAL)
    boolean allowPartial;

    @Override
    public Integer call() {
      return run(spec, files, output, allowPartial, account -> {
        AlibabaImporter importer = new AlibabaImporter(account);
        for (Path f : files) {
          importer.read(f.toString(), readText(f));
        }
        return SpecWriter.write(account);
      });
    }
  }

  @Command(
      name = "terraform",
      mixinStandardHelpOptions = true,
      description = {
        "Reads the output of `terraform show -json` (state or plan) and writes one spec.",
        "",
        EXIT_CODES
      })
  static final class Terraform implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1", paramLabel = "FILE", description = "terraform show -json output.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.sg",
        description = "Where to write the spec (default: standard output).")
    Path output;

    @Option(names = "--allow-partial", description = ALLOW_PARTIAL)
    boolean allowPartial;

    @Override
    public Integer call() {
      return run(spec, List.of(file), output, allowPartial, account ->
          new TerraformImporter(account).read(file.toString(), readText(file)));
    }
  }

  interface Job {
    String run(Account account);
  }

  /**
   * The text of an input file, refused as {@code verify} refuses a spec file: a missing file, a
   * directory, a FIFO or device, a file over the size limit, NUL bytes, invalid UTF-8.
   */
  static String readText(Path f) {
    String name = f.toString();
    if (Files.isDirectory(f)) {
      throw new ImportException(name, "", "is a directory, not a JSON file");
    }
    if (Files.isRegularFile(f) && !Files.isReadable(f)) {
      throw new ImportException(name, "", "cannot be read (permission denied)");
    }
    SourceFiles.Outcome read = SourceFiles.read(f, name);
    if (!read.ok()) {
      throw new ImportException(name, "", read.whyNot());
    }
    return read.text().text();
  }

  /** Whether two paths name the same file (or would, for a file that does not exist yet). */
  static boolean sameFile(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException | SecurityException e) {
      // fall back to comparing the paths
    }
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  static int run(CommandLine.Model.CommandSpec spec, List<Path> inputs, Path output,
      boolean allowPartial, Job job) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output != null) {
      for (Path in : inputs) {
        if (sameFile(output, in)) {
          err.println(Escape.text(output.toString()) + ": is one of the input files; writing the"
              + " spec there would replace it (choose another -o)");
          err.flush();
          return 2;
        }
      }
    }
    Account account = new Account();
    String text;
    try {
      text = job.run(account);
    } catch (ImportException e) {
      for (ImportWarning w : account.warnings()) {
        err.println(w);
      }
      err.println(e.getMessage());
      err.flush();
      return 2;
    } catch (OutOfMemoryError | StackOverflowError e) {
      err.println("sgproof: import: the input is too large or too deeply nested for the memory"
          + " available (" + e.getClass().getSimpleName() + ")");
      err.flush();
      return 2;
    }
    for (ImportWarning w : account.warnings()) {
      err.println(w);
    }
    List<Omission> omissions = account.omissions();
    if (!omissions.isEmpty() && !allowPartial) {
      for (Omission o : omissions) {
        err.println(o.line("error"));
      }
      err.println("sgproof: import: " + omissions.size() + " item"
          + (omissions.size() == 1 ? "" : "s") + " of the input (listed above) cannot be said in"
          + " a spec, so a proof on it could be false for the real cloud. Add to the input what"
          + " each line asks for, or pass --allow-partial to write the spec without them (its"
          + " first lines then list them and the verdicts they can falsify).");
      err.flush();
      return 2;
    }
    for (Omission o : omissions) {
      err.println(o.line("warning"));
    }
    String name = output == null ? "imported.sg" : output.toString();
    SourceText source = new SourceText(name, text);
    LoadResult check = SpecLoader.load(source);
    if (check.hasErrors()) {
      DiagnosticRenderer r = new DiagnosticRenderer(check.sources());
      err.println("sgproof: the imported spec does not load:");
      for (Diagnostic d : check.diagnostics()) {
        err.print(r.render(d));
      }
    }
    if (output == null) {
      out.print(text);
    } else {
      try {
        AtomicFiles.writeString(output, text);
      } catch (IOException e) {
        err.println(Escape.text(name) + ": cannot be written: " + Escape.text(String.valueOf(
            e.getMessage())));
        err.flush();
        return 2;
      }
    }
    out.flush();
    err.flush();
    return check.hasErrors() ? 2 : 0;
  }
}

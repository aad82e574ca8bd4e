package dev.sgproof.cli;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import dev.sgproof.imports.Account;
import dev.sgproof.imports.AlibabaImporter;
import dev.sgproof.imports.ImportException;
import dev.sgproof.imports.ImportWarning;
import dev.sgproof.imports.SpecWriter;
import dev.sgproof.imports.TerraformImporter;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
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
          + " names the file and the JSON path) or the written spec does not load.";

  @Command(
      name = "alibaba",
      mixinStandardHelpOptions = true,
      description = {
        "Reads JSON responses of DescribeSecurityGroupAttribute, DescribeSecurityGroups,"
            + " DescribeNetworkInterfaces and DescribeInstances (any mix, several pages) and"
            + " writes one spec.",
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

    @Override
    public Integer call() {
      return run(spec, output, account -> {
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

    @Override
    public Integer call() {
      return run(spec, output, account ->
          new TerraformImporter(account).read(file.toString(), readText(file)));
    }
  }

  interface Job {
    String run(Account account);
  }

  static String readText(Path f) {
    try {
      byte[] bytes = Files.readAllBytes(f);
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ImportException(f.toString(), "$", "is not UTF-8 text");
    } catch (IOException e) {
      throw new ImportException(f.toString(), "$", "cannot be read ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }

  static int run(CommandLine.Model.CommandSpec spec, Path output, Job job) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
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
    }
    for (ImportWarning w : account.warnings()) {
      err.println(w);
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
        err.println(name + ": cannot be written: " + e.getMessage());
        err.flush();
        return 2;
      }
    }
    out.flush();
    err.flush();
    return check.hasErrors() ? 2 : 0;
  }
}

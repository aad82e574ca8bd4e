package dev.sgproof.cli;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sgproof} command. The only place that calls System.exit. */
@Command(
    name = "sgproof",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = "A formal verifier for cloud security groups.",
    subcommands = {
      VerifyCommand.class,
      MergeCommand.class,
      ImportCommand.class,
      FmtCommand.class,
      ExplainCommand.class,
      MatrixCommand.class,
      DiffCommand.class,
      ReportCommand.class,
      LintCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** Runs the command line with the given streams and returns the exit code (for tests too). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(commandLine(args), args, out, err);
  }

  /**
   * The command line for {@code args}. Picocli reads the annotations of every command it is given
   * up front, which took about half of a small run's start; so when the first argument names a
   * subcommand (other than {@code help}, which needs them all), the root is built with that one
   * alone, from the same annotations, and answers exactly as the full one does.
   */
  static CommandLine commandLine(String[] args) {
    Class<?> only = args.length == 0 || args[0].equals("help") ? null : subcommand(args[0]);
    if (only == null) {
      return new CommandLine(new Main());
    }
    Command root = Main.class.getAnnotation(Command.class);
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(new Main());
    spec.name(root.name());
    spec.mixinStandardHelpOptions(root.mixinStandardHelpOptions());
    spec.versionProvider(new Versions());
    spec.usageMessage().description(root.description());
    CommandLine cl = new CommandLine(spec);
    cl.addSubcommand(only);
    return cl;
  }

  /** The subcommand class of {@link Main}'s annotation named {@code name}, or null. */
  private static Class<?> subcommand(String name) {
    for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
      Command a = c.getAnnotation(Command.class);
      if (a != null && (a.name().equals(name) || java.util.Arrays.asList(a.aliases()).contains(name))) {
        return c;
      }
    }
    return null;
  }

  /**
   * Runs a command line built on {@link Main} (tests add commands to it). An out-of-memory error
   * anywhere in a command, in a worker thread too, is one line on {@code err} and exit 3.
   */
  static int run(CommandLine cl, String[] args, PrintStream out, PrintStream err) {
    // FLOW of `explain` has an arrow, "->", which is not an option.
    CommandLine explain = cl.getSubcommands().get("explain");
    if (explain != null) {
      explain.setUnmatchedOptionsArePositionalParams(true);
    }
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (outOfMemory(ex)) {
        return outOfMemory(err);
      }
      err.println("sgproof: internal error: " + ex);
      return 3;
    });
    cl.setParameterExceptionHandler((ex, args1) -> {
      CommandLine c = ex.getCommandLine();
      err.println("sgproof: " + ex.getMessage());
      err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
      return 2;
    });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      return outOfMemory(err);
    }
  }

  /**
   * One line, built before it is needed: when the heap is exhausted the command's data is
   * unreachable by now, but the message must not depend on finding room for it.
   */
  static final String OUT_OF_MEMORY = "sgproof: out of memory (the Java heap is exhausted):"
      + " try a smaller input or a larger heap (-Xmx, as in java -Xmx8g -jar sgproof.jar ...)";

  private static int outOfMemory(PrintStream err) {
    err.println(OUT_OF_MEMORY);
    err.flush();
    return 3;
  }

  /** Whether an out-of-memory error is the exception or one of its causes (a worker's, say). */
  static boolean outOfMemory(Throwable t) {
    for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }
}

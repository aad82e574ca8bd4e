package dev.sgproof.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * One {@code --format F [--output FILE]} pair of a command that writes reports (verify, lint,
 * diff): the pairs repeat, each format goes to its file or, without one, to standard output. A
 * command declares its formats as an enum and its pair as a subclass holding both options (both
 * there so that picocli's synopsis shows them in the order people write them, {@code --format}
 * first); the rules the pairs follow are kept here so that every command applies the same ones.
 *
 * @param <F> the command's formats
 */
abstract class FormatOutput<F extends Enum<F>> {
  /** The description of every command's {@code --output}. */
  static final String OUTPUT_HELP = "Write the preceding --format to FILE instead of standard"
      + " output.";

  /** The format of this pair. */
  abstract F format();

  /** The file of this pair, or null for standard output. */
  abstract Path file();

  /** What the pair writes, for messages: "the json report". */
  final String what() {
    return "the " + format() + " report";
  }

  /**
   * The pairs to write, in the order given: {@code text} on standard output when none is given.
   *
   * @throws CommandLine.ParameterException when more than one format would go to standard output
   */
  static <O extends FormatOutput<?>> List<O> targets(List<O> given, Supplier<O> text,
      CommandLine.Model.CommandSpec spec) {
    if (given.isEmpty()) {
      return List.of(text.get());
    }
    if (given.stream().filter(o -> o.file() == null).count() > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "at most one --format may go to standard output; give the others an --output FILE");
    }
    return given;
  }

  /**
   * Why each output file cannot be written (an input of the run, a directory, an unwritable
   * place, or a file another output also names), in order; empty when all can. {@code planned}
   * collects the files taken, so that a command can add its other outputs (proof records) to it.
   */
  static List<String> problems(List<? extends FormatOutput<?>> targets, OutputGuard guard,
      Map<Path, String> planned) {
    List<String> out = new ArrayList<>();
    for (FormatOutput<?> o : targets) {
      Path file = o.file();
      if (file == null) {
        continue;
      }
      String why = guard.refusal(file);
      if (why != null) {
        out.add("cannot write " + o.what() + " " + file + ": " + why);
      }
      String other = planned.put(file.toAbsolutePath().normalize(), o.what());
      if (other != null) {
        out.add("cannot write " + o.what() + " " + file + ": " + other + " goes there too");
      }
    }
    return out;
  }

  /** {@link #problems} with nothing else planned. */
  static List<String> problems(List<? extends FormatOutput<?>> targets, OutputGuard guard) {
    return problems(targets, guard, new HashMap<>());
  }

  /**
   * Writes {@code text} where the pair says: standard output, or its file atomically. 0, or the
   * exit code of a failed write after printing why.
   */
  int write(String text, PrintWriter out, OutputGuard guard, PrintWriter err) {
    if (file() == null) {
      out.print(text);
      out.flush();
      return 0;
    }
    return guard.write(file(), text, what(), err);
  }
}

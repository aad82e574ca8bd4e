package dev.sgproof.cli;

import dev.sgproof.semantics.IncludeRoots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --include-path DIR}: a directory tree that {@code include} may read from besides the
 * current directory's. Shared by every command that loads specs with their includes.
 */
final class IncludePathOption {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  @Option(names = "--include-path", paramLabel = "DIR",
      description = "Let include read files under DIR (symbolic links resolved); without it an"
          + " include may only read files under the current directory. Repeatable.")
  List<Path> dirs = new ArrayList<>();

  /** The allowed trees; a usage error (exit 2) when a DIR is not a directory. */
  IncludeRoots roots() {
    try {
      return IncludeRoots.of(dirs);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          "--include-path " + e.getMessage());
    }
  }
}

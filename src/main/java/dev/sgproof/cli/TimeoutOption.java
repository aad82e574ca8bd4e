package dev.sgproof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --timeout SECONDS}: the solver's limit per query, shared by verify and bench. */
final class TimeoutOption {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "The solver's time limit per query, in seconds (default: ${DEFAULT-VALUE});"
          + " a query that reaches it makes its assertion unknown, never proved.")
  double seconds;

  /** The limit in milliseconds (at least 1); a usage error (exit 2) unless positive and finite. */
  int millis() {
    if (!(seconds > 0) || seconds > Integer.MAX_VALUE / 1000.0) {
      throw new CommandLine.ParameterException(mixee.commandLine(),
          "--timeout must be a positive number of seconds, not " + seconds);
    }
    return (int) Math.max(1, Math.round(seconds * 1000));
  }
}

package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * When the first argument names a command, the command line is built with that command alone
 * (picocli's reading of every command's annotations was half of a small run's start); it must
 * answer every input exactly as the full command line does.
 */
class LeanCommandLineTest {
  private static final String THREE_TIER = "specs/three-tier.sg";

  private static List<Object> run(CommandLine cl, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(cl, args, o, e);
    }
    return List.of(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aNamedCommandIsBuiltAlone() {
    assertEquals(Set.of("verify"),
        Main.commandLine(new String[] {"verify", THREE_TIER}).getSubcommands().keySet());
    assertEquals(Set.of("import"),
        Main.commandLine(new String[] {"import", "alibaba", "x.json"}).getSubcommands().keySet());
    assertEquals(new CommandLine(new Main()).getSubcommands().keySet(),
        Main.commandLine(new String[] {"help", "verify"}).getSubcommands().keySet());
    assertEquals(new CommandLine(new Main()).getSubcommands().keySet(),
        Main.commandLine(new String[] {"--help"}).getSubcommands().keySet());
  }

  @Test
  void everyCommandAnswersAsTheFullCommandLineDoes() {
    List<String[]> inputs =
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"--version"},
            new String[] {"help"},
            new String[] {"help", "verify"},
            new String[] {"nosuch"},
            new String[] {"verfy", THREE_TIER},
            new String[] {"verify"},
            new String[] {"verify", "--help"},
            new String[] {"verify", "--version"},
            new String[] {"verify", "--bogus", THREE_TIER},
            new String[] {"verify", "--engine", "nope", THREE_TIER},
            new String[] {"verify", "--dry-run", THREE_TIER},
            new String[] {"verify", "--format", "json", THREE_TIER},
            new String[] {"verify", "--", "--help"},
            new String[] {"import"},
            new String[] {"import", "--help"},
            new String[] {"import", "alibaba", "--help"},
            new String[] {"import", "terraform"},
            new String[] {"fmt", "--help"},
            new String[] {"fmt", "--check", THREE_TIER},
            new String[] {"bench", "--help"},
            new String[] {"diff", "--help"},
            new String[] {"explain", "--help"},
            new String[] {"explain", THREE_TIER, "tcp", "10.0.0.1:1", "->", "10.0.0.2:2"},
            new String[] {"matrix", "--help"},
            new String[] {"matrix", THREE_TIER});
    for (String[] args : inputs) {
      assertEquals(run(new CommandLine(new Main()), args), run(Main.commandLine(args), args),
          String.join(" ", args));
    }
  }

  @Test
  void everyCommandOfTheRootCanBeBuiltAlone() {
    for (String name : new CommandLine(new Main()).getSubcommands().keySet()) {
      if (!name.equals("help")) {
        assertEquals(Set.of(name),
            Main.commandLine(new String[] {name}).getSubcommands().keySet(), name);
      }
    }
  }
}

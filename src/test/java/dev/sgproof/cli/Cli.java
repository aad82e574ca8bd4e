package dev.sgproof.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Runs the command line in-process and captures what it prints. */
record Cli(int exit, String out, String err) {

  static Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A test resource of this package as a path. */
  static String resource(String name) {
    try {
      return Paths.get(Cli.class.getResource(name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static final String RESOURCES = "src/test/resources/dev/sgproof/cli/";
  static final String QUICK = RESOURCES + "quick.sg";
  static final String BROKEN = RESOURCES + "broken.sg";

  /** The repository's specs/ folder (tests run from the project root). */
  static Path specs() {
    return Paths.get("specs");
  }
}

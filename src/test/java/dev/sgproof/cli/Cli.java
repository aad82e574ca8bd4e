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

  /**
   * A fresh empty directory under target/, named relative to the current directory (the project
   * root): --proofs, --check-proofs and --smt2 need their specs inside the current directory.
   * Delete it with {@link #delete}.
   */
  static Path workDir() {
    try {
      Path target = Paths.get("target");
      java.nio.file.Files.createDirectories(target);
      return java.nio.file.Files.createTempDirectory(target, "cli-test-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Deletes a directory tree (what {@link #workDir} made). */
  static void delete(Path dir) {
    if (dir == null || !java.nio.file.Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = java.nio.file.Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The repository's specs/ folder (tests run from the project root). */
  static Path specs() {
    return Paths.get("specs");
  }
}

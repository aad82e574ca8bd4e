package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * An out-of-memory error anywhere in a command is one line on standard error and exit 3: never a
 * stack trace, never exit 2 (an input error) as when the loader turned it into a diagnostic.
 */
class OutOfMemoryTest {

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    final Throwable thrown;

    Boom(Throwable thrown) {
      this.thrown = thrown;
    }

    @Override
    public Integer call() throws Exception {
      if (thrown instanceof Error e) {
        throw e;
      }
      throw (Exception) thrown;
    }
  }

  private static Cli run(Throwable thrown) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      CommandLine cl = new CommandLine(new Main()).addSubcommand("boom", new Boom(thrown));
      code = Main.run(cl, new String[] {"boom"}, o, e);
    }
    return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anOutOfMemoryErrorInACommandIsOneLineAndExit3() {
    Cli r = run(new OutOfMemoryError("Java heap space"));
    assertEquals(3, r.exit());
    assertEquals(Main.OUT_OF_MEMORY + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void anOutOfMemoryErrorOfAWorkerThreadIsOneLineAndExit3() {
    // What Verifier rethrows when a worker of the pool runs out of memory.
    Throwable wrapped = new IllegalStateException(
        new ExecutionException(new OutOfMemoryError("Java heap space")));
    Cli r = run(wrapped);
    assertEquals(3, r.exit());
    assertEquals(Main.OUT_OF_MEMORY + System.lineSeparator(), r.err());
  }

  @Test
  void otherInternalErrorsStayInternalErrors() {
    Cli r = run(new IllegalStateException("a bug"));
    assertEquals(3, r.exit());
    assertTrue(r.err().startsWith("sgproof: internal error: "), r.err());
  }

  /**
   * A real heap exhaustion while reading and parsing: a 12 MB spec of distinct rules in a JVM with
   * a 48 MB heap (the text alone takes 24 MB as UTF-16, its tokens several times that).
   */
  @Test
  void aSpecTooLargeForTheHeapIsOneLineAndExit3(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path spec = dir.resolve("large.sg");
    try (Writer w = Files.newBufferedWriter(spec, StandardCharsets.UTF_8)) {
      for (int g = 0; g < 3_000; g++) {
        w.write("group G" + g + " {\n");
        for (int r = 0; r < 100; r++) {
          w.write("  ingress allow tcp " + (1 + r) + " from 10." + (g % 250) + "." + r + ".0/24\n");
        }
        w.write("}\n");
      }
    }
    assertTrue(Files.size(spec) > 12_000_000, "the spec is large enough");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx48m", "-XX:-UsePerfData",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "verify", "--dry-run", spec.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run ends");
    String shown = new String(err, StandardCharsets.UTF_8);
    assertEquals(List.of(Main.OUT_OF_MEMORY), shown.lines().toList(), shown);
    assertEquals(3, p.exitValue(), shown);
  }
}

package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's 30-second example shows the real output of the real command. */
class ReadmeExampleTest {

  @Test
  void theQuickExampleOutputIsWhatVerifyPrints(@TempDir Path dir) throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String spec = block(readme, "`quick.sg`:\n\n```\n");
    String shown = block(readme, "$ java -jar target/sgproof.jar verify quick.sg\n");
    int exitAt = shown.indexOf("$ echo $?\n");
    assertTrue(exitAt > 0, "the README shows the exit code");
    String expectedOut = shown.substring(0, exitAt);
    int expectedExit = Integer.parseInt(shown.substring(exitAt + "$ echo $?\n".length()).trim());

    Path file = dir.resolve("quick.sg");
    Files.writeString(file, spec);
    Cli r = Cli.run("verify", file.toString());
    assertEquals(expectedOut, r.out().replace(file.toString(), "quick.sg"));
    assertEquals(expectedExit, r.exit());
    assertEquals("", r.err());
  }

  /** The text after {@code start} up to the closing fence. */
  private static String block(String text, String start) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, "README has no " + start.trim());
    from += start.length();
    return text.substring(from, text.indexOf("```", from));
  }
}

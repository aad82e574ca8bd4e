package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --include-path}: includes outside the current directory's tree need it. */
class IncludePathTest {
  @TempDir Path dir;

  private Path main() throws IOException {
    Files.writeString(dir.resolve("net.sg"), "group Web\ninstance web ip 10.0.0.1 in Web\n");
    return Files.writeString(dir.resolve("main.sg"),
        "include \"net.sg\"\nassert internet -> web unreachable\n");
  }

  @Test
  void anIncludeOutsideTheCurrentDirectoryIsAnInputErrorThatSaysHowToAllowIt() throws IOException {
    Cli r = Cli.run("verify", main().toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(dir.resolve("main.sg") + ":1:9: error[SG006]"), r.err());
    assertTrue(r.err().contains("--include-path " + dir.toRealPath()), r.err());
  }

  @Test
  void includePathAllowsTheTree() throws IOException {
    Cli r = Cli.run("verify", "--include-path", dir.toString(), main().toString());
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void includePathMustNameADirectory() throws IOException {
    Cli r = Cli.run("verify", "--include-path", dir.resolve("none").toString(), main().toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith("sgproof: --include-path "), r.err());
  }

  @Test
  void fmtNeverEchoesAFileThatIsNotSpecText() throws IOException {
    Path secret = Files.writeString(dir.resolve("shadow"), "root:$6$hunter2:19000:0:99999:7:::\n");
    Cli r = Cli.run("fmt", secret.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(secret + ":1:1: error[SG007]"), r.err());
    assertFalse(r.err().contains("hunter2") || r.out().contains("hunter2"), r.err());
  }

  @Test
  void verifyNeverEchoesAFileThatIsNotSpecText() throws IOException {
    Path secret = Files.writeString(dir.resolve("shadow"), "root:$6$hunter2:19000:0:99999:7:::\n");
    Cli r = Cli.run("verify", "--format", "json", secret.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(secret + ":1:1: error[SG007]"), r.err());
    assertFalse(r.err().contains("hunter2") || r.out().contains("hunter2"), r.out() + r.err());
  }
}

package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that checks nothing must not pass a CI gate: exit 5, and a warning per empty file. */
class NothingCheckedTest {
  private static final String NETWORK = String.join("\n",
      "group Web basic {",
      "  ingress allow tcp 80 from 0.0.0.0/0",
      "}",
      "instance web ip 10.0.0.10 in Web",
      "");

  @TempDir Path dir;

  private String write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f.toString();
  }

  @Test
  void aRunWithoutAnyAssertionExitsFiveAndWarnsPerFile() throws IOException {
    String a = write("a.sg", NETWORK);
    String b = write("b.sg", "# nothing at all\n");
    Cli r = Cli.run("verify", a, b);
    assertEquals(5, r.exit(), r.out() + r.err());
    assertTrue(r.out().endsWith("0 passed, 0 failed, 0 unknown, 0 errors\n"), r.out());
    assertTrue(r.err().contains(a + ": warning: "), r.err());
    assertTrue(r.err().contains(b + ": warning: "), r.err());
  }

  @Test
  void theJsonSummarySaysFiveToo() throws IOException {
    Cli r = Cli.run("verify", "--format", "json", write("a.sg", NETWORK));
    assertEquals(5, r.exit(), r.err());
    assertEquals(5, new ObjectMapper().readTree(r.out()).path("summary").path("exitCode").asInt());
  }

  @Test
  void aFileWithoutAssertionsBesideOthersIsAWarningAndTheOthersDecide() throws IOException {
    String empty = write("a.sg", NETWORK);
    String checked = write("b.sg", NETWORK + "assert 203.0.113.0/24 -> web reachable tcp 80\n");
    Cli r = Cli.run("verify", empty, checked);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("1 passed"), r.out());
    assertTrue(r.err().contains(empty + ": warning: "), r.err());
    assertFalse(r.err().contains(checked + ": warning"), r.err());
  }

  @Test
  void aDryRunOfFilesWithoutAssertionsStillExitsZero() throws IOException {
    Cli r = Cli.run("verify", "--dry-run", write("a.sg", NETWORK));
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void inputErrorsStillExitTwo() throws IOException {
    Cli r = Cli.run("verify", write("a.sg", NETWORK + "group {\n"));
    assertEquals(2, r.exit(), r.err());
    assertFalse(r.err().contains("warning: the spec holds no assertion"), r.err());
  }
}

package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed output ({@code verify --format json --output FILE} renders into the file): an I/O
 * failure of the content is a file that cannot be written (exit 2 and why), but a bug in what
 * renders it is not passed off as one: it is thrown on, as before streaming, and neither leaves
 * the target nor a temporary file behind.
 */
class OutputGuardContentTest {
  @TempDir Path dir;

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void aBugInTheContentIsThrownOnAndLeavesNoFile() throws IOException {
    OutputGuard guard = new OutputGuard(Set.of());
    StringWriter err = new StringWriter();
    IllegalStateException bug = new IllegalStateException("a renderer's bug");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> guard.write(dir.resolve("r.json"), out -> {
          out.write("{\"partial\": ".getBytes());
          throw bug;
        }, "the report", new PrintWriter(err, true)));
    assertSame(bug, thrown);
    assertEquals("", err.toString());
    assertEquals(List.of(), files());
  }

  @Test
  void anIoFailureOfTheContentIsAFileThatCannotBeWritten() throws IOException {
    OutputGuard guard = new OutputGuard(Set.of());
    for (boolean unchecked : new boolean[] {false, true}) {
      StringWriter err = new StringWriter();
      int code = guard.write(dir.resolve("r.json"), out -> {
        out.write('{');
        IOException e = new IOException("no space left on device");
        if (unchecked) {
          throw new UncheckedIOException(e);
        }
        throw e;
      }, "the report", new PrintWriter(err, true));
      assertEquals(2, code);
      assertTrue(err.toString().contains("sgproof: cannot write the report " + dir.resolve("r.json")
          + ": no space left on device"), err.toString());
      assertEquals(List.of(), files());
    }
    assertFalse(Files.exists(dir.resolve("r.json")));
  }

  @Test
  void whatTheContentWritesIsTheFile() throws IOException {
    OutputGuard guard = new OutputGuard(Set.of());
    StringWriter err = new StringWriter();
    assertEquals(0, guard.write(dir.resolve("r.json"), out -> out.write("{}\n".getBytes()),
        "the report", new PrintWriter(err, true)));
    assertEquals("{}\n", Files.readString(dir.resolve("r.json")));
    assertEquals(List.of(dir.resolve("r.json")), files());
  }
}

package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesANewFileAndItsParentDirectories() throws IOException {
    Path f = dir.resolve("a/b/out.json");
    AtomicFiles.writeString(f, "caf\u00e9\n");
    assertEquals("caf\u00e9\n", Files.readString(f, StandardCharsets.UTF_8));
    assertEquals(List.of("out.json"), names(f.getParent()));
  }

  @Test
  void aNewFileIsReadableByOthersAndAReplacedOneKeepsItsMode() throws IOException {
    Path f = dir.resolve("report.json");
    AtomicFiles.writeString(f, "new\n");
    assertEquals("rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    Path spec = dir.resolve("spec.sg");
    Files.writeString(spec, "old\n");
    Files.setPosixFilePermissions(spec,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(spec, "formatted\n");
    assertEquals("rw-rw----",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(spec)));
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("out.json");
    Files.writeString(f, "a much longer old text than the new one\n");
    AtomicFiles.writeString(f, "new\n");
    assertEquals("new\n", Files.readString(f));
    assertEquals(List.of("out.json"), names(dir));
  }

  @Test
  void whenTheContentFailsTheOldFileIsIntactAndTheTemporaryFileGone() throws IOException {
    Path f = dir.resolve("spec.sg");
    Files.writeString(f, "old\n");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old\n", Files.readString(f));
    assertEquals(List.of("spec.sg"), names(dir));
  }

  @Test
  void aDirectoryInTheWayIsAnErrorAndLeavesNothingBehind() throws IOException {
    Path d = dir.resolve("report");
    Files.createDirectory(d);
    Files.writeString(d.resolve("inside"), "kept");
    assertThrows(IOException.class, () -> AtomicFiles.writeString(d, "x"));
    assertEquals(List.of("report"), names(dir));
    assertEquals("kept", Files.readString(d.resolve("inside")));
  }

  @Test
  void aParentThatIsAFileIsAnError() throws IOException {
    Path f = dir.resolve("plain");
    Files.writeString(f, "kept");
    IOException e = assertThrows(IOException.class,
        () -> AtomicFiles.writeString(f.resolve("out.json"), "x"));
    assertTrue(AtomicFiles.why(e).contains("plain"), AtomicFiles.why(e));
    assertEquals("kept", Files.readString(f));
  }

  @Test
  void whyPutsNioExceptionsInWords() {
    assertEquals("permission denied (out.json)", AtomicFiles.why(new AccessDeniedException("out.json")));
    assertEquals("no such file or directory (x/y)", AtomicFiles.why(new NoSuchFileException("x/y")));
    assertEquals("IOException", AtomicFiles.why(new IOException()));
  }
}

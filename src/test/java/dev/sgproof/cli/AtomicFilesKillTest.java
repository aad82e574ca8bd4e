package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while a file is being written leaves the old file intact, and after the write the new
 * one complete. Deterministic: the child process stops at a known point of the write (it says so
 * on standard output) and only then is killed (destroyForcibly, SIGKILL on Linux).
 */
class AtomicFilesKillTest {
  private static final String OLD = "the user's own spec\n";

  @TempDir Path dir;

  /** Runs {@link AtomicWriteChild} on {@code target}, kills it at its stop, returns the file. */
  private String killDuring(String mode, Path target) throws Exception {
    return stopDuring(mode, target, true);
  }

  /**
   * As {@link #killDuring}, stopping the child with SIGTERM ({@code destroy}, what Ctrl-C and
   * CI's timeouts send) when not {@code forcibly}.
   */
  private String stopDuring(String mode, Path target, boolean forcibly) throws Exception {
    Files.writeString(target, OLD);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        AtomicWriteChild.class.getName(), target.toString(), mode)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String said = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          return "read failed: " + e;
        }
      }).get(120, TimeUnit.SECONDS);
      assertEquals(mode.endsWith("half") ? "half written" : "written", said);
    } finally {
      if (forcibly) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
      p.waitFor(60, TimeUnit.SECONDS);
    }
    assertNotEquals(0, p.exitValue(), "the child was killed, it did not end by itself");
    return Files.readString(target);
  }

  @Test
  void killedHalfwayThroughTheWriteTheOldFileIsIntact() throws Exception {
    assertEquals(OLD, killDuring("atomic-half", dir.resolve("spec.sg")));
  }

  @Test
  void killedAfterTheWriteTheNewFileIsComplete() throws Exception {
    assertEquals(AtomicWriteChild.newText(), killDuring("atomic-done", dir.resolve("spec.sg")));
  }

  @Test
  void stoppedBySigtermHalfwayThroughTheWriteItLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("report.json");
    assertEquals(OLD, stopDuring("atomic-half", target, false));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList(), "only the target is left");
    }
  }

  @Test
  void killedWithSigkillHalfwayItLeavesItsTemporaryFile() throws Exception {
    // the control: kill -9 runs no shutdown hook, so the test above sees the hook's work
    Path target = dir.resolve("report.json");
    assertEquals(OLD, killDuring("atomic-half", target));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "the target and a temporary file");
    }
  }

  @Test
  void aPlainWriteKilledHalfwayLeavesATornFile() throws Exception {
    // the control: what the tests above would see of a write that is not atomic
    String torn = killDuring("plain-half", dir.resolve("spec.sg"));
    assertEquals(AtomicWriteChild.newText().length() / 2, torn.length());
    assertNotEquals(OLD, torn);
  }
}

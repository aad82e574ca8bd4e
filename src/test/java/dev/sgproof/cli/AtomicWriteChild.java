package dev.sgproof.cli;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process that {@link AtomicFilesKillTest} kills: writes {@code args[0]} and stops at a known
 * point, says so on standard output, and waits to be killed.
 *
 * <ul>
 *   <li>{@code atomic-half}: through {@link AtomicFiles}, stops after half the new text;
 *   <li>{@code atomic-done}: through {@link AtomicFiles}, stops after the write returned;
 *   <li>{@code plain-half}: as before AtomicFiles ({@code Files.newOutputStream} truncates the
 *       target, then writes), stops after half the new text: the control showing that the test
 *       sees a torn write when there is one.
 * </ul>
 */
public final class AtomicWriteChild {
  private AtomicWriteChild() {}

  /** The new text: long enough to be written in two halves. */
  static String newText() {
    return "NEW ".repeat(16 * 1024) + "END\n";
  }

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    byte[] bytes = newText().getBytes(StandardCharsets.UTF_8);
    int half = bytes.length / 2;
    AtomicFiles.Content stopHalfway = out -> {
      out.write(bytes, 0, half);
      out.flush();
      stop("half written");
      out.write(bytes, half, bytes.length - half);
    };
    switch (args[1]) {
      case "atomic-half" -> AtomicFiles.write(target, stopHalfway);
      case "atomic-done" -> {
        AtomicFiles.write(target, bytes);
        stop("written");
      }
      case "plain-half" -> {
        try (OutputStream out = Files.newOutputStream(target)) {
          stopHalfway.writeTo(out);
        }
      }
      default -> throw new IllegalArgumentException(args[1]);
    }
  }

  /** Says where it is, then waits for kill -9. */
  private static void stop(String where) {
    System.out.println(where);
    System.out.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("not killed");
  }
}

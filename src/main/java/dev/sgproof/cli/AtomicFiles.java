package dev.sgproof.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes files so that a reader (or a crash, or kill -9) never sees a half-written one: the text
 * goes to a temporary file in the same directory, is forced to disk, and is renamed over the
 * target. Until the rename the old file is intact; after it the new one is complete. A run
 * stopped on the way (Ctrl-C, SIGTERM from CI's timeout) removes its temporary files as the JVM
 * shuts down; only kill -9, which runs nothing, leaves one ({@code .NAME.*.tmp} beside NAME).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** The temporary files being written now: what the shutdown hook removes. */
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(
        new Thread(AtomicFiles::deleteInFlight, "sgproof-temporary-files"));
  }

  /**
   * Removes the temporary files of writes still under way (the JVM is stopping). A writer that
   * goes on then fails to rename its file, so its target stays as it was.
   */
  static void deleteInFlight() {
    for (Path tmp : IN_FLIGHT) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // Stopping: nothing more to do about it.
      }
    }
  }

  /** What goes into a file, written to a stream (which the caller must not close). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes UTF-8 text to {@code file} atomically, creating parent directories. */
  public static void writeString(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes bytes to {@code file} atomically, creating parent directories. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, out -> out.write(bytes));
  }

  /**
   * Writes what {@code content} produces to {@code file} atomically, creating parent directories:
   * the target is replaced only after the content is complete and on disk. When {@code content}
   * (or anything after it) fails, the target is untouched and the temporary file is removed.
   */
  public static void write(Path file, Content content) throws IOException {
    Path target = file.toAbsolutePath().normalize();
    Path dir = target.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    IN_FLIGHT.add(tmp);
    try {
      permissions(tmp, target);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(ch);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } finally {
        IN_FLIGHT.remove(tmp);
      }
    }
  }

  /**
   * The temporary file is made readable by its owner only; the file it becomes keeps the mode of
   * the file it replaces, or gets {@code rw-r--r--} (what a umask of 022 gives a new file), so that
   * reports and records stay readable to the other users of a CI machine.
   */
  private static void permissions(Path tmp, Path target) throws IOException {
    try {
      Set<PosixFilePermission> mode = Files.exists(target)
          ? Files.getPosixFilePermissions(target)
          : PosixFilePermissions.fromString("rw-r--r--");
      Files.setPosixFilePermissions(tmp, mode);
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system: its default applies.
    }
  }

  /**
   * Why a file could not be read or written, in words: NIO's exceptions often carry only the path
   * ({@code AccessDeniedException: out.json}).
   */
  public static String why(Throwable e) {
    if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
      e = u.getCause(); // what a stream's consumer failed with, not "java.io.IOException: ..."
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied" + on(a);
    }
    if (e instanceof NoSuchFileException a) {
      return "no such file or directory" + on(a);
    }
    if (e instanceof NotDirectoryException a) {
      return "not a directory" + on(a);
    }
    if (e instanceof FileAlreadyExistsException a) {
      return "a file is in the way" + on(a);
    }
    if (e instanceof FileSystemException a && a.getReason() != null) {
      return a.getReason().toLowerCase(java.util.Locale.ROOT) + on(a);
    }
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
      return "not valid JSON: " + j.getOriginalMessage()
          + (j.getLocation() == null ? ""
              : " (line " + j.getLocation().getLineNr() + ", column "
                  + j.getLocation().getColumnNr() + ")");
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String on(FileSystemException e) {
    return e.getFile() == null ? "" : " (" + e.getFile() + ")";
  }
}

package dev.sgproof.cli;

import dev.sgproof.report.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where a command may write: never over one of its inputs (a spec or a file a spec includes,
 * found by path or as the same file through a link), and only where a file can be written. A
 * refusal or a failed write is an input error (exit 2) with a message naming the file and why;
 * every write is atomic ({@link AtomicFiles}).
 */
final class OutputGuard {
  /** The inputs as given or reached (for messages). */
  private final List<Path> inputs = new ArrayList<>();
  /** The same, absolute and normalised. */
  private final List<Path> absolute = new ArrayList<>();

  /** @param inputs the files read as input, as named (relative ones to the current directory) */
  OutputGuard(Collection<String> inputs) {
    for (String name : inputs) {
      try {
        Path p = Path.of(name);
        this.inputs.add(p);
        absolute.add(p.toAbsolutePath().normalize());
      } catch (InvalidPathException | java.io.IOError | SecurityException e) {
        // a name that is no path was never read from disk, so nothing can overwrite it
      }
    }
  }

  /** The input that {@code target} is (by path, or as the same file), or null when none. */
  Path inputAt(Path target) {
    Path t = target.toAbsolutePath().normalize();
    for (int i = 0; i < absolute.size(); i++) {
      if (absolute.get(i).equals(t)) {
        return inputs.get(i);
      }
    }
    if (Files.exists(t)) {
      for (int i = 0; i < absolute.size(); i++) {
        try {
          if (Files.exists(absolute.get(i)) && Files.isSameFile(absolute.get(i), t)) {
            return inputs.get(i);
          }
        } catch (IOException | SecurityException e) {
          // cannot tell: the write itself will say what is wrong
        }
      }
    }
    return null;
  }

  /**
   * Why the file {@code target} may not be written (it is an input, it is a directory, a parent
   * is no directory or cannot be written), or null when it may.
   */
  String refusal(Path target) {
    Path input = inputAt(target);
    if (input != null) {
      return input.toString().equals(target.toString())
          ? "it is an input of this run (a spec or a file it includes)"
          : "it is the input " + input + " of this run (a spec or a file it includes)";
    }
    if (Files.isDirectory(target)) {
      return "it is a directory";
    }
    return parentRefusal(target.getParent());
  }

  /** Why files cannot be written under the directory {@code dir}, or null when they can. */
  String directoryRefusal(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      return "it is not a directory";
    }
    Path input = inputAt(dir);
    if (input != null) {
      return "it is the input " + input;
    }
    return parentRefusal(dir);
  }

  /** Checks the nearest existing directory on the way to {@code dir} (the current one for null). */
  private static String parentRefusal(Path dir) {
    Path p = dir == null ? null : dir.normalize();
    while (p != null && !p.toString().isEmpty() && !Files.exists(p)) {
      p = p.getParent();
    }
    Path at = p == null || p.toString().isEmpty() ? Path.of(".") : p;
    if (!Files.isDirectory(at)) {
      return at + " is not a directory";
    }
    if (!Files.isWritable(at)) {
      return "the directory " + at + " is not writable";
    }
    return null;
  }

  /**
   * Writes {@code text} to {@code target} atomically; 0, or exit code 2 after printing on
   * {@code err} why not ({@code sgproof: cannot write the proof record FILE: why}).
   *
   * @param what what the file is, for the message ("the report", "the proof record")
   */
  int write(Path target, String text, String what, PrintWriter err) {
    return write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        what, err);
  }

  /**
   * {@link #write(Path, String, String, PrintWriter)} of what {@code content} writes. An
   * exception of the content's own other than an I/O one (a bug in what renders it) is not a
   * file that cannot be written: it is thrown on, after the temporary file is removed.
   */
  int write(Path target, AtomicFiles.Content content, String what, PrintWriter err) {
    String refusal = refusal(target);
    if (refusal == null) {
      try {
        AtomicFiles.write(target, out -> {
          try {
            content.writeTo(out);
          } catch (java.io.UncheckedIOException e) {
            throw e;
          } catch (RuntimeException e) {
            throw new ContentFailed(e);
          }
        });
        return 0;
      } catch (ContentFailed e) {
        throw e.bug;
      } catch (IOException | RuntimeException e) {
        refusal = AtomicFiles.why(e);
      }
    }
    err.println("sgproof: cannot write " + what + " " + target + ": " + refusal);
    err.flush();
    return Summary.EXIT_INPUT_ERROR;
  }

  /** A content's own failure, carried past the write's handling of I/O failures. */
  private static final class ContentFailed extends RuntimeException {
    final RuntimeException bug;

    ContentFailed(RuntimeException bug) {
      super(bug);
      this.bug = bug;
    }
  }
}

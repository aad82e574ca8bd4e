package dev.sgproof.semantics;

import dev.sgproof.diag.SourceText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads spec files as UTF-8 text, refusing directories, binary content and invalid UTF-8. */
public final class SourceFiles {
  /** A source text, or why there is none (a phrase that follows the file name). */
  public record Outcome(SourceText text, String whyNot) {
    public boolean ok() {
      return whyNot.isEmpty();
    }
  }

  /** Larger files are refused rather than risking memory: specs are hand-written or generated. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private SourceFiles() {}

  public static Outcome read(Path file, String name) {
    try {
      if (Files.isDirectory(file)) {
        return failed("is a directory, not a spec file");
      }
      if (!Files.isRegularFile(file)) {
        return failed(Files.exists(file) ? "is not a regular file" : "does not exist");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        return failed("is too large (" + size + " bytes; the limit is " + MAX_BYTES + ")");
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          return failed("is a binary file (it contains NUL bytes)");
        }
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return new Outcome(
          new SourceText(name, text.startsWith("\uFEFF") ? text.substring(1) : text), "");
    } catch (CharacterCodingException e) {
      return failed("is not valid UTF-8 text");
    } catch (IOException | RuntimeException e) {
      return failed(
          "cannot be read: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  private static Outcome failed(String why) {
    return new Outcome(new SourceText("", ""), why);
  }
}

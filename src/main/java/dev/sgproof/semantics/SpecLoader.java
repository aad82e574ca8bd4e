package dev.sgproof.semantics;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.ParseResult;
import dev.sgproof.syntax.Parser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The front end's entry point: text or file -> diagnostics and, when there is no error, a Spec. */
public final class SpecLoader {
  private SpecLoader() {}

  /** Parses and resolves one source text. Never throws. */
  public static LoadResult load(SourceText source) {
    Map<String, SourceText> sources = Map.of(source.name(), source);
    try {
      ParseResult parsed = Parser.parse(source);
      if (parsed.hasErrors()) {
        return new LoadResult(parsed.diagnostics(), Optional.empty(), sources);
      }
      Resolution r = Resolver.resolve(parsed.spec());
      return new LoadResult(r.diagnostics(), r.spec(), sources);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      Diagnostic d = Diagnostic.error(DiagnosticCode.SG004, SourceSpan.none(source.name()),
          "internal error while reading the spec: " + e);
      return new LoadResult(List.of(d), Optional.empty(), sources);
    }
  }

  /**
   * Reads a UTF-8 file and loads it. A file that cannot be read, a directory, invalid UTF-8 or
   * binary content (NUL bytes) is an SG002 diagnostic, never an exception. The file name in spans
   * is {@code file.toString()}.
   */
  public static LoadResult read(Path file) {
    String name = file.toString();
    try {
      if (Files.isDirectory(file)) {
        return unreadable(name, "is a directory, not a spec file");
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          return unreadable(name, "is a binary file (it contains NUL bytes)");
        }
      }
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return load(new SourceText(name, text));
    } catch (CharacterCodingException e) {
      return unreadable(name, "is not valid UTF-8 text");
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      return unreadable(name, "cannot be read: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
  }

  private static LoadResult unreadable(String name, String why) {
    Diagnostic d = Diagnostic.error(DiagnosticCode.SG002, SourceSpan.none(name), name + " " + why);
    return new LoadResult(List.of(d), Optional.empty(), Map.of());
  }
}

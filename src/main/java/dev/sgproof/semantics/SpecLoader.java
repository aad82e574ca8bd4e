package dev.sgproof.semantics;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.ast.SpecNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The front end's entry point: text or file -> diagnostics and, when there is no error, a Spec. */
public final class SpecLoader {
  private SpecLoader() {}

  /** {@link #load(SourceText, IncludeRoots)} with includes allowed in the current directory. */
  public static LoadResult load(SourceText source) {
    return load(source, IncludeRoots.currentDirectory());
  }

  /**
   * Parses and resolves one source text; {@code include "PATH"} reads PATH relative to the
   * directory of {@code source.name()}, and only inside {@code roots}. Never throws, except an
   * {@link OutOfMemoryError}, which the command line reports as such (exit 3).
   */
  public static LoadResult load(SourceText source, IncludeRoots roots) {
    Includes includes = new Includes(roots);
    try {
      SpecNode ast = includes.root(source);
      List<Diagnostic> diagnostics = new ArrayList<>(includes.diagnostics());
      if (includes.hasSyntaxErrors()) {
        return new LoadResult(diagnostics, Optional.empty(), includes.sources());
      }
      Resolution r = Resolver.resolve(ast);
      diagnostics.addAll(r.diagnostics());
      boolean clean = diagnostics.stream().noneMatch(Diagnostic::isError);
      return new LoadResult(diagnostics, clean ? r.spec() : Optional.empty(), includes.sources());
    } catch (RuntimeException | StackOverflowError e) {
      Diagnostic d =
          Diagnostic.error(
              DiagnosticCode.SG004,
              SourceSpan.none(source.name()),
              "internal error while reading the spec: " + e);
      return new LoadResult(List.of(d), Optional.empty(), Map.of());
    }
  }

  /** {@link #read(Path, IncludeRoots)} with includes allowed in the current directory. */
  public static LoadResult read(Path file) {
    return read(file, IncludeRoots.currentDirectory());
  }

  /**
   * Reads a UTF-8 file and loads it. A file that cannot be read, a directory, invalid UTF-8 or
   * binary content (NUL bytes) is an SG002 diagnostic, never an exception. The file name in spans
   * is {@code file.toString()}.
   */
  public static LoadResult read(Path file, IncludeRoots roots) {
    String name = file.toString();
    SourceFiles.Outcome read = SourceFiles.read(file, name);
    if (!read.ok()) {
      Diagnostic d =
          Diagnostic.error(
              DiagnosticCode.SG002,
              SourceSpan.none(name),
              Includes.shown(name) + " " + read.whyNot());
      return new LoadResult(List.of(d), Optional.empty(), Map.of());
    }
    return load(read.text(), roots);
  }
}

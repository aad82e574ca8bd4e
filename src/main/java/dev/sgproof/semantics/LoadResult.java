package dev.sgproof.semantics;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What loading a spec produced: diagnostics in (file, line, column, code) order and the spec. */
public final class LoadResult {
  private final List<Diagnostic> diagnostics;
  private final Optional<Spec> spec;
  private final Map<String, SourceText> sources;

  LoadResult(List<Diagnostic> diagnostics, Optional<Spec> spec, Map<String, SourceText> sources) {
    List<Diagnostic> sorted = new java.util.ArrayList<>(diagnostics);
    sorted.sort(Reporter.ORDER);
    this.diagnostics = List.copyOf(sorted);
    this.spec = spec;
    this.sources = java.util.Collections.unmodifiableMap(new TreeMap<>(sources));
  }

  /** Errors and warnings, sorted by (file, line, column, code). */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** The resolved spec; throws {@link IllegalStateException} when there are errors. */
  public Spec spec() {
    if (hasErrors() || spec.isEmpty()) {
      throw new IllegalStateException("the spec has errors; see diagnostics()");
    }
    return spec.get();
  }

  /** The source texts by file name, for {@link dev.sgproof.diag.DiagnosticRenderer}. */
  public Map<String, SourceText> sources() {
    return sources;
  }
}

package dev.sgproof.semantics;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Spec;
import java.util.List;
import java.util.Map;

/** Placeholder until the front end lands. */
public final class LoadResult {
  public List<Diagnostic> diagnostics() {
    return List.of();
  }

  public boolean hasErrors() {
    return false;
  }

  public Spec spec() {
    throw new IllegalStateException();
  }

  public Map<String, SourceText> sources() {
    return Map.of();
  }
}

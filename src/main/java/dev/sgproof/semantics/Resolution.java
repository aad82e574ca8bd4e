package dev.sgproof.semantics;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.model.Spec;
import java.util.List;
import java.util.Optional;

/** The outcome of resolving one AST: every diagnostic, and the spec when there is no error. */
public record Resolution(List<Diagnostic> diagnostics, Optional<Spec> spec) {
  public Resolution {
    diagnostics = List.copyOf(diagnostics);
  }
}

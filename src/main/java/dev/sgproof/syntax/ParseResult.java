package dev.sgproof.syntax;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.syntax.ast.SpecNode;
import java.util.List;
import java.util.Objects;

/**
 * The AST of one file and its syntax errors. When there are errors the AST holds no statements (a
 * partial tree would only produce follow-on errors in the resolver).
 */
public record ParseResult(SpecNode spec, List<Diagnostic> diagnostics) {
  public ParseResult {
    Objects.requireNonNull(spec, "spec");
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return !diagnostics.isEmpty();
  }
}

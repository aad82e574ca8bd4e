package dev.sgproof.semantics;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.diag.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the diagnostics of one resolution; hands them out in (file, line, column, code) order.
 */
final class Reporter {
  static final Comparator<Diagnostic> ORDER =
      Comparator.comparing((Diagnostic d) -> d.span().file())
          .thenComparingInt(d -> d.span().line())
          .thenComparingInt(d -> d.span().column())
          .thenComparing(Diagnostic::code);

  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final Suggestions suggestions = new Suggestions();
  private int errors;

  void error(DiagnosticCode code, SourceSpan span, String message) {
    diagnostics.add(Diagnostic.error(code, span, message));
    errors++;
  }

  void warning(DiagnosticCode code, SourceSpan span, String message) {
    diagnostics.add(Diagnostic.warning(code, span, message));
  }

  /** " (did you mean 'X'?)" when one of the candidates is clearly closest to the name, else "". */
  String didYouMean(String name, Collection<String> candidates) {
    return suggestions.hint(name, candidates);
  }

  /** The number of errors so far; compare before and after a check to see whether it failed. */
  int errorCount() {
    return errors;
  }

  boolean hasErrors() {
    return errors > 0;
  }

  List<Diagnostic> sorted() {
    List<Diagnostic> out = new ArrayList<>(diagnostics);
    out.sort(ORDER);
    return List.copyOf(out);
  }
}

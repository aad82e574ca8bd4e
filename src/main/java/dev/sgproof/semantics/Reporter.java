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
 *
 * <p>A part of the resolution that runs on another thread reports to a {@link #deferred()}
 * reporter, whose diagnostics are then added to the main one in the order of the one-thread run
 * ({@link #addAll}). "Did you mean" is looked up only then: the suggestions share one budget of
 * steps, so their answers depend on the order of the lookups, which stays that of one thread.
 */
final class Reporter {
  static final Comparator<Diagnostic> ORDER =
      Comparator.comparing((Diagnostic d) -> d.span().file())
          .thenComparingInt(d -> d.span().line())
          .thenComparingInt(d -> d.span().column())
          .thenComparing(Diagnostic::code);

  /** A hint to look up: the name and the candidates (the same collection object). */
  private record Hint(String name, Collection<String> candidates) {}

  private final List<Diagnostic> diagnostics = new ArrayList<>();
  /** The suggestions; null for a deferred reporter. */
  private final Suggestions suggestions;
  /** For a deferred reporter, the hint of each diagnostic (null when it has none). */
  private final List<Hint> hints = new ArrayList<>();
  private Hint pending;
  private int errors;

  Reporter() {
    this(new Suggestions());
  }

  private Reporter(Suggestions suggestions) {
    this.suggestions = suggestions;
  }

  /**
   * A reporter whose hints are looked up when it is added to another: {@link #didYouMean} answers
   * "" and the hint is appended to the message of the next diagnostic, which every caller reports
   * right away with the hint at its end.
   */
  static Reporter deferred() {
    return new Reporter(null);
  }

  void error(DiagnosticCode code, SourceSpan span, String message) {
    add(Diagnostic.error(code, span, message));
    errors++;
  }

  void warning(DiagnosticCode code, SourceSpan span, String message) {
    add(Diagnostic.warning(code, span, message));
  }

  private void add(Diagnostic d) {
    diagnostics.add(d);
    if (suggestions == null) {
      hints.add(pending);
      pending = null;
    }
  }

  /** " (did you mean 'X'?)" when one of the candidates is clearly closest to the name, else "". */
  String didYouMean(String name, Collection<String> candidates) {
    if (suggestions != null) {
      return suggestions.hint(name, candidates);
    }
    if (pending != null) {
      throw new IllegalStateException("a hint for " + pending.name() + " without a diagnostic");
    }
    pending = new Hint(name, candidates);
    return "";
  }

  /**
   * Adds the diagnostics of a deferred reporter after those reported so far, in their order,
   * with their hints looked up now.
   */
  void addAll(Reporter part) {
    if (part.suggestions != null || part.pending != null) {
      throw new IllegalStateException("not a deferred reporter with every hint reported");
    }
    for (int i = 0; i < part.diagnostics.size(); i++) {
      Diagnostic d = part.diagnostics.get(i);
      Hint h = part.hints.get(i);
      if (h != null) {
        d = new Diagnostic(
            d.code(), d.severity(), d.span(), d.message() + didYouMean(h.name(), h.candidates()));
      }
      add(d);
    }
    errors += part.errors;
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

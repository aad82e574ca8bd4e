package dev.sgproof.syntax;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceSpan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects SG001 syntax errors: at most one lexical error per line, no parser error on a line that
 * already has a lexical one, and at most {@link #LIMIT} in all (then a note and a stop).
 */
final class ErrorSink {
  static final int LIMIT = 50;

  /** Thrown to stop lexing and parsing once the limit is reached. */
  static final class TooMany extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooMany() {
      super("too many syntax errors", null, false, false);
    }
  }

  private final String file;
  private final List<Diagnostic> errors = new ArrayList<>();
  private final Set<Integer> lexicalLines = new HashSet<>();
  private List<Diagnostic> note = List.of();

  ErrorSink(String file) {
    this.file = file;
  }

  void lexical(int line, int column, int length, String message) {
    if (lexicalLines.add(line)) {
      add(line, column, length, message);
    }
  }

  void syntactic(int line, int column, int length, String message) {
    if (!lexicalLines.contains(line)) {
      add(line, column, length, message);
    }
  }

  private void add(int line, int column, int length, String message) {
    SourceSpan span =
        new SourceSpan(file, Math.max(1, line), Math.max(1, column), Math.max(0, length));
    if (errors.size() == LIMIT) {
      note =
          List.of(
              Diagnostic.error(
                  DiagnosticCode.SG001, span, "too many syntax errors; stopped after " + LIMIT));
      throw new TooMany();
    }
    errors.add(Diagnostic.error(DiagnosticCode.SG001, span, message));
  }

  /** Whether no error was reported (cheaper than {@link #errors()}). */
  boolean isEmpty() {
    return errors.isEmpty();
  }

  /** The errors by position (lexical errors are found before the parser runs). */
  List<Diagnostic> errors() {
    List<Diagnostic> sorted = new ArrayList<>(errors);
    sorted.sort(
        Comparator.comparingInt((Diagnostic d) -> d.span().line())
            .thenComparingInt(d -> d.span().column()));
    sorted.addAll(note);
    return List.copyOf(sorted);
  }
}

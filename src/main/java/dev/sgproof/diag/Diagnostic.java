package dev.sgproof.diag;

import java.util.Objects;

/** One problem found in a spec, with a stable code and the place it is about. */
public record Diagnostic(DiagnosticCode code, Severity severity, SourceSpan span, String message) {
  public Diagnostic {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(message, "message");
  }

  public static Diagnostic error(DiagnosticCode code, SourceSpan span, String message) {
    return new Diagnostic(code, Severity.ERROR, span, message);
  }

  public static Diagnostic warning(DiagnosticCode code, SourceSpan span, String message) {
    return new Diagnostic(code, Severity.WARNING, span, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}

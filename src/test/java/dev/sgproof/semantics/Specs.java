package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Test helpers: load a resource spec, assert diagnostics by code and span. */
public final class Specs {
  private Specs() {}

  public static LoadResult loadResource(Class<?> near, String name) {
    return SpecLoader.load(new SourceText(name, text(near, name)));
  }

  public static String text(Class<?> near, String name) {
    try (InputStream in = near.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static LoadResult load(String text) {
    return SpecLoader.load(new SourceText("test.sg", text));
  }

  /** Asserts that a diagnostic with this code sits exactly at line:column with this length. */
  public static Diagnostic assertDiagnostic(
      LoadResult r, DiagnosticCode code, int line, int column, int length) {
    for (Diagnostic d : r.diagnostics()) {
      if (d.code() == code && d.span().line() == line && d.span().column() == column) {
        assertEquals(length, d.span().length(), () -> "length of " + describe(r));
        return d;
      }
    }
    return fail("no " + code + " at " + line + ":" + column + " in:\n" + describe(r));
  }

  public static void assertClean(LoadResult r) {
    assertTrue(r.diagnostics().isEmpty(), () -> "unexpected diagnostics:\n" + describe(r));
  }

  public static List<DiagnosticCode> codes(LoadResult r) {
    return r.diagnostics().stream().map(Diagnostic::code).toList();
  }

  public static String describe(LoadResult r) {
    DiagnosticRenderer renderer = new DiagnosticRenderer(r.sources());
    return r.diagnostics().stream().map(renderer::render).collect(Collectors.joining());
  }
}

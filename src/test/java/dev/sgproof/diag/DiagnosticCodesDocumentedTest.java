package dev.sgproof.diag;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Users look codes up in docs/diagnostics.md: every code must be there, with its summary. */
class DiagnosticCodesDocumentedTest {

  @Test
  void everyCodeIsDocumentedWithItsSummary() throws IOException {
    String doc = Files.readString(Path.of("docs", "diagnostics.md"));
    for (DiagnosticCode c : DiagnosticCode.values()) {
      assertTrue(doc.contains("| " + c.id() + " | "), c.id() + " is missing from docs/diagnostics.md");
      assertTrue(doc.contains(c.summary()), c.id() + "'s summary is missing from docs/diagnostics.md");
    }
  }
}

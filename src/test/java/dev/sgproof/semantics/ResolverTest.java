package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.Parser;
import org.junit.jupiter.api.Test;

/** The Resolver used on its own, without SpecLoader. */
class ResolverTest {
  @Test
  void rejectsAnIncludeItIsGivenDirectly() {
    Resolution r =
        Resolver.resolve(
            Parser.parse(new SourceText("r.sg", "group G\ninclude \"x.sg\"\n")).spec());
    assertEquals(1, r.diagnostics().size());
    Diagnostic d = r.diagnostics().get(0);
    assertEquals(DiagnosticCode.SG003, d.code());
    assertEquals(2, d.span().line());
    assertEquals(1, d.span().column());
    assertEquals(7, d.span().length());
    assertTrue(r.spec().isEmpty());
  }
}

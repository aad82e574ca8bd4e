package dev.sgproof.semantics;

import static dev.sgproof.semantics.Specs.assertDiagnostic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unknown names and misspelled keywords get a "did you mean" when one candidate is clearly
 * closest; a malformed address says why. The codes and spans stay as they were.
 */
class DidYouMeanTest {
  private static final String NETWORK =
      String.join("\n",
          "group Web",
          "group App",
          "instance X ip 10.0.0.1 in Web",
          "instance Y { nic eth0 ip 10.0.0.2 in App }",
          "");

  private static void assertHint(Diagnostic d, String hint) {
    assertTrue(d.message().endsWith(" (did you mean '" + hint + "'?)"), d.message());
  }

  @Test
  void anUnknownGroupOfANicSuggestsTheClosestGroup() {
    LoadResult r = Specs.load(NETWORK + "instance Z ip 10.0.0.3 in Wbe\n");
    assertHint(assertDiagnostic(r, DiagnosticCode.SG030, 5, 27, 3), "Web");
  }

  @Test
  void anUnknownGroupPeerOfARuleSuggestsTheClosestGroup() {
    LoadResult r = Specs.load(NETWORK + "group Db { ingress allow tcp 5432 from group Ap }\n");
    assertHint(assertDiagnostic(r, DiagnosticCode.SG030, 5, 46, 2), "App");
  }

  @Test
  void unknownEndpointsOfAnAssertionSuggestTheClosestName() {
    LoadResult r = Specs.load(NETWORK
        + "assert group Wbe -> Y.eht0 reachable\n"
        + "assert XX -> internt reachable\n");
    assertHint(assertDiagnostic(r, DiagnosticCode.SG030, 5, 14, 3), "Web");
    assertHint(assertDiagnostic(r, DiagnosticCode.SG032, 5, 23, 4), "eth0");
    assertHint(assertDiagnostic(r, DiagnosticCode.SG031, 6, 8, 2), "X");
    assertHint(assertDiagnostic(r, DiagnosticCode.SG031, 6, 14, 7), "internet");
  }

  @Test
  void aNameFarFromEveryCandidateOrTiedBetweenTwoGetsNoHint() {
    LoadResult r = Specs.load(NETWORK
        + "group Wec\n"
        + "instance Z ip 10.0.0.3 in Database, Wex\n");
    Diagnostic far = assertDiagnostic(r, DiagnosticCode.SG030, 6, 27, 8);
    Diagnostic tie = assertDiagnostic(r, DiagnosticCode.SG030, 6, 37, 3);
    assertEquals("unknown group Database", far.message());
    assertEquals("unknown group Wex", tie.message());
  }

  private static Diagnostic syntax(String text, int line, int column, int length) {
    List<Diagnostic> ds = Parser.parse(new SourceText("t.sg", text)).diagnostics();
    assertEquals(1, ds.size(), ds::toString);
    Diagnostic d = ds.get(0);
    assertEquals(DiagnosticCode.SG001, d.code());
    assertEquals(List.of(line, column, length),
        List.of(d.span().line(), d.span().column(), d.span().length()), d::toString);
    return d;
  }

  @Test
  void aMisspelledKeywordTheParserExpectedGetsAHint() {
    assertHint(syntax("group Web {\n  ingres allow tcp 22 from any\n}\n", 2, 3, 6), "ingress");
    assertHint(syntax("group Web {\n  ingress alow tcp 22 from any\n}\n", 2, 11, 4), "allow");
    assertHint(syntax("group Web {\n  ingress allow tpc 22 from any\n}\n", 2, 17, 3), "tcp");
    assertHint(syntax("grup Web\n", 1, 1, 4), "group");
    assertHint(syntax("assert X -> Y reachble\n", 1, 15, 8), "reachable");
  }

  @Test
  void aMisspelledKeywordThatWouldHaveContinuedTheConstructBeforeGetsAHint() {
    assertHint(syntax("group Web basci\n", 1, 11, 5), "basic");
    assertHint(syntax("group Web legacy-defualt\n", 1, 11, 14), "legacy-default");
    assertHint(syntax("group A {\n ingress allow tcp 22 from any prority 3\n}\n", 2, 32, 7),
        "priority");
    assertHint(syntax("instance X ip 10.0.0.1 inn Web\n", 1, 24, 3), "in");
  }

  @Test
  void aWordNoKeywordThereIsCloseToGetsNoHint() {
    // Assertions have no priority; a peer cannot be 'internet'.
    assertFalse(syntax("assert X -> Y reachable tcp 80 priorty 3\n", 1, 32, 7)
        .message().contains("did you mean"));
    assertFalse(syntax("group A {\n ingress allow tcp 22 from interne\n}\n", 2, 28, 7)
        .message().contains("did you mean"));
  }

  @Test
  void aMalformedAddressSaysWhy() {
    LoadResult r = Specs.load("group A {\n"
        + " ingress allow tcp 22 from 10.0.0.0/33\n"
        + " ingress allow tcp 22 from 300.1.1.1\n"
        + " ingress allow tcp 22 from 2001:db8::/129\n"
        + "}\n"
        + "instance X ip 1::2::3 in A\n");
    assertTrue(assertDiagnostic(r, DiagnosticCode.SG014, 2, 28, 11).message()
        .endsWith("'10.0.0.0/33': the prefix /33 is longer than 32"));
    assertTrue(assertDiagnostic(r, DiagnosticCode.SG014, 3, 28, 9).message()
        .endsWith("'300.1.1.1': part 300 is above 255"));
    assertTrue(assertDiagnostic(r, DiagnosticCode.SG014, 4, 28, 14).message()
        .endsWith("'2001:db8::/129': the prefix /129 is longer than 128"));
    assertTrue(assertDiagnostic(r, DiagnosticCode.SG014, 6, 15, 7).message()
        .endsWith("'1::2::3': '::' appears more than once"));
  }
}

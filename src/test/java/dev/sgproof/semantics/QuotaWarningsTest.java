package dev.sgproof.semantics;

import static dev.sgproof.semantics.Specs.assertDiagnostic;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.DiagnosticCode;
import org.junit.jupiter.api.Test;

/** Quota warnings (semantics.md section 9); the inputs are generated since they are large. */
class QuotaWarningsTest {
  private static String rules(int n, String peer) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("  ingress allow tcp ").append(i + 1).append(" from ").append(peer).append('\n');
    }
    return b.toString();
  }

  private static String address(int i) {
    return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
  }

  @Test
  void warnsAboutMoreThan20GroupPeerRulesInABasicGroup() {
    LoadResult r = Specs.load("group Peer\ngroup G {\n" + rules(21, "group Peer") + "}\n");
    assertDiagnostic(r, DiagnosticCode.SG101, 2, 7, 1);
    assertFalse(r.hasErrors());
  }

  @Test
  void doesNotWarnAt20GroupPeerRules() {
    assertTrue(
        Specs.load("group Peer\ngroup G {\n" + rules(20, "group Peer") + "}\n")
            .diagnostics()
            .isEmpty());
  }

  @Test
  void warnsAboutMoreThan200RulesInAGroupCountingExpandedRules() {
    LoadResult r = Specs.load("group G {\n" + rules(101, "any") + "}\n");
    assertDiagnostic(r, DiagnosticCode.SG102, 1, 7, 1);
  }

  @Test
  void warnsAboutMoreThan1000RulesAcrossTheGroupsOfANic() {
    StringBuilder b = new StringBuilder();
    for (int g = 0; g < 6; g++) {
      b.append("group G").append(g).append(" {\n").append(rules(200, "10.0.0.0/8")).append("}\n");
    }
    b.append("instance A ip 10.0.0.1 in G0, G1, G2, G3, G4\n");
    b.append("instance B ip 10.0.0.2 in G0, G1, G2, G3, G4, G5\n");
    LoadResult r = Specs.load(b.toString());
    assertDiagnostic(r, DiagnosticCode.SG103, 1214, 10, 1);
    assertTrue(
        r.diagnostics().stream()
            .noneMatch(d -> d.code() == DiagnosticCode.SG103 && d.span().line() == 1213));
  }

  @Test
  void warnsAboutMoreThan6000AddressesInABasicGroup() {
    StringBuilder b = new StringBuilder("group G\n");
    for (int i = 0; i < 3001; i++) {
      b.append("instance I")
          .append(i)
          .append(" ip ")
          .append(address(2 * i + 1))
          .append(", ")
          .append(address(2 * i + 2))
          .append(" in G\n");
    }
    assertDiagnostic(Specs.load(b.toString()), DiagnosticCode.SG105, 1, 7, 1);
  }

  @Test
  void warnsAboutMoreThan65536NicsInAnAdvancedGroup() {
    StringBuilder b = new StringBuilder("group G advanced\ninstance I {\n");
    for (int i = 0; i <= 65536; i++) {
      b.append("nic n").append(i).append(" ip ").append(address(i + 1)).append(" in G\n");
    }
    b.append("}\n");
    LoadResult r = Specs.load(b.toString());
    assertDiagnostic(r, DiagnosticCode.SG106, 1, 7, 1);
    assertFalse(r.hasErrors());
  }
}

package dev.sgproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SarifUriTest {
  @Test
  void relativePathsStayRelativeAndAreEncoded() {
    assertEquals("specs/three-tier.sg", SarifReport.uri("specs/three-tier.sg"));
    assertEquals("specs/a%20b%23%C3%A9.sg", SarifReport.uri("specs/a b#\u00e9.sg"));
  }

  @Test
  void absolutePathsBecomeFileUris() {
    assertEquals("file:///tmp/x.sg", SarifReport.uri("/tmp/x.sg"));
  }

  @Test
  void xmlDropsCharactersXmlCannotCarry() {
    assertEquals("a\uFFFDb\tc", JUnitReport.xml("a\u0001b\tc"));
  }
}

package dev.sgproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sgproof.gen.Gen;
import dev.sgproof.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * The writer the JSON report is streamed into ({@link JsonReport.Chars}): whatever the pieces
 * (char arrays, strings, single chars, Latin-1 or not) and however they fall across its arrays,
 * the string is what a StringBuilder makes of them, with a final newline.
 */
class JsonCharsTest {

  @Test
  void theStringIsWhatWasWrittenAcrossEveryArray() {
    long base = Property.baseSeed(0xC4A5L);
    System.out.println("JsonCharsTest base seed " + base);
    for (int i = 0; i < 300; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      int chunk = 1 + g.nextInt(i % 3 == 0 ? 4 : 64);
      JsonReport.Chars out = new JsonReport.Chars(chunk);
      StringBuilder expected = new StringBuilder();
      int pieces = g.nextInt(60);
      for (int k = 0; k < pieces; k++) {
        char[] text = new char[g.nextInt(3 * chunk + 2)];
        for (int c = 0; c < text.length; c++) {
          text[c] = g.nextInt(20) == 0 ? (char) (0x100 + g.nextInt(0x3000))
              : (char) (32 + g.nextInt(200));
        }
        int off = text.length == 0 ? 0 : g.nextInt(text.length);
        int len = g.nextInt(text.length - off + 1);
        switch (g.nextInt(3)) {
          case 0 -> out.write(text, off, len);
          case 1 -> out.write(new String(text), off, len);
          default -> {
            len = Math.min(len, 1);
            if (len == 1) {
              out.write(text[off]);
            }
          }
        }
        expected.append(text, off, len);
      }
      assertEquals(expected.append('\n').toString(), out.withNewline(),
          "seed " + seed + ", arrays of " + chunk);
    }
  }

  /** The default arrays, several of them filled (a document of millions of chars). */
  @Test
  void aDocumentOfSeveralArraysIsOneString() {
    JsonReport.Chars out = new JsonReport.Chars();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 300_000; i++) {
      String piece = "{\"line\": " + i + ", \"text\": \"é\"},";
      out.write(piece, 0, piece.length());
      expected.append(piece);
    }
    String s = out.withNewline();
    assertEquals(expected.length() + 1, s.length());
    assertEquals(expected.append('\n').toString(), s);
  }
}

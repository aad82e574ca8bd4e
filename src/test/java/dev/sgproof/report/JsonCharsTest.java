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

  /**
   * The UTF-8 a file output writes from the arrays is the bytes of the string: ASCII documents
   * (the fast path), documents whose first other char comes in any array, surrogate pairs split
   * across two arrays, and lone surrogates (both ways give '?').
   */
  @Test
  void theUtf8IsTheStringsBytesAcrossEveryArray() throws java.io.IOException {
    long base = Property.baseSeed(0xC4A6L);
    System.out.println("JsonCharsTest UTF-8 base seed " + base);
    int ascii = 0;
    int pairsSplit = 0;
    for (int i = 0; i < 400; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      int chunk = 1 + g.nextInt(i % 3 == 0 ? 4 : 64);
      JsonReport.Chars out = new JsonReport.Chars(chunk);
      int odds = i % 4 == 0 ? 0 : 1 + g.nextInt(40); // 0: ASCII only
      int pieces = g.nextInt(60);
      for (int k = 0; k < pieces; k++) {
        StringBuilder piece = new StringBuilder();
        int length = g.nextInt(3 * chunk + 2);
        while (piece.length() < length) {
          int kind = odds == 0 ? 0 : g.nextInt(odds);
          switch (kind) {
            case 1 -> piece.append((char) (0x80 + g.nextInt(0x780))); // two bytes
            case 2 -> piece.append((char) (0x800 + g.nextInt(0xD000 - 0x800))); // three
            case 3 -> piece.appendCodePoint(0x10000 + g.nextInt(0x100000)); // a pair
            case 4 -> piece.append((char) (0xD800 + g.nextInt(0x800))); // a lone surrogate
            default -> piece.append((char) (g.nextInt(0x80)));
          }
        }
        String text = piece.toString();
        if (g.nextInt(2) == 0) {
          out.write(text, 0, text.length());
        } else {
          out.write(text.toCharArray(), 0, text.length());
        }
      }
      String all = out.withNewline();
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      out.writeUtf8(bytes);
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          all.getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes.toByteArray(),
          "seed " + seed + ", arrays of " + chunk);
      if (all.chars().allMatch(c -> c < 0x80)) {
        ascii++;
      }
      for (int at = chunk; at < all.length(); at += chunk) {
        if (Character.isHighSurrogate(all.charAt(at - 1)) && Character.isLowSurrogate(all.charAt(at))) {
          pairsSplit++;
        }
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(ascii > 50 && ascii < 350, ascii + " ASCII documents");
    org.junit.jupiter.api.Assertions.assertTrue(pairsSplit > 20, pairsSplit + " pairs split across arrays");
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

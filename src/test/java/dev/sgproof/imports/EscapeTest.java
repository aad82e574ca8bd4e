package dev.sgproof.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscapeTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      a\\nb              | a\\\\u000Ab
      cr\\r              | cr\\\\u000D
      nul\\u0000         | nul\\\\u0000
      line\\u2028par\\u2029 | line\\\\u2028par\\\\u2029
      nel\\u0085         | nel\\\\u0085
      bidi\\u202e        | bidi\\\\u202E
      bom\\ufeff         | bom\\\\uFEFF
      tab\\t             | tab\\\\u0009
      back\\\\slash      | back\\\\\\\\slash
      lone\\ud800        | lone\\\\uD800
      """)
  void escapesEveryCharacterThatCouldEndOrDisguiseALine(String in, String out) {
    assertEquals(unescape(out), Escape.text(unescape(in)));
  }

  @Test
  void keepsPrintableTextIncludingNonAsciiAndSurrogatePairs() {
    String s = "caf\u00e9 # // \" } { \ud83d\ude00 group allow";
    assertSame(s, Escape.text(s));
  }

  /** Java-style escapes of the table: \\n, \\r, \\t, \\\\ and \\uXXXX. */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> b.append(n);
      }
    }
    return b.toString();
  }
}

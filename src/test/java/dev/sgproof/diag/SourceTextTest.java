package dev.sgproof.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LF, CRLF and a lone CR are each one line end; lines never include their terminator. */
class SourceTextTest {
  private static List<String> lines(String text) {
    SourceText s = new SourceText("t.sg", text);
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= s.lineCount(); i++) {
      out.add(s.line(i));
      assertEquals(s.line(i).length(), s.lineLength(i));
    }
    return out;
  }

  @Test
  void lfCrlfAndALoneCrEachEndOneLine() {
    assertEquals(List.of("a", "b", "c"), lines("a\nb\nc"));
    assertEquals(List.of("a", "b", "c"), lines("a\r\nb\r\nc"));
    assertEquals(List.of("a", "b", "c"), lines("a\rb\rc"));
    assertEquals(List.of("a", "b", "c", "d", ""), lines("a\rb\r\nc\nd\r"));
  }

  @Test
  void aCrBeforeAnLfIsOneLineEndButAnLfBeforeACrIsTwo() {
    assertEquals(List.of("a", "b"), lines("a\r\nb"));
    assertEquals(List.of("a", "", "b"), lines("a\n\rb"));
    assertEquals(List.of("a", "", "b"), lines("a\r\rb"));
  }

  @Test
  void anEmptyTextIsOneEmptyLineAndLinesPastTheEndAreEmpty() {
    SourceText s = new SourceText("t.sg", "");
    assertEquals(1, s.lineCount());
    assertEquals("", s.line(1));
    assertEquals("", s.line(2));
    assertEquals(0, s.lineLength(0));
    assertEquals("", s.line(5, 0, 10));
  }

  @Test
  void theLineSeparatorIsThatOfTheFirstLineEnd() {
    assertEquals("\n", new SourceText("t", "no line end").lineSeparator());
    assertEquals("\n", new SourceText("t", "a\nb\r\n").lineSeparator());
    assertEquals("\r\n", new SourceText("t", "a\r\nb\n").lineSeparator());
    assertEquals("\r", new SourceText("t", "a\rb\n").lineSeparator());
  }

  @Test
  void aSliceOfALineIsClampedToTheLine() {
    SourceText s = new SourceText("t", "first\r\nsecond line\rthird");
    assertEquals("cond", s.line(2, 2, 6));
    assertEquals("line", s.line(2, 7, 100));
    assertEquals("", s.line(2, 20, 30));
    assertEquals("th", s.line(3, -5, 2));
  }
}

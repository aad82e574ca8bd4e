package dev.sgproof.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticRendererTest {
  private static Diagnostic at(String file, int line, int column, int length) {
    return Diagnostic.error(
        DiagnosticCode.SG030, new SourceSpan(file, line, column, length), "unknown group Nope");
  }

  @Test
  void showsTheLineAndACaretUnderTheSpanInAnyLineEnding() {
    for (String eol : new String[] {"\n", "\r\n", "\r"}) {
      SourceText s = new SourceText("t.sg", "group A" + eol + "instance X ip 10.0.0.1 in Nope" + eol);
      String shown = new DiagnosticRenderer(Map.of("t.sg", s)).render(at("t.sg", 2, 27, 4));
      assertEquals(
          "t.sg:2:27: error[SG030]: unknown group Nope\n"
              + "    instance X ip 10.0.0.1 in Nope\n"
              + "                              ^^^^\n",
          shown);
    }
  }

  @Test
  void showsAWindowOfALongLineAroundTheColumn() {
    String line = "x".repeat(5_000) + " Nope " + "y".repeat(5_000);
    SourceText s = new SourceText("t.sg", line);
    String[] shown =
        new DiagnosticRenderer(Map.of("t.sg", s)).render(at("t.sg", 1, 5_002, 4)).split("\n");
    assertEquals(3, shown.length);
    assertEquals(4 + 200, shown[1].length());
    int caret = shown[2].indexOf('^');
    assertEquals("Nope", shown[1].substring(caret, caret + 4));
    assertEquals("^^^^", shown[2].substring(caret));
  }

  @Test
  void renderingManyDiagnosticsOnOneLongLineCostsTheWindowNotTheLine() {
    long short100k = allocatedToRender(100_000);
    long long1m = allocatedToRender(1_000_000);
    // The same 1,000 diagnostics on a line ten times longer: about the same work (the window),
    // where reading the whole line for each would allocate ten times as much (gigabytes).
    assertTrue(long1m < 2 * short100k + (4 << 20),
        "bytes allocated: " + short100k + " on a 100 kB line, " + long1m + " on a 1 MB line");
  }

  /** Bytes this thread allocates to render 1,000 diagnostics spread over one line of n chars. */
  private static long allocatedToRender(int n) {
    SourceText s = new SourceText("t.sg", "group A\n" + "a".repeat(n) + "\n");
    DiagnosticRenderer r = new DiagnosticRenderer(Map.of("t.sg", s));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    long before = threads.getCurrentThreadAllocatedBytes();
    long chars = 0;
    for (int i = 0; i < 1_000; i++) {
      chars += r.render(at("t.sg", 2, 1 + (int) ((long) i * (n - 10) / 1_000), 3)).length();
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(chars > 1_000 * 200, "each rendering shows a window of the line");
    return allocated;
  }
}

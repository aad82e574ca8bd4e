package dev.sgproof.diag;

import java.util.Map;

/**
 * Renders a diagnostic the way compilers do:
 *
 * <pre>
 * specs/web.sg:4:27: error[SG003]: port 70000 is outside 1..65535
 *     ingress allow tcp 70000 from 0.0.0.0/0
 *                       ^^^^^
 * </pre>
 */
public final class DiagnosticRenderer {
  private static final int MAX_SHOWN_LINE = 200;
  private final Map<String, SourceText> sources;

  public DiagnosticRenderer(Map<String, SourceText> sources) {
    this.sources = Map.copyOf(sources);
  }

  public String render(Diagnostic d) {
    StringBuilder out = new StringBuilder();
    out.append(d.span().position())
        .append(": ")
        .append(d.severity().word())
        .append('[')
        .append(d.code().id())
        .append("]: ")
        .append(d.message())
        .append('\n');
    SourceText source = sources.get(d.span().file());
    if (source == null || d.span().line() > source.lineCount()) {
      return out.toString();
    }
    int length = source.lineLength(d.span().line());
    int col = d.span().column() - 1;
    int from = 0;
    if (length > MAX_SHOWN_LINE) {
      // Show a window around the column so that a 10 MB line does not flood the terminal; only
      // the window is read, so each diagnostic costs the window, not the line.
      from = Math.max(0, Math.min(col - MAX_SHOWN_LINE / 2, length - MAX_SHOWN_LINE));
    }
    String line =
        printable(source.line(d.span().line(), from, Math.min(length, from + MAX_SHOWN_LINE)));
    int caretAt = Math.max(0, Math.min(col - from, line.length()));
    int carets = Math.max(1, Math.min(d.span().length(), Math.max(1, line.length() - caretAt)));
    carets = Math.min(carets, MAX_SHOWN_LINE);
    out.append("    ").append(line).append('\n');
    out.append("    ").append(" ".repeat(caretAt)).append("^".repeat(carets)).append('\n');
    return out.toString();
  }

  /** Tabs become spaces (so the caret lines up) and control bytes become '?'. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t') {
        b.append(' ');
      } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFD') {
        b.append('?');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}

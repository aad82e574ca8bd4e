package dev.sgproof.imports;

/**
 * Makes untrusted text safe to echo on one line: in a spec comment, a warning or an error. Control
 * characters (newlines, carriage returns, NUL, tabs, U+0085), line and paragraph separators
 * (U+2028, U+2029), format characters (bidirectional overrides, zero-width characters, the byte
 * order mark) and unpaired surrogates become {@code \}{@code uXXXX} escapes, and a backslash
 * becomes two, so the result is one line that a reader can map back to the input exactly.
 */
public final class Escape {
  private Escape() {}

  /** The text with every character that could end or disguise a line escaped. */
  public static String text(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean escape;
      if (c == '\\') {
        escape = true;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(i + 1));
        if (unsafe(cp)) {
          b = started(b, s, i);
          unicode(b, c);
          unicode(b, s.charAt(i + 1));
        } else if (b != null) {
          b.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      } else {
        escape = unsafe(c) || Character.isSurrogate(c);
      }
      if (escape) {
        b = started(b, s, i);
        if (c == '\\') {
          b.append("\\\\");
        } else {
          unicode(b, c);
        }
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private static boolean unsafe(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static StringBuilder started(StringBuilder b, String s, int upTo) {
    if (b != null) {
      return b;
    }
    StringBuilder n = new StringBuilder(s.length() + 16);
    n.append(s, 0, upTo);
    return n;
  }

  private static void unicode(StringBuilder b, char c) {
    b.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
  }
}

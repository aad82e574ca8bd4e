package dev.sgproof.cli;

/** Makes untrusted text safe to echo on one line: control characters become {@code \\uXXXX}. */
final class Echo {
  private Echo() {}

  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}

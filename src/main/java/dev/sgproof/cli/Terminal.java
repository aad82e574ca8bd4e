package dev.sgproof.cli;

/** What the output is connected to. */
final class Terminal {
  private Terminal() {}

  /** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty. */
  static boolean colour() {
    String noColor = System.getenv("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    return System.console() != null;
  }
}

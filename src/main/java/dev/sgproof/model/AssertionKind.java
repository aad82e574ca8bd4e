package dev.sgproof.model;

public enum AssertionKind {
  REACHABLE("reachable", false),
  UNREACHABLE("unreachable", false),
  ONLY("only", false),
  INTERCONNECTED("interconnected", true),
  ISOLATED("isolated", true);

  private final String keyword;
  private final boolean bidirectional;

  AssertionKind(String keyword, boolean bidirectional) {
    this.keyword = keyword;
    this.bidirectional = bidirectional;
  }

  public String keyword() {
    return keyword;
  }

  /** {@code <->} kinds check both directions. */
  public boolean bidirectional() {
    return bidirectional;
  }
}

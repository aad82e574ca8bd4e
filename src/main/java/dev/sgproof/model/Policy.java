package dev.sgproof.model;

/** The intra-group (internal access) policy of a group. */
public enum Policy {
  INTERCONNECTED("interconnected"),
  ISOLATED("isolated");

  private final String keyword;

  Policy(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  @Override
  public String toString() {
    return keyword;
  }
}

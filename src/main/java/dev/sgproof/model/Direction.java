package dev.sgproof.model;

public enum Direction {
  INGRESS("ingress"),
  EGRESS("egress");

  private final String keyword;

  Direction(String keyword) {
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

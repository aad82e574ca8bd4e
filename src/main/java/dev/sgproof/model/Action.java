package dev.sgproof.model;

public enum Action {
  ALLOW("allow"),
  DENY("deny");

  private final String keyword;

  Action(String keyword) {
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

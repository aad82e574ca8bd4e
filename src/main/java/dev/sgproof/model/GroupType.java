package dev.sgproof.model;

public enum GroupType {
  BASIC("basic"),
  ADVANCED("advanced");

  private final String keyword;

  GroupType(String keyword) {
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

package dev.sgproof.query;

/** What every flow of an obligation must do. */
public enum Expectation {
  PERMITTED,
  DENIED;

  public boolean satisfiedBy(boolean permitted) {
    return permitted == (this == PERMITTED);
  }
}

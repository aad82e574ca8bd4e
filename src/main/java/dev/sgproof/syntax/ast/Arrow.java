package dev.sgproof.syntax.ast;

/** {@code ->} or {@code <->}. */
public enum Arrow {
  ONE_WAY,
  BOTH_WAYS
}

package dev.sgproof.syntax.ast;

/** The claim word of an assertion. */
public enum Claim {
  REACHABLE,
  UNREACHABLE,
  ONLY,
  INTERCONNECTED,
  ISOLATED
}

package dev.sgproof.syntax.ast;

/** The words that may follow {@code group NAME}. */
public enum GroupOption {
  BASIC,
  ADVANCED,
  ISOLATED,
  INTERCONNECTED,
  LEGACY_DEFAULT
}

package dev.sgproof.syntax.ast;

/** {@code from} or {@code to} in a rule. */
public enum Preposition {
  FROM,
  TO
}

package dev.sgproof.smt;

/** Which end of the flow: the source or the destination (its address or its port). */
public enum Side {
  SRC,
  DST
}

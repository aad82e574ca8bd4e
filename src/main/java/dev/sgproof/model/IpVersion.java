package dev.sgproof.model;

import java.math.BigInteger;

public enum IpVersion {
  V4(32),
  V6(128);

  private final int bits;
  private final BigInteger max;

  IpVersion(int bits) {
    this.bits = bits;
    this.max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
  }

  public int bits() {
    return bits;
  }

  /** The largest address value of this version (all ones). */
  public BigInteger max() {
    return max;
  }
}

package dev.sgproof.model;

import java.math.BigInteger;

/** Searches in ascending arrays of numbers (addresses as values, class starts). */
public final class SortedNumbers {
  private SortedNumbers() {}

  /** The first index whose value is at least {@code value} ({@code values} ascending). */
  public static int lowerBound(BigInteger[] values, BigInteger value) {
    return lowerBound(values, values.length, value);
  }

  /** As above, over the first {@code size} values only. */
  public static int lowerBound(BigInteger[] values, int size, BigInteger value) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid].compareTo(value) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}

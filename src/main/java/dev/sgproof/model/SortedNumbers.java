package dev.sgproof.model;

/** Searches in ascending arrays of numbers (addresses, their values, class starts). */
public final class SortedNumbers {
  private SortedNumbers() {}

  /** The first index whose value is at least {@code value} ({@code values} ascending). */
  public static <T extends Comparable<? super T>> int lowerBound(T[] values, T value) {
    return lowerBound(values, values.length, value);
  }

  /** As above, over the first {@code size} values only. */
  public static <T extends Comparable<? super T>> int lowerBound(T[] values, int size, T value) {
    return firstAbove(values, size, value, false);
  }

  /** The first index whose value is above {@code value} ({@code values} ascending). */
  public static <T extends Comparable<? super T>> int upperBound(T[] values, T value) {
    return firstAbove(values, values.length, value, true);
  }

  private static <T extends Comparable<? super T>> int firstAbove(T[] values, int size, T value,
      boolean strictly) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = values[mid].compareTo(value);
      if (c < 0 || strictly && c == 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}

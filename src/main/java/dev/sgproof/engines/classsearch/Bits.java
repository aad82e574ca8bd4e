package dev.sgproof.engines.classsearch;

/** Bit-matrix helpers for {@link Combination} (words as {@link java.util.BitSet#toLongArray}). */
final class Bits {
  private Bits() {}

  /**
   * The transpose of a bit matrix: {@code rows[r]} holds row {@code r} (bit {@code c} of word
   * {@code c / 64} is column {@code c}; a short array means zeros), with {@code columns} columns.
   * The result holds row {@code c} of the transpose, {@code rowWords} words each, at offset
   * {@code c * rowWords}; {@code rowWords} must be at least {@code (rows.length + 63) / 64}.
   * Works by 64 x 64 blocks.
   *
   * @param columnWords words per input row needed to hold {@code columns} bits
   */
  static long[] transpose(long[][] rows, int columnWords, int columns, int rowWords) {
    if (rowWords < (rows.length + 63) >>> 6) {
      throw new IllegalArgumentException("rowWords " + rowWords + " for " + rows.length + " rows");
    }
    long[] out = new long[Math.multiplyExact(columns, rowWords)];
    long[] block = new long[64];
    for (int rb = 0; rb * 64 < rows.length; rb++) {
      for (int cw = 0; cw < columnWords; cw++) {
        boolean any = false;
        for (int k = 0; k < 64; k++) {
          int r = rb * 64 + k;
          long x = r < rows.length && cw < rows[r].length ? rows[r][cw] : 0L;
          block[k] = x;
          any |= x != 0;
        }
        if (!any) {
          continue;
        }
        transpose64(block);
        for (int j = 0; j < 64; j++) {
          int c = cw * 64 + j;
          if (c < columns) {
            out[c * rowWords + rb] = block[j];
          }
        }
      }
    }
    return out;
  }

  /**
   * Transposes a 64 x 64 bit block in place: afterwards bit {@code i} of {@code a[j]} is what bit
   * {@code j} of {@code a[i]} was (bit 0 is the least significant). Swaps off-diagonal
   * sub-blocks of halving size (32, 16, ..., 1).
   */
  static void transpose64(long[] a) {
    long m = 0x00000000FFFFFFFFL;
    for (int j = 32; j != 0; j >>>= 1, m ^= m << j) {
      for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
        long t = ((a[k] >>> j) ^ a[k | j]) & m;
        a[k] ^= t << j;
        a[k | j] ^= t;
      }
    }
  }
}

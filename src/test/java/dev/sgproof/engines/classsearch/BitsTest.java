package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The block transpose against the definition, on random matrices of awkward sizes. */
class BitsTest {

  @Test
  void transposeSwapsRowsAndColumns() {
    Random rnd = new Random(42);
    int[] sizes = {1, 3, 63, 64, 65, 130, 200};
    int checked = 0;
    for (int rows : sizes) {
      for (int columns : sizes) {
        double density = rnd.nextDouble();
        BitSet[] m = new BitSet[rows];
        long[][] words = new long[rows][];
        for (int r = 0; r < rows; r++) {
          m[r] = new BitSet(columns);
          for (int c = 0; c < columns; c++) {
            if (rnd.nextDouble() < density) {
              m[r].set(c);
            }
          }
          words[r] = m[r].toLongArray();
        }
        int rowWords = (rows + 63) / 64 + 1;
        long[] t = Bits.transpose(words, (columns + 63) / 64, columns, rowWords);
        assertEquals((long) columns * rowWords, t.length);
        for (int c = 0; c < columns; c++) {
          for (int r = 0; r < rows; r++) {
            boolean bit = (t[c * rowWords + r / 64] >>> (r % 64) & 1L) != 0;
            assertEquals(m[r].get(c), bit, rows + "x" + columns + " at " + r + "," + c);
            checked++;
          }
          assertEquals(0L, t[c * rowWords + rowWords - 1], "padding word stays zero");
        }
      }
    }
    assertEquals(true, checked > 100_000);
  }
}

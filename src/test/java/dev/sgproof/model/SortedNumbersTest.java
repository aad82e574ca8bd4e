package dev.sgproof.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sgproof.gen.Property;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** lowerBound and upperBound against a scan (values and addresses), on seeded ascending arrays with repeats, gaps and a used prefix. */
class SortedNumbersTest {
  @Test
  void lowerBoundIsTheFirstIndexAtOrAboveTheValue() {
    long seed = Property.baseSeed(0x50F7L);
    Random rnd = new Random(seed);
    for (int round = 0; round < 2_000; round++) {
      int n = rnd.nextInt(12);
      BigInteger[] values = new BigInteger[n + 3];
      long v = rnd.nextInt(3);
      for (int i = 0; i < values.length; i++) {
        v += rnd.nextInt(3); // 0: a repeat
        values[i] = BigInteger.valueOf(v);
      }
      int size = rnd.nextInt(values.length + 1);
      BigInteger probe = BigInteger.valueOf(rnd.nextInt((int) v + 3) - 1);
      assertEquals(scan(values, size, probe), SortedNumbers.lowerBound(values, size, probe),
          "seed " + seed + " round " + round + ": " + Arrays.toString(values) + " size " + size
              + " value " + probe);
      assertEquals(scan(values, values.length, probe), SortedNumbers.lowerBound(values, probe));
      assertEquals(scan(values, values.length, probe.add(BigInteger.ONE)),
          SortedNumbers.upperBound(values, probe), "upper bound, round " + round);
      IpAddress[] addresses = new IpAddress[values.length];
      for (int i = 0; i < values.length; i++) {
        addresses[i] = IpAddress.of(IpVersion.V4, values[i]);
      }
      IpAddress p = IpAddress.of(IpVersion.V4, probe.max(BigInteger.ZERO));
      assertEquals(scan(values, values.length, p.value()), SortedNumbers.lowerBound(addresses, p));
    }
  }

  private static int scan(BigInteger[] values, int size, BigInteger value) {
    int i = 0;
    while (i < size && values[i].compareTo(value) < 0) {
      i++;
    }
    return i;
  }
}

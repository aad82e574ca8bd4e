package dev.sgproof.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.Property;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Cidr#contains(IpAddress)} (IPv4 in 64-bit arithmetic, IPv6 with big integers) against its
 * definition, first &lt;= a &lt;= last, on seeded random blocks of every prefix length and
 * addresses at, just inside and just outside their ends.
 */
class CidrContainsTest {
  @Test
  void containsIsExactlyBetweenTheFirstAndLastAddressOfTheBlock() {
    long seed = Property.baseSeed(0xC1D7L);
    System.out.println("CidrContainsTest seed " + seed);
    Random rnd = new Random(seed);
    int checked = 0;
    for (IpVersion v : IpVersion.values()) {
      for (int i = 0; i < 20_000; i++) {
        int prefix = rnd.nextInt(v.bits() + 1);
        Cidr c = Cidr.containing(random(rnd, v), prefix);
        BigInteger first = c.first().value();
        BigInteger last = c.last().value();
        BigInteger[] probes = {first, last, first.subtract(BigInteger.ONE),
            last.add(BigInteger.ONE), random(rnd, v).value(), BigInteger.ZERO, v.max()};
        for (BigInteger p : probes) {
          if (p.signum() < 0 || p.compareTo(v.max()) > 0) {
            continue;
          }
          IpAddress a = IpAddress.of(v, p);
          boolean expected = first.compareTo(p) <= 0 && p.compareTo(last) <= 0;
          assertEquals(expected, c.contains(a), "seed " + seed + ": " + c + " contains " + a);
          checked++;
        }
      }
    }
    assertTrue(checked > 200_000, "checked " + checked);
  }

  @Test
  void anAddressOfTheOtherVersionIsNeverContained() {
    assertFalse(Cidr.ANY_V4.contains(IpAddress.of("::1")));
    assertFalse(Cidr.ANY_V6.contains(IpAddress.of("0.0.0.1")));
    assertTrue(Cidr.ANY_V4.contains(IpAddress.of("255.255.255.255")));
    assertTrue(Cidr.of("10.0.0.0/8").contains(IpAddress.of("10.255.255.255")));
    assertFalse(Cidr.of("10.0.0.0/8").contains(IpAddress.of("11.0.0.0")));
    assertTrue(Cidr.of("128.0.0.0/1").contains(IpAddress.of("255.0.0.1")));
    assertFalse(Cidr.of("128.0.0.0/1").contains(IpAddress.of("127.255.255.255")));
  }

  private static IpAddress random(Random rnd, IpVersion v) {
    return IpAddress.of(v, new BigInteger(v.bits(), rnd));
  }
}

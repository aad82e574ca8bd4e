package dev.sgproof.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Property;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Address and CIDR parsing without String.split, streams or fresh masks (it is hot when a big spec
 * is read) accepts and rejects exactly what the plain definition does: a dotted quad of decimal
 * octets 0..255 without leading zeros, then an optional /PREFIX of 1..3 digits within the version.
 */
class AddressParsingTest {
  private static final long SEED = Property.baseSeed(20261130L);

  /** The definition, as the parser was written before. */
  private static long referenceV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long v = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return -1;
      }
      if (!p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return -1;
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        return -1;
      }
      v = (v << 8) | octet;
    }
    return v;
  }

  private static Optional<Cidr> referenceCidr(String text, boolean lenient) {
    int slash = text.indexOf('/');
    String addr = slash >= 0 ? text.substring(0, slash) : text;
    Optional<IpAddress> a = IpAddress.parse(addr);
    if (a.isEmpty()) {
      return Optional.empty();
    }
    int bits = a.get().version().bits();
    int prefix = bits;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    BigInteger net = a.get().value().andNot(mask);
    if (!lenient && !net.equals(a.get().value())) {
      return Optional.empty();
    }
    return Optional.of(new Cidr(new IpAddress(a.get().version(), net), prefix));
  }

  private static String near(Random r) {
    String alphabet = "0123456789..../:a";
    StringBuilder b = new StringBuilder();
    if (r.nextBoolean()) {
      for (int i = 0; i < 4; i++) {
        if (i > 0) {
          b.append('.');
        }
        b.append(r.nextInt(5) == 0 ? "0" + r.nextInt(30) : Integer.toString(r.nextInt(300)));
      }
      if (r.nextBoolean()) {
        b.append('/').append(r.nextInt(40));
      }
    }
    int noise = r.nextInt(4);
    for (int i = 0; i < noise; i++) {
      int at = r.nextInt(b.length() + 1);
      b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
    }
    if (r.nextInt(10) == 0 && b.length() > 0) {
      b.deleteCharAt(r.nextInt(b.length()));
    }
    return b.toString();
  }

  @Test
  void dottedQuadsAndCidrsParseAsDefined() {
    Random seeds = new Random(SEED);
    for (int i = 0; i < Fuzz.cases(50_000); i++) {
      long seed = seeds.nextLong();
      String text = near(new Random(seed));
      String where = "'" + text + "' (seed " + SEED + "/" + seed + ")";
      long ref = referenceV4(text);
      if (text.indexOf(':') < 0) {
        assertEquals(ref < 0 ? Optional.empty() : Optional.of(IpAddress.v4(ref)),
            IpAddress.parse(text), where);
      }
      assertEquals(referenceCidr(text, true), Cidr.parse(text, true), where);
      assertEquals(referenceCidr(text, false), Cidr.parse(text, false), where);
    }
  }

  @Test
  void everyPrefixLengthOfBothVersions() {
    for (int p = 0; p <= 32; p++) {
      String text = "255.255.255.255/" + p;
      assertEquals(referenceCidr(text, true), Cidr.parse(text, true), text);
      assertEquals(referenceCidr(text, false), Cidr.parse(text, false), text);
    }
    for (int p = 0; p <= 128; p++) {
      String text = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/" + p;
      assertEquals(referenceCidr(text, true), Cidr.parse(text, true), text);
      assertEquals(referenceCidr(text, false), Cidr.parse(text, false), text);
      String embedded = "::ffff:1.2.3.4/" + p;
      assertEquals(referenceCidr(embedded, true), Cidr.parse(embedded, true), embedded);
    }
  }
}

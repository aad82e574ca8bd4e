package dev.sgproof.model;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/** An address block: the network address (host bits zero) and the prefix length. */
public record Cidr(IpAddress network, int prefix) implements Comparable<Cidr> {
  public static final Cidr ANY_V4 = new Cidr(IpAddress.v4(0), 0);
  public static final Cidr ANY_V6 = new Cidr(new IpAddress(IpVersion.V6, BigInteger.ZERO), 0);

  public Cidr {
    Objects.requireNonNull(network, "network");
    if (prefix < 0 || prefix > network.version().bits()) {
      throw new IllegalArgumentException("prefix " + prefix + " out of range");
    }
    if (!network.value().and(hostMask(network.version(), prefix)).equals(BigInteger.ZERO)) {
      throw new IllegalArgumentException("host bits set in " + network + "/" + prefix);
    }
  }

  /** As the record's own, written out (see {@link IpAddress#equals}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && c.network.equals(network);
  }

  @Override
  public int hashCode() {
    return 31 * network.hashCode() + prefix;
  }

  /** The block of exactly one address. */
  public static Cidr host(IpAddress a) {
    return new Cidr(a, a.version().bits());
  }

  /** The block with this prefix that contains {@code a} (host bits cleared). */
  public static Cidr containing(IpAddress a, int prefix) {
    BigInteger net = a.value().andNot(hostMask(a.version(), prefix));
    return new Cidr(new IpAddress(a.version(), net), prefix);
  }

  /**
   * Parses {@code ADDR} or {@code ADDR/PREFIX}. Host bits must be zero unless {@code lenient}, in
   * which case they are cleared. Empty when malformed.
   */
  public static Optional<Cidr> parse(String text, boolean lenient) {
    Optional<Written> w = parseWritten(text);
    if (w.isEmpty() || (!lenient && w.get().hostBits())) {
      return Optional.empty();
    }
    return Optional.of(w.get().cidr());
  }

  /** A CIDR as written: the block (host bits cleared) and whether the text had host bits set. */
  public record Written(Cidr cidr, boolean hostBits) {}

  /**
   * Parses {@code ADDR} or {@code ADDR/PREFIX} once for both questions: the lenient block, and
   * whether the strict parse refuses it for its host bits. Empty when malformed.
   */
  public static Optional<Written> parseWritten(String text) {
    int slash = text.indexOf('/');
    String addr = slash >= 0 ? text.substring(0, slash) : text;
    Optional<IpAddress> a = IpAddress.parse(addr);
    if (a.isEmpty()) {
      return Optional.empty();
    }
    int bits = a.get().version().bits();
    int prefix = bits;
    if (slash >= 0) {
      int digits = text.length() - slash - 1;
      if (digits == 0 || digits > 3) {
        return Optional.empty();
      }
      prefix = 0;
      for (int i = slash + 1; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return Optional.empty();
        }
        prefix = prefix * 10 + (c - '0');
      }
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    Cidr c = containing(a.get(), prefix);
    return Optional.of(new Written(c, !c.network().equals(a.get())));
  }

  /** For literals in tests and generators; throws when malformed. */
  public static Cidr of(String text) {
    return parse(text, false).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + text));
  }

  /** The host masks of every prefix length, computed once (parsing is hot). */
  private static final class HostMasks {
    static final BigInteger[] V4 = of(IpVersion.V4);
    static final BigInteger[] V6 = of(IpVersion.V6);

    private static BigInteger[] of(IpVersion v) {
      BigInteger[] masks = new BigInteger[v.bits() + 1];
      for (int prefix = 0; prefix <= v.bits(); prefix++) {
        masks[prefix] = BigInteger.ONE.shiftLeft(v.bits() - prefix).subtract(BigInteger.ONE);
      }
      return masks;
    }
  }

  private static BigInteger hostMask(IpVersion v, int prefix) {
    return (v == IpVersion.V4 ? HostMasks.V4 : HostMasks.V6)[prefix];
  }

  public IpVersion version() {
    return network.version();
  }

  public IpAddress first() {
    return network;
  }

  public IpAddress last() {
    return new IpAddress(version(), network.value().or(hostMask(version(), prefix)));
  }

  public boolean contains(IpAddress a) {
    if (a.version() != version()) {
      return false;
    }
    if (a.version() == IpVersion.V4) {
      // In 64-bit arithmetic: the evaluator asks this for every rule of a NIC on every flow.
      // The low 32 bits are the whole value of an IPv4 address.
      int mask = (int) ~((1L << (32 - prefix)) - 1);
      return (a.value().intValue() & mask) == network.value().intValue();
    }
    return a.value().andNot(hostMask(version(), prefix)).equals(network.value());
  }

  public boolean contains(Cidr other) {
    return other.version() == version() && other.prefix >= prefix && contains(other.network);
  }

  public boolean isHost() {
    return prefix == version().bits();
  }

  @Override
  public int compareTo(Cidr o) {
    int c = network.compareTo(o.network);
    return c != 0 ? c : Integer.compare(prefix, o.prefix);
  }

  /** {@code a.b.c.d/p}; a single address prints with its prefix too, so the text is a CIDR. */
  @Override
  public String toString() {
    return network + "/" + prefix;
  }
}

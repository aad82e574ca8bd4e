package dev.sgproof.model;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/** An IPv4 or IPv6 address as an unsigned integer of 32 or 128 bits. */
public record IpAddress(IpVersion version, BigInteger value) implements Comparable<IpAddress> {
  public IpAddress {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0 || value.compareTo(version.max()) > 0) {
      throw new IllegalArgumentException("address value out of range for " + version);
    }
  }

  /**
   * As the record's own (the same components, the same hash), written out: the generated ones go
   * through method handles, which the C1 compiler the launcher runs with does not inline, and
   * addresses are map keys everywhere (owners, classes, cells).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress a && a.version == version && a.value.equals(value);
  }

  @Override
  public int hashCode() {
    return 31 * version.hashCode() + value.hashCode();
  }

  public static IpAddress v4(long value) {
    return new IpAddress(IpVersion.V4, BigInteger.valueOf(value));
  }

  public static IpAddress of(IpVersion version, BigInteger value) {
    return new IpAddress(version, value);
  }

  /** Parses a dotted IPv4 or a textual IPv6 address (RFC 4291 forms); empty when malformed. */
  public static Optional<IpAddress> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return Optional.empty();
    }
    return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
  }

  /** Like {@link #parse} but throws for programmer-supplied literals (tests, generators). */
  public static IpAddress of(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException("not an address: " + text));
  }

  private static Optional<IpAddress> parseV4(String text) {
    long v = parseV4Value(text);
    return v < 0 ? Optional.empty() : Optional.of(v4(v));
  }

  /** The value of a dotted quad, or -1. Octets are decimal, 0..255, without leading zeros. */
  private static long parseV4Value(String text) {
    int n = text.length();
    long v = 0;
    int octets = 0;
    int i = 0;
    while (true) {
      int start = i;
      while (i < n && text.charAt(i) != '.') {
        i++;
      }
      int length = i - start;
      if (length == 0 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
        return -1;
      }
      int octet = 0;
      for (int k = start; k < i; k++) {
        char c = text.charAt(k);
        if (c < '0' || c > '9') {
          return -1;
        }
        octet = octet * 10 + (c - '0');
      }
      if (octet > 255 || ++octets > 4) {
        return -1;
      }
      v = (v << 8) | octet;
      if (i == n) {
        return octets == 4 ? v : -1;
      }
      i++;
    }
  }

  private static Optional<IpAddress> parseV6(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return Optional.empty();
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    int[] headGroups = groups(head, doubleColon < 0 || tail.isEmpty());
    int[] tailGroups = doubleColon >= 0 ? groups(tail, true) : new int[0];
    if (headGroups == null || tailGroups == null) {
      return Optional.empty();
    }
    int total = headGroups.length + tailGroups.length;
    if (doubleColon < 0 ? total != 8 : total > 7) {
      return Optional.empty();
    }
    int[] all = new int[8];
    System.arraycopy(headGroups, 0, all, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
    BigInteger v = BigInteger.ZERO;
    for (int g : all) {
      v = v.shiftLeft(16).or(BigInteger.valueOf(g));
    }
    return Optional.of(new IpAddress(IpVersion.V6, v));
  }

  /**
   * The 16-bit groups of one side of "::". An embedded dotted IPv4 is allowed as the last element
   * when {@code last} holds. Returns null when malformed.
   */
  private static int[] groups(String side, boolean last) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int count = parts.length;
    boolean embedded = last && parts[count - 1].indexOf('.') >= 0;
    int[] out = new int[embedded ? count + 1 : count];
    for (int i = 0; i < count; i++) {
      String p = parts[i];
      if (embedded && i == count - 1) {
        long v4 = parseV4Value(p);
        if (v4 < 0) {
          return null;
        }
        out[i] = (int) (v4 >>> 16);
        out[i + 1] = (int) (v4 & 0xffff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int g = 0;
      for (int k = 0; k < p.length(); k++) {
        int d = Character.digit(p.charAt(k), 16);
        if (d < 0) {
          return null;
        }
        g = g * 16 + d;
      }
      out[i] = g;
    }
    return out;
  }

  public boolean isV4() {
    return version == IpVersion.V4;
  }

  public boolean isV6() {
    return version == IpVersion.V6;
  }

  /** The next address, or empty at the top of the space. */
  public Optional<IpAddress> next() {
    return value.equals(version.max())
        ? Optional.empty()
        : Optional.of(new IpAddress(version, value.add(BigInteger.ONE)));
  }

  /** The previous address, or empty at the bottom of the space. */
  public Optional<IpAddress> previous() {
    return value.signum() == 0
        ? Optional.empty()
        : Optional.of(new IpAddress(version, value.subtract(BigInteger.ONE)));
  }

  /** IPv4 before IPv6, then by value. */
  @Override
  public int compareTo(IpAddress o) {
    int c = version.compareTo(o.version);
    return c != 0 ? c : value.compareTo(o.value);
  }

  /** Dotted quad, or the RFC 5952 canonical IPv6 text (lower case, longest zero run as "::"). */
  @Override
  public String toString() {
    if (isV4()) {
      long v = value.longValue();
      return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestStart = -1;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }
}

package dev.sgproof.model;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Public unicast address space, what the {@code internet} endpoint means (semantics.md section
 * 2.1): IPv4 except the listed private, shared, loopback, link-local, documentation, multicast and
 * reserved blocks; IPv6 2000::/3 except 2001:db8::/32. Nothing else is excluded.
 */
public final class PublicSpace {
  /** The IPv4 blocks that are not the internet, ascending. */
  public static final List<Cidr> EXCLUDED_V4 = List.of(
      Cidr.of("0.0.0.0/8"),
      Cidr.of("10.0.0.0/8"),
      Cidr.of("100.64.0.0/10"),
      Cidr.of("127.0.0.0/8"),
      Cidr.of("169.254.0.0/16"),
      Cidr.of("172.16.0.0/12"),
      Cidr.of("192.0.0.0/24"),
      Cidr.of("192.0.2.0/24"),
      Cidr.of("192.88.99.0/24"),
      Cidr.of("192.168.0.0/16"),
      Cidr.of("198.18.0.0/15"),
      Cidr.of("198.51.100.0/24"),
      Cidr.of("203.0.113.0/24"),
      Cidr.of("224.0.0.0/4"),
      Cidr.of("240.0.0.0/4"));

  /** Global unicast IPv6, the IPv6 internet but for {@link #EXCLUDED_V6}. */
  public static final Cidr GLOBAL_V6 = Cidr.of("2000::/3");

  /** The IPv6 blocks inside {@link #GLOBAL_V6} that are not the internet. */
  public static final List<Cidr> EXCLUDED_V6 = List.of(Cidr.of("2001:db8::/32"));

  private static final List<BigInteger> CUTS_V4 = computeCuts(IpVersion.V4);
  private static final List<BigInteger> CUTS_V6 = computeCuts(IpVersion.V6);

  private PublicSpace() {}

  /** Whether the address is public unicast space (whoever owns it). */
  public static boolean contains(IpAddress a) {
    if (a.isV4()) {
      return EXCLUDED_V4.stream().noneMatch(c -> c.contains(a));
    }
    return GLOBAL_V6.contains(a) && EXCLUDED_V6.stream().noneMatch(c -> c.contains(a));
  }

  /**
   * The boundaries of public space of the version: every value where membership may change (the
   * first address of each block and the address after its last), ascending; a value past the
   * version's last address may be among them. Between two consecutive cuts, every address is
   * public or none is.
   */
  public static List<BigInteger> cuts(IpVersion v) {
    return v == IpVersion.V4 ? CUTS_V4 : CUTS_V6;
  }

  private static List<BigInteger> computeCuts(IpVersion v) {
    List<Cidr> blocks = new ArrayList<>();
    if (v == IpVersion.V4) {
      blocks.addAll(EXCLUDED_V4);
    } else {
      blocks.add(GLOBAL_V6);
      blocks.addAll(EXCLUDED_V6);
    }
    TreeSet<BigInteger> out = new TreeSet<>();
    for (Cidr c : blocks) {
      out.add(c.first().value());
      out.add(c.last().value().add(BigInteger.ONE));
    }
    return List.copyOf(out);
  }

  /**
   * The public intervals of the version as {@code [first, last]} pairs, ascending (what an
   * encoding of "is public" needs, and what tests probe at both ends).
   */
  public static List<IpAddress[]> ranges(IpVersion v) {
    List<BigInteger> c = new ArrayList<>(cuts(v));
    c.add(0, BigInteger.ZERO);
    c.add(v.max().add(BigInteger.ONE));
    List<IpAddress[]> out = new ArrayList<>();
    for (int i = 0; i + 1 < c.size(); i++) {
      BigInteger lo = c.get(i);
      BigInteger hi = c.get(i + 1).subtract(BigInteger.ONE);
      if (lo.compareTo(hi) > 0) {
        continue;
      }
      IpAddress first = IpAddress.of(v, lo);
      if (contains(first)) {
        if (!out.isEmpty() && out.get(out.size() - 1)[1].value().add(BigInteger.ONE).equals(lo)) {
          out.get(out.size() - 1)[1] = IpAddress.of(v, hi);
        } else {
          out.add(new IpAddress[] {first, IpAddress.of(v, hi)});
        }
      }
    }
    return out;
  }
}

package dev.sgproof.smt;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.PublicSpace;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flow as Z3 variables (semantics.md section 2), and the small terms every translation is
 * made of: the version flag {@code v6}, 128-bit source and destination addresses (an IPv4 address
 * lives in the low 32 bits, the high 96 are zero), an 8-bit protocol and 16-bit ports; ranges by
 * unsigned comparison, CIDRs by extract and equality. Knows no network.
 */
final class FlowTerms {
  final Context ctx;
  final BoolExpr v6;
  final BitVecExpr src;
  final BitVecExpr dst;
  final BitVecExpr proto;
  final BitVecExpr sport;
  final BitVecExpr dport;

  private final Map<IpAddress, BitVecNum> numerals = new HashMap<>();
  private final Map<IpAddress, BitVecNum> wideNumerals = new HashMap<>();
  private final BitVecExpr[] low32 = new BitVecExpr[2];
  private final Map<Integer, BitVecNum> protoNumerals = new HashMap<>();
  private final Map<Integer, BitVecNum> portNumerals = new HashMap<>();
  private final List<Map<Cidr, BoolExpr>> cidrTerms = List.of(new HashMap<>(), new HashMap<>());

  FlowTerms(Context ctx) {
    this.ctx = ctx;
    this.v6 = ctx.mkBoolConst("v6");
    this.src = ctx.mkBVConst("src", 128);
    this.dst = ctx.mkBVConst("dst", 128);
    this.proto = ctx.mkBVConst("proto", 8);
    this.sport = ctx.mkBVConst("sport", 16);
    this.dport = ctx.mkBVConst("dport", 16);
  }

  /** Section 2: same-version addresses, icmp on IPv4 and icmpv6 on IPv6, ports only for tcp/udp. */
  BoolExpr domain() {
    BitVecNum zero96 = ctx.mkBV(0, 96);
    BoolExpr v4 = ctx.mkNot(v6);
    BoolExpr ports = or(eq(proto, protoNum(Protocols.TCP)), eq(proto, protoNum(Protocols.UDP)));
    BitVecNum zero16 = portNum(0);
    return and(
        ctx.mkImplies(v4, ctx.mkEq(ctx.mkExtract(127, 32, src), zero96)),
        ctx.mkImplies(v4, ctx.mkEq(ctx.mkExtract(127, 32, dst), zero96)),
        ctx.mkImplies(eq(proto, protoNum(Protocols.ICMP)), v4),
        ctx.mkImplies(eq(proto, protoNum(Protocols.ICMPV6)), v6),
        ctx.mkImplies(ports, and(ctx.mkNot(eq(sport, zero16)), ctx.mkNot(eq(dport, zero16)))),
        ctx.mkImplies(ctx.mkNot(ports), and(eq(sport, zero16), eq(dport, zero16))));
  }

  // ---- connectives ---------------------------------------------------------------------------

  BoolExpr and(BoolExpr... xs) {
    return xs.length == 1 ? xs[0] : ctx.mkAnd(xs);
  }

  BoolExpr and(List<BoolExpr> xs) {
    return xs.isEmpty() ? ctx.mkTrue() : and(xs.toArray(new BoolExpr[0]));
  }

  BoolExpr or(BoolExpr... xs) {
    return xs.length == 1 ? xs[0] : ctx.mkOr(xs);
  }

  BoolExpr or(List<BoolExpr> xs) {
    return xs.isEmpty() ? ctx.mkFalse() : or(xs.toArray(new BoolExpr[0]));
  }

  BoolExpr not(BoolExpr x) {
    return ctx.mkNot(x);
  }

  BoolExpr implies(BoolExpr a, BoolExpr b) {
    return ctx.mkImplies(a, b);
  }

  BoolExpr eq(BitVecExpr a, BitVecExpr b) {
    return ctx.mkEq(a, b);
  }

  // ---- the flow's fields -------------------------------------------------------------------

  BoolExpr version(IpVersion v) {
    return v == IpVersion.V6 ? v6 : ctx.mkNot(v6);
  }

  BitVecNum protoNum(int p) {
    return protoNumerals.computeIfAbsent(p, k -> ctx.mkBV(k, 8));
  }

  BitVecNum portNum(int p) {
    return portNumerals.computeIfAbsent(p, k -> ctx.mkBV(k, 16));
  }

  /** The address as a numeral: 32 bits for IPv4 (see {@link #low32}), 128 for IPv6. */
  private BitVecNum addressNum(IpAddress a) {
    return numerals.computeIfAbsent(a, k -> ctx.mkBV(k.value().toString(), k.isV4() ? 32 : 128));
  }

  /** The address as a 128-bit numeral. */
  private BitVecNum wideNum(IpAddress a) {
    return a.isV4() ? wideNumerals.computeIfAbsent(a, k -> ctx.mkBV(k.value().toString(), 128))
        : addressNum(a);
  }

  BitVecExpr address(Side s) {
    return s == Side.SRC ? src : dst;
  }

  BitVecExpr port(Side s) {
    return s == Side.SRC ? sport : dport;
  }

  /** The address on side {@code s} is exactly {@code a} (version included). */
  BoolExpr addressIs(Side s, IpAddress a) {
    return and(version(a.version()), eq(a.isV4() ? low32(s) : address(s), addressNum(a)));
  }

  /** The port variable is in the range (unsigned comparisons; a bound at the edge is dropped). */
  BoolExpr inRange(BitVecExpr port, PortRange r) {
    if (r.low() == r.high()) {
      return eq(port, portNum(r.low()));
    }
    List<BoolExpr> parts = new ArrayList<>(2);
    if (r.low() > PortRange.MIN) {
      parts.add(ctx.mkBVULE(portNum(r.low()), port));
    }
    if (r.high() < PortRange.MAX) {
      parts.add(ctx.mkBVULE(port, portNum(r.high())));
    }
    return and(parts);
  }

  /**
   * {@code (version, value) <= (hi.version, hi.value)} for the address on side {@code s}: every
   * IPv4 address is below every IPv6 address.
   */
  BoolExpr addressAtMost(Side s, IpAddress hi) {
    BoolExpr le = ctx.mkBVULE(address(s), wideNum(hi));
    return hi.isV4() ? and(not(v6), le) : or(not(v6), le);
  }

  /** The port variable is at most {@code hi} (unsigned). */
  BoolExpr portAtMost(BitVecExpr port, int hi) {
    return ctx.mkBVULE(port, portNum(hi));
  }

  /**
   * The address on side {@code s} is public unicast space ({@link PublicSpace}): IPv4 outside
   * every excluded block, or IPv6 in 2000::/3 outside the excluded blocks.
   */
  BoolExpr isPublic(Side s) {
    List<BoolExpr> v4 = new ArrayList<>();
    v4.add(version(IpVersion.V4));
    for (Cidr c : PublicSpace.EXCLUDED_V4) {
      v4.add(not(inCidr(s, c)));
    }
    List<BoolExpr> v6 = new ArrayList<>();
    v6.add(inCidr(s, PublicSpace.GLOBAL_V6));
    for (Cidr c : PublicSpace.EXCLUDED_V6) {
      v6.add(not(inCidr(s, c)));
    }
    return or(and(v4), and(v6));
  }

  /**
   * The address on side {@code s} is one of {@code addresses} (any order, no duplicates), written
   * as ranges: consecutive addresses of one version become one {@code low <= a <= high}, so a set
   * of NICs numbered in sequence costs two comparisons, not one equality per address.
   */
  BoolExpr inAddresses(Side s, List<IpAddress> addresses) {
    if (addresses.isEmpty()) {
      return ctx.mkFalse();
    }
    List<IpAddress> sorted = new ArrayList<>(addresses);
    sorted.sort(null);
    List<BoolExpr> byVersion = new ArrayList<>(2);
    for (IpVersion v : IpVersion.values()) {
      List<BoolExpr> ranges = new ArrayList<>();
      int i = 0;
      while (i < sorted.size()) {
        IpAddress lo = sorted.get(i);
        int j = i;
        while (j + 1 < sorted.size() && sorted.get(j + 1).version() == lo.version()
            && sorted.get(j + 1).value().equals(sorted.get(j).value().add(BigInteger.ONE))) {
          j++;
        }
        if (lo.version() == v) {
          ranges.add(between(s, lo, sorted.get(j)));
        }
        i = j + 1;
      }
      if (!ranges.isEmpty()) {
        byVersion.add(and(version(v), or(ranges)));
      }
    }
    return or(byVersion);
  }

  /**
   * {@code lo <= a <= hi} for the address on side {@code s} (an equality when they are one
   * address), under the version of {@code lo} (the caller's conjunct): an IPv4 address is compared
   * in its low 32 bits, since the domain makes the high 96 zero.
   */
  private BoolExpr between(Side s, IpAddress lo, IpAddress hi) {
    BitVecExpr x = lo.isV4() ? low32(s) : address(s);
    if (lo.equals(hi)) {
      return eq(x, addressNum(lo));
    }
    return and(ctx.mkBVULE(addressNum(lo), x), ctx.mkBVULE(x, addressNum(hi)));
  }

  /** The low 32 bits of the address on side {@code s} (all of an IPv4 address). */
  private BitVecExpr low32(Side s) {
    int i = s.ordinal();
    if (low32[i] == null) {
      low32[i] = ctx.mkExtract(31, 0, address(s));
    }
    return low32[i];
  }

  /** The address on side {@code s} lies in the CIDR: version, then extract + equality. */
  BoolExpr inCidr(Side s, Cidr c) {
    return cidrTerms.get(s.ordinal()).computeIfAbsent(c, k -> {
      BoolExpr v = version(k.version());
      if (k.prefix() == 0) {
        return v;
      }
      int bits = k.version().bits();
      BigInteger prefixValue = k.network().value().shiftRight(bits - k.prefix());
      BitVecNum n = ctx.mkBV(prefixValue.toString(), k.prefix());
      return and(v, ctx.mkEq(ctx.mkExtract(bits - 1, bits - k.prefix(), address(s)), n));
    });
  }
}

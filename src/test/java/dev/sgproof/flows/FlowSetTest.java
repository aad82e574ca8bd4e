package dev.sgproof.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.Gen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Flow sets against brute force over a small universe of sample points (every protocol number
 * that behaves differently, addresses and ports at the edges of the boxes drawn from them): set
 * operations, membership, and the canonical boxes (disjoint, exactly the set, the same bytes
 * whatever order the set was built in).
 */
class FlowSetTest {
  private static final int CASES = 300;

  private static final List<Integer> PROTOCOLS =
      List.of(0, 1, 2, 5, 6, 7, 16, 17, 18, 47, 57, 58, 59, 255);
  private static final List<IpAddress> V4 = List.of(IpAddress.v4(0), IpAddress.v4(1),
      IpAddress.v4(2), IpAddress.v4(10), IpAddress.v4(11), IpAddress.v4(0xFFFFFFFFL));
  private static final List<IpAddress> V6 = List.of(v6(BigInteger.ZERO), v6(BigInteger.ONE),
      v6(BigInteger.valueOf(5)), v6(IpVersion.V6.max()));
  private static final List<Integer> PORTS = List.of(1, 2, 3, 80, 81, 65535);

  private static IpAddress v6(BigInteger v) {
    return IpAddress.of(IpVersion.V6, v);
  }

  /** Every sample flow: each protocol, each pair of sample addresses of one version, ports. */
  private static List<Flow> points() {
    List<Flow> out = new ArrayList<>();
    for (int p : PROTOCOLS) {
      for (List<IpAddress> version : List.of(V4, V6)) {
        if (!Protocols.fitsVersion(p, version.get(0).version())) {
          continue;
        }
        for (IpAddress s : version) {
          for (IpAddress d : version) {
            if (Protocols.hasPorts(p)) {
              for (int sp : PORTS) {
                for (int dp : PORTS) {
                  out.add(new Flow(s, d, p, sp, dp));
                }
              }
            } else {
              out.add(new Flow(s, d, p, 0, 0));
            }
          }
        }
      }
    }
    return out;
  }

  private static final List<Flow> POINTS = points();

  private static FlowBox randomBox(Gen g) {
    List<IpAddress> version = g.chance(0.6) ? V4 : V6;
    IpAddress[] src = range(g, version);
    IpAddress[] dst = range(g, version);
    if (g.chance(0.5)) {
      int p = g.chance(0.5) ? Protocols.TCP : Protocols.UDP;
      return FlowBox.ported(p, src[0], src[1], dst[0], dst[1], ports(g), ports(g));
    }
    while (true) {
      int a = g.pick(PROTOCOLS);
      int b = g.pick(PROTOCOLS);
      int low = Math.min(a, b);
      int high = Math.max(a, b);
      boolean ported = (low <= 6 && 6 <= high) || (low <= 17 && 17 <= high);
      if (!ported) {
        return FlowBox.of(low, high, src[0], src[1], dst[0], dst[1]);
      }
    }
  }

  private static IpAddress[] range(Gen g, List<IpAddress> version) {
    IpAddress a = g.pick(version);
    IpAddress b = g.pick(version);
    return a.compareTo(b) <= 0 ? new IpAddress[] {a, b} : new IpAddress[] {b, a};
  }

  private static PortRange ports(Gen g) {
    int a = g.pick(PORTS);
    int b = g.pick(PORTS);
    return new PortRange(Math.min(a, b), Math.max(a, b));
  }

  private static boolean inBox(FlowBox b, Flow f) {
    if (f.protocol() < b.protocolLow() || f.protocol() > b.protocolHigh()) {
      return false;
    }
    if (f.src().version() != b.srcLow().version()) {
      return false;
    }
    if (f.src().compareTo(b.srcLow()) < 0 || f.src().compareTo(b.srcHigh()) > 0
        || f.dst().compareTo(b.dstLow()) < 0 || f.dst().compareTo(b.dstHigh()) > 0) {
      return false;
    }
    if (b.hasPorts()) {
      return b.srcPorts().orElseThrow().contains(f.srcPort())
          && b.dstPorts().orElseThrow().contains(f.dstPort());
    }
    return true;
  }

  private static Set<Flow> brute(List<FlowBox> boxes) {
    Set<Flow> out = new HashSet<>();
    for (Flow f : POINTS) {
      for (FlowBox b : boxes) {
        if (inBox(b, f)) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private static Set<Flow> members(FlowSet s) {
    Set<Flow> out = new HashSet<>();
    for (Flow f : POINTS) {
      if (s.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static FlowSet build(FlowSpace space, List<FlowBox> boxes) {
    FlowSet s = space.empty();
    for (FlowBox b : boxes) {
      s = s.union(space.box(b));
    }
    return s;
  }

  /** Zero to two address ranges of sample addresses, either version. */
  private static List<IpAddress[]> ranges(Gen g) {
    List<IpAddress[]> out = new ArrayList<>();
    for (int k = g.intBetween(0, 2); k > 0; k--) {
      out.add(range(g, g.chance(0.6) ? V4 : V6));
    }
    return out;
  }

  private static boolean within(List<IpAddress[]> ranges, IpAddress a) {
    return ranges.stream().anyMatch(r -> r[0].version() == a.version() && r[0].compareTo(a) <= 0
        && a.compareTo(r[1]) <= 0);
  }

  private static String show(List<IpAddress[]> ranges) {
    return ranges.stream().map(r -> r[0] + "-" + r[1]).toList().toString();
  }

  @TestFactory
  Stream<DynamicTest> operationsAgreeWithBruteForce() {
    long base = Property.baseSeed(20261130L);
    return IntStream.range(0, CASES).mapToObj(i -> DynamicTest.dynamicTest("seed " + (base + i),
        () -> {
          Gen g = new Gen(base + i);
          List<FlowBox> a = new ArrayList<>();
          List<FlowBox> b = new ArrayList<>();
          for (int k = g.intBetween(0, 5); k > 0; k--) {
            a.add(randomBox(g));
          }
          for (int k = g.intBetween(0, 5); k > 0; k--) {
            b.add(randomBox(g));
          }
          FlowSpace space = new FlowSpace();
          FlowSet sa = build(space, a);
          FlowSet sb = build(space, b);
          Set<Flow> ba = brute(a);
          Set<Flow> bb = brute(b);
          String where = "seed " + (base + i) + ": a=" + a + " b=" + b;
          assertEquals(ba, members(sa), where);
          Set<Flow> union = new HashSet<>(ba);
          union.addAll(bb);
          assertEquals(union, members(sa.union(sb)), where);
          Set<Flow> inter = new HashSet<>(ba);
          inter.retainAll(bb);
          assertEquals(inter, members(sa.intersection(sb)), where);
          Set<Flow> diff = new HashSet<>(ba);
          diff.removeAll(bb);
          assertEquals(diff, members(sa.minus(sb)), where);
          assertEquals(diff.isEmpty(), sa.minus(sb).isEmpty(), where);

          // touches: some flow of the set between the ranges (the boxes' corners are sample
          // points, and so are the ends of every intersection of ranges with sample ends)
          for (int k = 0; k < 4; k++) {
            List<IpAddress[]> from = ranges(g);
            List<IpAddress[]> to = ranges(g);
            boolean expected = ba.stream().anyMatch(f -> within(from, f.src())
                && within(to, f.dst()));
            assertEquals(expected, sa.touches(from, to), where + " touches " + show(from) + " -> "
                + show(to));
          }
          // canonical boxes: disjoint, exactly the set, and rebuilding from them gives the set
          FlowSet u = sa.union(sb);
          List<FlowBox> boxes = u.boxes(Integer.MAX_VALUE).boxes();
          assertEquals(BigInteger.valueOf(boxes.size()), u.boxes(0).total(), where);
          for (Flow f : POINTS) {
            long holding = boxes.stream().filter(x -> inBox(x, f)).count();
            assertTrue(holding <= 1, where + ": " + f + " in " + holding + " boxes");
            assertEquals(u.contains(f), holding == 1, where + ": " + f);
          }
          FlowSet again = build(space, boxes);
          assertEquals(u, again, where);
          // another space, built in reverse order, prints the same boxes
          FlowSpace other = new FlowSpace();
          List<FlowBox> reversed = new ArrayList<>(b);
          java.util.Collections.reverse(reversed);
          List<FlowBox> ra = new ArrayList<>(a);
          java.util.Collections.reverse(ra);
          reversed.addAll(ra);
          assertEquals(boxes, build(other, reversed).boxes(Integer.MAX_VALUE).boxes(), where);
        }));
  }

  /**
   * Port parts built in one pass from a grid (a random subset of the products of two partitions
   * of the ports, as a decision table's classes are) or from any products are the union of the
   * products one by one.
   */
  @TestFactory
  Stream<DynamicTest> portCellsAreTheUnionOfTheirProducts() {
    long base = Property.baseSeed(0x9021DL);
    return IntStream.range(0, CASES).mapToObj(i -> DynamicTest.dynamicTest("seed " + (base + i),
        () -> {
          Gen g = new Gen(base + i);
          List<PortRange[]> pairs = new ArrayList<>();
          if (g.chance(0.7)) {
            List<PortRange> src = partition(g);
            List<PortRange> dst = partition(g);
            for (PortRange s : src) {
              for (PortRange d : dst) {
                if (g.chance(0.5)) {
                  pairs.add(new PortRange[] {s, d});
                }
              }
            }
            java.util.Collections.shuffle(pairs, new java.util.Random(base + i));
          } else {
            for (int k = g.intBetween(0, 6); k > 0; k--) {
              pairs.add(new PortRange[] {ports(g), ports(g)});
            }
          }
          FlowSpace space = new FlowSpace();
          FlowSpace.Part union = space.nothing();
          for (PortRange[] p : pairs) {
            union = space.union(union, space.portCells(List.<PortRange[]>of(p)));
          }
          assertEquals(union, space.portCells(pairs), "seed " + (base + i) + ": "
              + pairs.stream().map(p -> p[0] + "x" + p[1]).toList());
        }));
  }

  /** The ports cut at a few random sample ports into consecutive ranges. */
  private static List<PortRange> partition(Gen g) {
    java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>(List.of(PortRange.MIN,
        PortRange.MAX + 1));
    for (int k = g.intBetween(0, 4); k > 0; k--) {
      cuts.add(g.pick(PORTS));
    }
    List<Integer> c = new ArrayList<>(cuts);
    List<PortRange> out = new ArrayList<>();
    for (int k = 0; k + 1 < c.size(); k++) {
      out.add(new PortRange(c.get(k), c.get(k + 1) - 1));
    }
    return out;
  }

  @Test
  void wholeProtocolRangesMergeAcrossIcmpAndIcmpv6() {
    FlowSpace space = new FlowSpace();
    IpAddress a4 = IpAddress.of("10.0.0.1");
    IpAddress b4 = IpAddress.of("10.0.0.2");
    IpAddress a6 = IpAddress.of("2001:db8::1");
    IpAddress b6 = IpAddress.of("2001:db8::2");
    FlowSet s = space.empty();
    for (int p = 0; p <= 255; p++) {
      if (Protocols.hasPorts(p)) {
        s = s.union(space.box(FlowBox.ported(p, a4, a4, b4, b4, PortRange.ALL, PortRange.ALL)));
        s = s.union(space.box(FlowBox.ported(p, a6, a6, b6, b6, PortRange.ALL, PortRange.ALL)));
        continue;
      }
      if (Protocols.fitsVersion(p, IpVersion.V4)) {
        s = s.union(space.box(FlowBox.of(p, p, a4, a4, b4, b4)));
      }
      if (Protocols.fitsVersion(p, IpVersion.V6)) {
        s = s.union(space.box(FlowBox.of(p, p, a6, a6, b6, b6)));
      }
    }
    List<String> boxes = s.boxes(100).boxes().stream().map(FlowBox::toString).toList();
    assertEquals(List.of(
        "proto 0-5 10.0.0.1 -> 10.0.0.2",
        "proto 0-5 2001:db8::1 -> 2001:db8::2",
        "tcp 10.0.0.1 port 1-65535 -> 10.0.0.2 port 1-65535",
        "tcp 2001:db8::1 port 1-65535 -> 2001:db8::2 port 1-65535",
        "proto 7-16 10.0.0.1 -> 10.0.0.2",
        "proto 7-16 2001:db8::1 -> 2001:db8::2",
        "udp 10.0.0.1 port 1-65535 -> 10.0.0.2 port 1-65535",
        "udp 2001:db8::1 port 1-65535 -> 2001:db8::2 port 1-65535",
        "proto 18-255 10.0.0.1 -> 10.0.0.2",
        "proto 18-255 2001:db8::1 -> 2001:db8::2"), boxes);
    assertTrue(s.contains(new Flow(a6, b6, Protocols.ICMPV6, 0, 0)));
    assertFalse(s.contains(new Flow(b6, a6, Protocols.ICMPV6, 0, 0)));
  }

  @Test
  void adjacentAddressesWithTheSameRestMerge() {
    FlowSpace space = new FlowSpace();
    FlowSet s = space.empty();
    for (String src : List.of("10.0.0.3", "10.0.0.1", "10.0.0.2")) {
      IpAddress a = IpAddress.of(src);
      s = s.union(space.box(FlowBox.ported(Protocols.TCP, a, a, IpAddress.of("10.0.1.20"),
          IpAddress.of("10.0.1.20"), PortRange.ALL, PortRange.single(5432))));
    }
    assertEquals(List.of("tcp 10.0.0.1-10.0.0.3 port 1-65535 -> 10.0.1.20 port 5432"),
        s.boxes(10).boxes().stream().map(FlowBox::toString).toList());
    assertFalse(s.boxes(10).truncated());
    assertTrue(s.boxes(0).truncated());
  }
}

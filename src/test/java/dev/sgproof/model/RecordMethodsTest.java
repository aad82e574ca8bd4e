package dev.sgproof.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sgproof.gen.Gen;
import dev.sgproof.gen.Property;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link IpAddress}, {@link Cidr}, {@link PortRange} and {@link Flow} write out their equals and
 * hashCode (the generated ones go through method handles, slow under the C1 compiler the
 * launcher runs with): they must be the record's own, the same equality and the same hash as a
 * record of the same components, so that no hash map's order, and no output, changes. Compared
 * with such records on generated values, equal and unequal pairs.
 */
class RecordMethodsTest {
  private record AddressAsRecord(IpVersion version, BigInteger value) {}

  private record CidrAsRecord(IpAddress network, int prefix) {}

  private record PortsAsRecord(int low, int high) {}

  private record FlowAsRecord(IpAddress src, IpAddress dst, int protocol, int srcPort,
      int dstPort) {}

  @Test
  void theWrittenOutMethodsAreTheRecordsOwn() {
    long seed = Property.baseSeed(0x5EC0L);
    System.out.println("RecordMethodsTest base seed " + seed);
    Gen g = new Gen(seed);
    for (int i = 0; i < 2000; i++) {
      IpAddress a = address(g);
      IpAddress b = g.chance(0.3) ? new IpAddress(a.version(), a.value()) : address(g);
      String why = "seed " + seed + ", " + a + " and " + b;
      assertEquals(new AddressAsRecord(a.version(), a.value()).hashCode(), a.hashCode(), why);
      assertEquals(new AddressAsRecord(a.version(), a.value())
          .equals(new AddressAsRecord(b.version(), b.value())), a.equals(b), why);

      int prefixA = g.intBetween(0, a.version().bits());
      int prefixB = g.chance(0.5) && b.version() == a.version() ? prefixA
          : g.intBetween(0, b.version().bits());
      Cidr c = Cidr.containing(a, prefixA);
      Cidr d = Cidr.containing(b, prefixB);
      assertEquals(new CidrAsRecord(c.network(), c.prefix()).hashCode(), c.hashCode(), why);
      assertEquals(new CidrAsRecord(c.network(), c.prefix())
          .equals(new CidrAsRecord(d.network(), d.prefix())), c.equals(d), why);

      int low = g.intBetween(PortRange.MIN, PortRange.MAX);
      PortRange p = new PortRange(low, g.intBetween(low, PortRange.MAX));
      PortRange q = g.chance(0.3) ? new PortRange(p.low(), p.high())
          : new PortRange(low, g.intBetween(low, PortRange.MAX));
      assertEquals(new PortsAsRecord(p.low(), p.high()).hashCode(), p.hashCode(), why);
      assertEquals(new PortsAsRecord(p.low(), p.high())
          .equals(new PortsAsRecord(q.low(), q.high())), p.equals(q), why);

      Flow f = flow(g, a);
      Flow h = g.chance(0.3) ? new Flow(f.src(), f.dst(), f.protocol(), f.srcPort(), f.dstPort())
          : flow(g, g.chance(0.5) ? a : address(g));
      assertEquals(asRecord(f).hashCode(), f.hashCode(), why + ", " + f);
      assertEquals(asRecord(f).equals(asRecord(h)), f.equals(h), why + ", " + f + " and " + h);
    }
  }

  private static FlowAsRecord asRecord(Flow f) {
    return new FlowAsRecord(f.src(), f.dst(), f.protocol(), f.srcPort(), f.dstPort());
  }

  private static IpAddress address(Gen g) {
    if (g.chance(0.7)) {
      return IpAddress.v4(g.nextLong() & 0xFFFF_FFFFL);
    }
    return new IpAddress(IpVersion.V6, new BigInteger(128, new java.util.Random(g.nextLong())));
  }

  /** A flow from the address to another of its version, tcp with ports or icmp(v6) without. */
  private static Flow flow(Gen g, IpAddress src) {
    IpAddress dst = address(g);
    while (dst.version() != src.version()) {
      dst = address(g);
    }
    if (g.chance(0.5)) {
      return new Flow(src, dst, 6, g.intBetween(1, 65535), g.intBetween(1, 65535));
    }
    int icmp = src.version() == IpVersion.V4 ? 1 : 58;
    return new Flow(src, dst, icmp, Flow.NO_PORT, Flow.NO_PORT);
  }
}

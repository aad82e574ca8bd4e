package dev.sgproof.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The traffic of an assertion: the union of one or more items, each a protocol (or all) and, for
 * tcp/udp, destination port ranges (empty list = every port). {@link #ANY} is all traffic: every
 * protocol number, every port.
 *
 * <p>Held in canonical form, so that two traffics are equal exactly when they are the same set
 * of flows: an {@code all} item absorbs every other; otherwise one item per protocol in the order
 * tcp, udp, icmp, icmpv6, gre; the ports of a protocol merged (overlapping and adjacent ranges
 * joined, ascending), and ports that cover 1-65535 written as none (every port). {@link
 * #toString} prints that form ({@code tcp 53,80-81 + udp 53 + icmp}); {@code sgproof fmt} writes
 * it.
 */
public record Traffic(List<Item> items) {
  public static final Traffic ANY = new Traffic(Proto.ALL, List.of());

  /** One protocol (or all) with its destination ports (empty: every port). */
  public record Item(Proto protocol, List<PortRange> ports) {
    public Item {
      Objects.requireNonNull(protocol, "protocol");
      ports = List.copyOf(ports);
      if (!protocol.hasPorts() && !ports.isEmpty()) {
        throw new IllegalArgumentException(protocol + " traffic with ports");
      }
    }

    /** Whether flows of this protocol number and destination port lie within the item. */
    public boolean contains(int flowProtocol, int dstPort) {
      if (!protocol.matches(flowProtocol)) {
        return false;
      }
      if (ports.isEmpty() || !Protocols.hasPorts(flowProtocol)) {
        return true;
      }
      for (PortRange r : ports) {
        if (r.contains(dstPort)) {
          return true;
        }
      }
      return false;
    }

    /** Whether the item holds flows of the IP version (icmp is IPv4 only, icmpv6 IPv6 only). */
    public boolean fits(IpVersion v) {
      return protocol == Proto.ALL || Protocols.fitsVersion(protocol.number(), v);
    }

    @Override
    public String toString() {
      if (ports.isEmpty()) {
        return protocol.keyword();
      }
      return protocol.keyword() + " "
          + ports.stream().map(PortRange::toString).collect(Collectors.joining(","));
    }
  }

  public Traffic {
    items = canonical(items);
  }

  /** One item. */
  public Traffic(Proto protocol, List<PortRange> ports) {
    this(List.of(new Item(protocol, ports)));
  }

  /** Protocols in the order of the canonical form. */
  private static final List<Proto> ORDER =
      List.of(Proto.TCP, Proto.UDP, Proto.ICMP, Proto.ICMPV6, Proto.GRE);

  private static List<Item> canonical(List<Item> items) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("traffic without an item");
    }
    List<Item> out = new ArrayList<>();
    for (Item i : items) {
      Objects.requireNonNull(i, "item");
      if (i.protocol() == Proto.ALL) {
        return List.of(new Item(Proto.ALL, List.of()));
      }
    }
    for (Proto p : ORDER) {
      List<PortRange> ranges = new ArrayList<>();
      boolean present = false;
      boolean every = false;
      for (Item i : items) {
        if (i.protocol() == p) {
          present = true;
          every |= i.ports().isEmpty();
          ranges.addAll(i.ports());
        }
      }
      if (present) {
        List<PortRange> merged = every ? List.of() : merge(ranges);
        out.add(new Item(p, merged.equals(List.of(PortRange.ALL)) ? List.of() : merged));
      }
    }
    return List.copyOf(out);
  }

  /** Sorted, with overlapping and adjacent ranges joined. */
  private static List<PortRange> merge(List<PortRange> ranges) {
    List<PortRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingInt(PortRange::low).thenComparingInt(PortRange::high));
    List<PortRange> out = new ArrayList<>();
    for (PortRange r : sorted) {
      if (!out.isEmpty() && out.get(out.size() - 1).high() + 1 >= r.low()) {
        PortRange last = out.remove(out.size() - 1);
        out.add(new PortRange(last.low(), Math.max(last.high(), r.high())));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  /** Whether this is all traffic (every protocol number, every port). */
  public boolean isAny() {
    return items.get(0).protocol() == Proto.ALL;
  }

  /** Whether the flow lies within this traffic (the source port never restricts traffic). */
  public boolean contains(Flow f) {
    return contains(f.protocol(), f.dstPort());
  }

  /** {@link #contains(Flow)} for a flow of that protocol and destination port. */
  public boolean contains(int flowProtocol, int dstPort) {
    // By index: the launcher's C1 compiler allocates an iterator per loop, and the searches ask
    // this once per protocol and port class of every obligation.
    for (int k = 0; k < items.size(); k++) {
      if (items.get(k).contains(flowProtocol, dstPort)) {
        return true;
      }
    }
    return false;
  }

  /** Whether some item holds flows of the IP version. */
  public boolean fits(IpVersion v) {
    return items.stream().anyMatch(i -> i.fits(v));
  }

  /** The port ranges of every item, in item order (where the traffic cuts destination ports). */
  public List<PortRange> portRanges() {
    List<PortRange> out = new ArrayList<>();
    items.forEach(i -> out.addAll(i.ports()));
    return out;
  }

  @Override
  public String toString() {
    return items.stream().map(Item::toString).collect(Collectors.joining(" + "));
  }
}

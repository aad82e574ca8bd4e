package dev.sgproof.flows;

import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A set of traffic: protocol numbers, and for tcp and udp destination ports (what a TRAFFIC item
 * of the language names; source ports and addresses are projected away). Immutable. Printed as
 * TRAFFIC items joined by {@code +} in a fixed order: {@code tcp 80,443 + udp 53 + icmp + proto
 * 0-5} (tcp, udp, icmp, icmpv6, gre, then the numbers no keyword names as {@code proto N} or
 * {@code proto N-M}), or {@code all} for everything.
 */
public final class TrafficSet {
  private static final int PROTOCOLS = Protocols.MAX + 1;
  private static final List<PortRange> ALL_PORTS = List.of(PortRange.ALL);
  public static final TrafficSet NONE = new TrafficSet(new boolean[PROTOCOLS], List.of(), List.of());

  /** For each port-less protocol number whether it is in the set (tcp and udp are ignored). */
  private final boolean[] portless;
  private final List<PortRange> tcp;
  private final List<PortRange> udp;

  private TrafficSet(boolean[] portless, List<PortRange> tcp, List<PortRange> udp) {
    this.portless = portless;
    this.tcp = List.copyOf(tcp);
    this.udp = List.copyOf(udp);
  }

  /** Every protocol number and every port. */
  public static TrafficSet all() {
    boolean[] p = new boolean[PROTOCOLS];
    Arrays.fill(p, true);
    p[Protocols.TCP] = false;
    p[Protocols.UDP] = false;
    return new TrafficSet(p, ALL_PORTS, ALL_PORTS);
  }

  /** Builds a set from protocol ranges (port-less) and port ranges of tcp and udp, in any order. */
  public static final class Builder {
    private final boolean[] portless = new boolean[PROTOCOLS];
    private final List<PortRange> tcp = new ArrayList<>();
    private final List<PortRange> udp = new ArrayList<>();

    /** Adds the port-less protocols of {@code low..high} (tcp and udp inside are skipped). */
    public Builder protocols(int low, int high) {
      for (int p = low; p <= high; p++) {
        if (!Protocols.hasPorts(p)) {
          portless[p] = true;
        }
      }
      return this;
    }

    public Builder ports(int protocol, PortRange r) {
      (protocol == Protocols.TCP ? tcp : udp).add(r);
      return this;
    }

    public TrafficSet build() {
      return new TrafficSet(portless.clone(), normalise(tcp), normalise(udp));
    }
  }

  /** Sorted, disjoint, with touching ranges merged. */
  static List<PortRange> normalise(List<PortRange> ranges) {
    List<PortRange> sorted = new ArrayList<>(ranges);
    sorted.sort(null);
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

  public boolean isEmpty() {
    return tcp.isEmpty() && udp.isEmpty() && !any(portless);
  }

  public boolean isAll() {
    return equals(all());
  }

  public TrafficSet minus(TrafficSet o) {
    boolean[] p = portless.clone();
    for (int i = 0; i < PROTOCOLS; i++) {
      p[i] &= !o.portless[i];
    }
    return new TrafficSet(p, minus(tcp, o.tcp), minus(udp, o.udp));
  }

  public TrafficSet union(TrafficSet o) {
    boolean[] p = portless.clone();
    for (int i = 0; i < PROTOCOLS; i++) {
      p[i] |= o.portless[i];
    }
    List<PortRange> t = new ArrayList<>(tcp);
    t.addAll(o.tcp);
    List<PortRange> u = new ArrayList<>(udp);
    u.addAll(o.udp);
    return new TrafficSet(p, normalise(t), normalise(u));
  }

  private static List<PortRange> minus(List<PortRange> a, List<PortRange> b) {
    List<PortRange> out = new ArrayList<>();
    for (PortRange r : a) {
      int from = r.low();
      for (PortRange x : b) {
        if (x.high() < from || x.low() > r.high()) {
          continue;
        }
        if (x.low() > from) {
          out.add(new PortRange(from, x.low() - 1));
        }
        from = x.high() + 1;
        if (from > r.high()) {
          break;
        }
      }
      if (from <= r.high()) {
        out.add(new PortRange(from, r.high()));
      }
    }
    return out;
  }

  private static boolean any(boolean[] b) {
    for (boolean x : b) {
      if (x) {
        return true;
      }
    }
    return false;
  }

  /** Whether the set holds the protocol (and, for tcp or udp, the destination port). */
  public boolean contains(int protocol, int dstPort) {
    if (protocol == Protocols.TCP || protocol == Protocols.UDP) {
      for (PortRange r : protocol == Protocols.TCP ? tcp : udp) {
        if (r.contains(dstPort)) {
          return true;
        }
      }
      return false;
    }
    return portless[protocol];
  }

  /** The set as TRAFFIC items (empty when the set is). */
  public List<String> items() {
    List<String> out = new ArrayList<>();
    if (isAll()) {
      out.add("all");
      return out;
    }
    ports(out, "tcp", tcp);
    ports(out, "udp", udp);
    for (int p : new int[] {Protocols.ICMP, Protocols.ICMPV6, Protocols.GRE}) {
      if (portless[p]) {
        out.add(Protocols.name(p));
      }
    }
    int p = 0;
    while (p < PROTOCOLS) {
      if (!portless[p] || Protocols.isNamed(p)) {
        p++;
        continue;
      }
      int q = p;
      while (q + 1 < PROTOCOLS && portless[q + 1] && !Protocols.isNamed(q + 1)) {
        q++;
      }
      out.add(q == p ? "proto " + p : "proto " + p + "-" + q);
      p = q + 1;
    }
    return out;
  }

  private static void ports(List<String> out, String name, List<PortRange> ranges) {
    if (ranges.isEmpty()) {
      return;
    }
    if (ranges.equals(ALL_PORTS)) {
      out.add(name);
      return;
    }
    StringBuilder b = new StringBuilder(name).append(' ');
    for (int i = 0; i < ranges.size(); i++) {
      b.append(i > 0 ? "," : "").append(ranges.get(i));
    }
    out.add(b.toString());
  }

  /** {@code tcp 80,443 + icmp}; the empty string for the empty set. */
  @Override
  public String toString() {
    return String.join(" + ", items());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficSet t && Arrays.equals(t.portless, portless) && t.tcp.equals(tcp)
        && t.udp.equals(udp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(portless), tcp, udp);
  }
}

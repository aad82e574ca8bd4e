package dev.sgproof.gen;

import dev.sgproof.model.Cidr;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Random flows that are legal for one network: source and destination of one IP version, icmp
 * only over IPv4 and icmpv6 only over IPv6, ports only for tcp and udp, at least one end owned by
 * a NIC and never both ends on the same NIC. Addresses and ports are biased toward the edges of
 * the network's rules (first and last address of every CIDR and the ones just outside, both ends
 * of every port range and their neighbours). Usage: {@code new FlowGen(network).flow(gen)}.
 */
public final class FlowGen {
  private static final List<Integer> OTHER_PROTOCOLS = List.of(0, 2, 41, 89, 132, 255);

  private final Network network;
  private final List<IpAddress> owned4 = new ArrayList<>();
  private final List<IpAddress> owned6 = new ArrayList<>();
  private final List<IpAddress> edges4;
  private final List<IpAddress> edges6;
  private final List<Integer> ports;

  public FlowGen(Network network) {
    this.network = network;
    TreeSet<IpAddress> e4 = new TreeSet<>();
    TreeSet<IpAddress> e6 = new TreeSet<>();
    TreeSet<Integer> p = new TreeSet<>(NetworkGen.PORT_MARKS);
    for (Nic n : network.nics()) {
      for (IpAddress a : n.addresses()) {
        (a.isV4() ? owned4 : owned6).add(a);
        edges(Cidr.host(a), a.isV4() ? e4 : e6);
      }
    }
    for (Cidr c : NetworkGen.EXTERNAL) {
      edges(c, c.version() == IpVersion.V4 ? e4 : e6);
    }
    for (Group g : network.groups()) {
      for (Rule r : g.rules()) {
        if (r.peer() instanceof Peer.CidrPeer cp) {
          edges(cp.cidr(), cp.cidr().version() == IpVersion.V4 ? e4 : e6);
        }
        ports(r.dstPorts(), p);
        ports(r.srcPorts(), p);
      }
    }
    edges4 = List.copyOf(e4);
    edges6 = List.copyOf(e6);
    ports = List.copyOf(p);
  }

  public Network network() {
    return network;
  }

  private static void edges(Cidr c, TreeSet<IpAddress> into) {
    into.add(c.first());
    into.add(c.last());
    c.first().previous().ifPresent(into::add);
    c.last().next().ifPresent(into::add);
  }

  private static void ports(PortRange r, TreeSet<Integer> into) {
    for (int x : new int[] {r.low() - 1, r.low(), r.high(), r.high() + 1}) {
      if (x >= PortRange.MIN && x <= PortRange.MAX) {
        into.add(x);
      }
    }
  }

  /** A list of legal flows. */
  public List<Flow> flows(Gen g, int count) {
    List<Flow> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(flow(g));
    }
    return out;
  }

  /** One legal flow. The network must have at least one NIC. */
  public Flow flow(Gen g) {
    IpVersion v;
    if (owned6.isEmpty()) {
      v = IpVersion.V4;
    } else if (owned4.isEmpty()) {
      v = IpVersion.V6;
    } else {
      v = g.chance(0.6) ? IpVersion.V4 : IpVersion.V6;
    }
    List<IpAddress> owned = v == IpVersion.V4 ? owned4 : owned6;
    List<IpAddress> edges = v == IpVersion.V4 ? edges4 : edges6;
    IpAddress nicEnd = g.pick(owned);
    IpAddress other = null;
    for (int attempt = 0; attempt < 8 && other == null; attempt++) {
      IpAddress cand =
          switch (g.weighted(50, 40, 10)) {
            case 0 -> g.pick(owned);
            case 1 -> g.pick(edges);
            default -> NetworkGen.host(
                v == IpVersion.V4 ? NetworkGen.V4_POOL : NetworkGen.V6_POOL, g.intBetween(0, 255));
          };
      Optional<Nic> a = network.owner(cand);
      if (a.isEmpty() || !a.equals(network.owner(nicEnd))) {
        other = cand;
      }
    }
    if (other == null) {
      other = v == IpVersion.V4 ? IpAddress.of("198.51.100.1") : IpAddress.of("2001:db8:1::1");
    }
    boolean nicIsSource = g.chance(0.5);
    IpAddress src = nicIsSource ? nicEnd : other;
    IpAddress dst = nicIsSource ? other : nicEnd;
    int protocol = protocol(g, v);
    if (Protocols.hasPorts(protocol)) {
      return new Flow(src, dst, protocol, port(g), port(g));
    }
    return new Flow(src, dst, protocol, Flow.NO_PORT, Flow.NO_PORT);
  }

  private int port(Gen g) {
    return g.chance(0.85) ? g.pick(ports) : g.intBetween(PortRange.MIN, PortRange.MAX);
  }

  /** A protocol number that fits the version: tcp, udp, icmp/icmpv6, gre or another number. */
  public static int protocol(Gen g, IpVersion v) {
    return switch (g.weighted(35, 20, 12, 8, 10, 3)) {
      case 0 -> Protocols.TCP;
      case 1 -> Protocols.UDP;
      case 2 -> v == IpVersion.V4 ? Protocols.ICMP : Protocols.ICMPV6;
      case 3 -> Protocols.GRE;
      case 4 -> g.pick(OTHER_PROTOCOLS);
      default -> {
        int p;
        do {
          p = g.intBetween(0, Protocols.MAX);
        } while (!Protocols.fitsVersion(p, v));
        yield p;
      }
    };
  }

  /** Whether {@link dev.sgproof.semantics.Evaluator#evaluate} accepts the flow for the network. */
  public static boolean legal(Network n, Flow f) {
    Optional<Nic> s = n.owner(f.src());
    Optional<Nic> d = n.owner(f.dst());
    return (s.isPresent() || d.isPresent()) && !(s.isPresent() && s.equals(d));
  }
}

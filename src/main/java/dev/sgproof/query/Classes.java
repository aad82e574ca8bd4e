package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Exact equivalence classes of flows for one assertion (issue 2, item 5). Two flows whose fields
 * fall in the same classes are treated alike by every rule, every endpoint and the traffic, so one
 * representative per class decides the assertion exactly:
 *
 * <ul>
 *   <li>addresses: the elementary intervals cut by every rule CIDR, every endpoint CIDR and every
 *       NIC address, each NIC address a class of its own;
 *   <li>destination ports: the elementary intervals cut by every rule port range and the
 *       assertion's ports; source ports: cut by every rule source-port range;
 *   <li>protocols: tcp, udp, icmp, icmpv6, gre and one class for every other number.
 * </ul>
 */
public final class Classes {
  /** The representative of "every other protocol number" (sctp; any unnamed number would do). */
  public static final int OTHER_PROTOCOL = 132;

  /** Protocol classes in the order counterexamples prefer them. */
  public static final List<Integer> PROTOCOLS =
      List.of(Protocols.TCP, Protocols.UDP, Protocols.ICMP, Protocols.ICMPV6, Protocols.GRE, OTHER_PROTOCOL);

  /** The source port counterexamples prefer (the start of the dynamic range). */
  public static final int PREFERRED_SOURCE_PORT = 49152;

  private final Network network;
  private final Map<IpVersion, List<BigInteger>> cuts;
  private final List<Integer> dstPorts;
  private final List<Integer> srcPorts;

  private Classes(Network network, Map<IpVersion, List<BigInteger>> cuts, List<Integer> dstPorts,
      List<Integer> srcPorts) {
    this.network = network;
    this.cuts = cuts;
    this.dstPorts = dstPorts;
    this.srcPorts = srcPorts;
  }

  public static Classes of(Network n, Assertion a) {
    TreeSet<BigInteger> v4 = new TreeSet<>();
    TreeSet<BigInteger> v6 = new TreeSet<>();
    TreeSet<Integer> dport = new TreeSet<>(List.of(PortRange.MIN));
    TreeSet<Integer> sport = new TreeSet<>(List.of(PortRange.MIN));
    for (Group g : n.groups()) {
      for (Rule r : g.rules()) {
        if (r.peer() instanceof Peer.CidrPeer c) {
          cut(c.cidr().first(), c.cidr().last(), v4, v6);
        }
        cutPorts(r.dstPorts(), dport);
        cutPorts(r.srcPorts(), sport);
      }
    }
    for (Nic nic : n.nics()) {
      for (IpAddress addr : nic.addresses()) {
        cut(addr, addr, v4, v6);
      }
    }
    for (Endpoint e : List.of(a.left(), a.right())) {
      if (e instanceof Endpoint.CidrEndpoint c) {
        cut(c.cidr().first(), c.cidr().last(), v4, v6);
      }
    }
    a.traffic().ports().forEach(p -> cutPorts(p, dport));
    v4.add(BigInteger.ZERO);
    v6.add(BigInteger.ZERO);
    v4.add(IpVersion.V4.max().add(BigInteger.ONE));
    v6.add(IpVersion.V6.max().add(BigInteger.ONE));
    dport.add(PortRange.MAX + 1);
    sport.add(PortRange.MAX + 1);
    return new Classes(n, Map.of(IpVersion.V4, List.copyOf(v4), IpVersion.V6, List.copyOf(v6)),
        List.copyOf(dport), List.copyOf(sport));
  }

  private static void cut(IpAddress first, IpAddress last, TreeSet<BigInteger> v4,
      TreeSet<BigInteger> v6) {
    TreeSet<BigInteger> set = first.isV4() ? v4 : v6;
    set.add(first.value());
    set.add(last.value().add(BigInteger.ONE));
  }

  private static void cutPorts(PortRange r, TreeSet<Integer> set) {
    set.add(r.low());
    set.add(r.high() + 1);
  }

  /**
   * One representative address per class of the endpoint, NIC addresses first (in declaration
   * order), then external classes in address order.
   */
  public List<IpAddress> addresses(Endpoint e) {
    if (e instanceof Endpoint.InternetEndpoint) {
      List<IpAddress> out = new ArrayList<>();
      for (IpVersion v : IpVersion.values()) {
        out.addAll(external(v, Optional.empty()));
      }
      return out;
    }
    if (e instanceof Endpoint.CidrEndpoint c) {
      List<IpAddress> out = new ArrayList<>();
      for (Nic nic : network.nics()) {
        for (IpAddress addr : nic.addresses()) {
          if (c.cidr().contains(addr)) {
            out.add(addr);
          }
        }
      }
      out.addAll(external(c.cidr().version(), Optional.of(c.cidr())));
      return out;
    }
    List<IpAddress> out = new ArrayList<>();
    for (Nic nic : network.nicsOf(e)) {
      out.addAll(nic.addresses());
    }
    return out;
  }

  /** One representative of every external elementary interval of the version (inside a CIDR). */
  private List<IpAddress> external(IpVersion v, Optional<Cidr> within) {
    List<BigInteger> c = cuts.get(v);
    List<IpAddress> out = new ArrayList<>();
    for (int i = 0; i + 1 < c.size(); i++) {
      BigInteger lo = c.get(i);
      BigInteger hi = c.get(i + 1).subtract(BigInteger.ONE);
      IpAddress first = IpAddress.of(v, lo);
      if (within.isPresent() && !within.get().contains(first)) {
        continue;
      }
      if (lo.equals(hi) && network.owner(first).isPresent()) {
        continue; // a NIC address: its own class, listed with the NICs
      }
      // Prefer the first address of the interval, but not the all-zeros address.
      BigInteger rep = lo.signum() == 0 && hi.signum() > 0 ? BigInteger.ONE : lo;
      out.add(IpAddress.of(v, rep));
    }
    return out;
  }

  /** Destination-port representatives: the low end of each elementary interval, ascending. */
  public List<Integer> dstPorts() {
    return representatives(dstPorts, false);
  }

  /** Source-port representatives, the class holding 49152 first (represented by 49152). */
  public List<Integer> srcPorts() {
    return representatives(srcPorts, true);
  }

  private static List<Integer> representatives(List<Integer> cuts, boolean preferDynamic) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.size(); i++) {
      int lo = cuts.get(i);
      int hi = cuts.get(i + 1) - 1;
      if (preferDynamic && lo <= PREFERRED_SOURCE_PORT && PREFERRED_SOURCE_PORT <= hi) {
        out.add(0, PREFERRED_SOURCE_PORT);
      } else {
        out.add(lo);
      }
    }
    return out;
  }
}

package dev.sgproof.gen;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Traffic;
import java.util.ArrayList;
import java.util.List;

/**
 * Random well-formed assertions over a network: every kind, every endpoint kind (instance, NIC,
 * group with at least one member, CIDR with or without NIC addresses, public, private or
 * straddling the bounds of public space, internet, external) and every traffic
 * shape (all, each protocol, tcp/udp with port lists, unions of them). Whether an assertion's flow set is empty
 * is not this class's concern. Usage: {@code AssertionGen.assertions(gen, network, 5)}.
 */
public final class AssertionGen {
  private AssertionGen() {}

  /** {@code count} assertions on lines 1001, 1002, ... of {@link NetworkGen#FILE}. */
  public static List<Assertion> assertions(Gen g, Network n, int count) {
    List<Assertion> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(assertion(g, n, 1001 + i));
    }
    return out;
  }

  public static Assertion assertion(Gen g, Network n, int line) {
    AssertionKind kind = g.pick(AssertionKind.values());
    Endpoint left = endpoint(g, n);
    Endpoint right = endpoint(g, n);
    for (int i = 0; i < 4 && external(left) && external(right); i++) {
      right = endpoint(g, n);
    }
    Traffic traffic = traffic(g, kind != AssertionKind.ONLY);
    String label = g.chance(0.2) ? "check " + line : "";
    return new Assertion(
        label, kind, left, right, traffic, text(kind, left, right, traffic),
        new SourceSpan(NetworkGen.FILE, line, 1, 1));
  }

  /** The assertion as written after {@code assert} and the label. */
  public static String text(AssertionKind kind, Endpoint left, Endpoint right, Traffic traffic) {
    String arrow = kind.bidirectional() ? " <-> " : " -> ";
    // All traffic goes unwritten, but for only, which needs its traffic written: only all.
    String t = traffic.isAny() && kind != AssertionKind.ONLY ? "" : " " + traffic;
    return left + arrow + right + " " + kind.keyword() + t;
  }

  private static boolean external(Endpoint e) {
    return e instanceof Endpoint.InternetEndpoint || e instanceof Endpoint.ExternalEndpoint
        || e instanceof Endpoint.CidrEndpoint;
  }

  /** An endpoint of any kind; groups only when they have a member. */
  public static Endpoint endpoint(Gen g, Network n) {
    List<Group> populated = n.groups().stream().filter(x -> !n.members(x.name()).isEmpty()).toList();
    while (true) {
      switch (g.weighted(25, 20, 20, 20, 15, 8)) {
        case 0:
          if (!n.instances().isEmpty()) {
            return new Endpoint.InstanceEndpoint(g.pick(n.instances()).name());
          }
          break;
        case 1:
          if (!n.nics().isEmpty()) {
            return new Endpoint.NicEndpoint(g.pick(n.nics()).id());
          }
          break;
        case 2:
          if (!populated.isEmpty()) {
            return new Endpoint.GroupEndpoint(g.pick(populated).name());
          }
          break;
        case 3:
          return new Endpoint.CidrEndpoint(cidr(g, n));
        case 4:
          return new Endpoint.InternetEndpoint();
        default:
          return new Endpoint.ExternalEndpoint();
      }
    }
  }

  /** A CIDR containing a NIC address (a host or a wider block), or an external one. */
  private static Cidr cidr(Gen g, Network n) {
    if (!n.nics().isEmpty() && g.chance(0.6)) {
      Nic nic = g.pick(n.nics());
      IpAddress a = g.pick(nic.addresses());
      int bits = a.version().bits();
      int prefix = g.chance(0.5) ? bits : g.pick(bits, bits - 2, bits - 6, bits - 8);
      return Cidr.containing(a, prefix);
    }
    return g.pick(g.chance(0.5) ? NetworkGen.EXTERNAL : NetworkGen.SPACE);
  }

  /**
   * Traffic: all (when allowed; rarely otherwise, since {@code only all} means reachable), a bare
   * protocol, tcp/udp with one to three port ranges, or a union of two or three such items (the
   * same protocol twice sometimes, {@code all} among them rarely).
   */
  public static Traffic traffic(Gen g, boolean allowAny) {
    int choice = g.weighted(allowAny ? 25 : 2, 60, 20);
    if (choice == 0) {
      return Traffic.ANY;
    }
    if (choice == 1) {
      return new Traffic(List.of(item(g)));
    }
    List<Traffic.Item> items = new ArrayList<>();
    int k = g.intBetween(2, 3);
    for (int i = 0; i < k; i++) {
      items.add(g.chance(0.03) ? new Traffic.Item(Proto.ALL, List.of()) : item(g));
    }
    return new Traffic(items);
  }

  /** One item: a bare protocol, or tcp/udp with one to three port ranges. */
  private static Traffic.Item item(Gen g) {
    if (g.chance(0.55)) {
      Proto p = g.pick(Proto.TCP, Proto.UDP);
      List<PortRange> ports = new ArrayList<>();
      int k = g.intBetween(1, 3);
      for (int i = 0; i < k; i++) {
        ports.add(NetworkGen.portRange(g));
      }
      return new Traffic.Item(p, ports);
    }
    return new Traffic.Item(
        g.pick(Proto.TCP, Proto.UDP, Proto.ICMP, Proto.ICMPV6, Proto.GRE), List.of());
  }
}

package dev.sgproof.bench;

import dev.sgproof.bench.NetworkDraft.GroupDef;
import dev.sgproof.bench.NetworkDraft.InstanceDef;
import dev.sgproof.bench.NetworkDraft.NicDef;
import dev.sgproof.bench.SpecTextGenerator.BenchSize;
import dev.sgproof.bench.SpecTextGenerator.EndpointKind;
import dev.sgproof.bench.SpecTextGenerator.Kind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.SortedNumbers;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The assertions of a generated spec over a drafted network: every kind over every kind of
 * endpoint, none with an empty set of flows; or derived from rules (which mostly hold); or between
 * two NICs. Draws from the generator's {@link Random} after the network, in a fixed order.
 */
final class AssertionDraft {
  /**
   * The NICs of one version an endpoint holds, as far as the emptiness check needs them: none,
   * exactly one (its id), or several. (A set of ids cost a 100,000-element set per wide CIDR.)
   */
  private record Owners(String only, boolean several) {
    static final Owners NONE = new Owners(null, false);

    boolean isEmpty() {
      return only == null && !several;
    }

    /** These owners and one more NIC id. */
    Owners plus(String id) {
      if (several || id.equals(only)) {
        return this;
      }
      return only == null ? new Owners(id, false) : new Owners(null, true);
    }
  }

  /** An endpoint with what the emptiness check needs (as the resolver's Reach computes it). */
  private record Ep(
      EndpointKind kind,
      String text,
      Owners v4Nics,
      Owners v6Nics,
      boolean v4External,
      boolean v6External) {
    Owners nics(IpVersion v) {
      return v == IpVersion.V4 ? v4Nics : v6Nics;
    }

    boolean external(IpVersion v) {
      return v == IpVersion.V4 ? v4External : v6External;
    }

    boolean pairs(Ep to, IpVersion v) {
      Owners a = nics(v);
      Owners b = to.nics(v);
      boolean nicToNic = !a.isEmpty() && !b.isEmpty() && !(a.only() != null && a.equals(b));
      return nicToNic || (!a.isEmpty() && to.external(v)) || (external(v) && !b.isEmpty());
    }
  }

  private final BenchSize size;
  private final Random rnd;
  private final NetworkDraft net;
  private final List<GroupDef> groups;
  private final List<InstanceDef> instances;
  private final List<NicDef> nics;
  final Map<Kind, Integer> kindCount = new EnumMap<>(Kind.class);
  final Map<EndpointKind, Integer> endpointCount = new EnumMap<>(EndpointKind.class);

  /** The member NICs of each group, in NIC order (what a scan of every NIC would find). */
  private final Map<String, List<NicDef>> members = new HashMap<>();
  /** The instances of several NICs, in order. */
  private final List<InstanceDef> multi;
  /** Every NIC address of each version, ascending, and the NIC that owns it (same index). */
  private final Map<IpVersion, IpAddress[]> sortedAddresses = new EnumMap<>(IpVersion.class);
  private final Map<IpVersion, NicDef[]> sortedOwners = new EnumMap<>(IpVersion.class);

  AssertionDraft(BenchSize size, Random rnd, NetworkDraft net) {
    this.size = size;
    this.rnd = rnd;
    this.net = net;
    this.groups = net.groups;
    this.instances = net.instances;
    this.nics = net.nics;
    // Indexes, so that drafting an assertion does not scan every NIC (100,000 in the huge
    // preset); they give what the scans gave, and draw nothing from rnd.
    for (GroupDef g : groups) {
      members.put(g.name(), new ArrayList<>());
    }
    Map<IpVersion, List<Map.Entry<IpAddress, NicDef>>> owned = new EnumMap<>(IpVersion.class);
    for (IpVersion v : IpVersion.values()) {
      owned.put(v, new ArrayList<>());
    }
    for (NicDef n : nics) {
      for (String g : new java.util.LinkedHashSet<>(n.groups())) {
        members.get(g).add(n);
      }
      for (IpAddress a : n.addresses()) {
        owned.get(a.version()).add(Map.entry(a, n));
      }
    }
    for (IpVersion v : IpVersion.values()) {
      List<Map.Entry<IpAddress, NicDef>> list = owned.get(v);
      list.sort(Map.Entry.comparingByKey());
      sortedAddresses.put(v, list.stream().map(Map.Entry::getKey).toArray(IpAddress[]::new));
      sortedOwners.put(v, list.stream().map(Map.Entry::getValue).toArray(NicDef[]::new));
    }
    this.multi = instances.stream().filter(i -> !i.oneLine()).toList();
  }

  private List<NicDef> membersOf(String group) {
    return members.getOrDefault(group, List.of());
  }

  private static final String[] ONLY_TRAFFIC = {
    "tcp 443", "tcp 80,443", "tcp 22", "udp 53", "tcp 8000-8080", "icmp", "tcp 80,443 + icmp",
    "tcp 22 + icmpv6"
  };
  private static final String[] TRAFFIC = {
    "", "", "", "tcp", "tcp 22", "tcp 80,443", "tcp 3306", "udp 53", "udp 1000-2000", "icmp", "all",
    "tcp 53 + udp 53"
  };

  /**
   * Assertion i has kind i mod 5 and left endpoint kind (i / 5) mod 6, so the first 30 cover every
   * pair; the right endpoint and the traffic are drawn until the set of flows is not empty.
   */
  String assertion(int i) {
    if (size.derivedShare() > 0 && rnd.nextDouble() < size.derivedShare()) {
      String d = derived();
      if (d != null) {
        return d;
      }
    }
    if (size.nicPairs()) {
      return nicPair(i);
    }
    Kind kind = Kind.values()[i % 5];
    EndpointKind leftKind = EndpointKind.values()[(i / 5) % EndpointKind.values().length];
    for (int tries = 0; tries < 10_000; tries++) {
      Ep left = endpoint(tries < 5_000 ? leftKind : randomKind());
      Ep right = endpoint(randomKind());
      String traffic =
          kind == Kind.ONLY
              ? ONLY_TRAFFIC[rnd.nextInt(ONLY_TRAFFIC.length)]
              : TRAFFIC[rnd.nextInt(TRAFFIC.length)];
      if (left == null || right == null) {
        continue;
      }
      if (traffic.isEmpty() && rnd.nextDouble() < 0.1 && !left.v6Nics().isEmpty()) {
        traffic = "icmpv6";
      }
      if (!hasFlows(left, right, traffic)) {
        continue;
      }
      kindCount.merge(kind, 1, Integer::sum);
      endpointCount.merge(left.kind(), 1, Integer::sum);
      endpointCount.merge(right.kind(), 1, Integer::sum);
      String label = rnd.nextDouble() < 0.2 ? "\"check " + i + "\": " : "";
      boolean twoWay = kind == Kind.INTERCONNECTED || kind == Kind.ISOLATED;
      String claim = kind.name().toLowerCase(java.util.Locale.ROOT);
      return "assert "
          + label
          + left.text()
          + (twoWay ? " <-> " : " -> ")
          + right.text()
          + " "
          + claim
          + (traffic.isEmpty() ? "" : " " + traffic);
    }
    throw new IllegalStateException("no assertion with a non-empty set of flows for " + size);
  }

  /** An assertion of kind i mod 5 between two different NICs. */
  private String nicPair(int i) {
    Kind kind = Kind.values()[i % 5];
    for (int tries = 0; tries < 10_000; tries++) {
      NicDef a = nics.get(rnd.nextInt(nics.size()));
      NicDef b = nics.get(rnd.nextInt(nics.size()));
      if (a == b) {
        continue;
      }
      String traffic = kind == Kind.ONLY
          ? ONLY_TRAFFIC[rnd.nextInt(ONLY_TRAFFIC.length)]
          : TRAFFIC[rnd.nextInt(TRAFFIC.length)];
      kindCount.merge(kind, 1, Integer::sum);
      endpointCount.merge(EndpointKind.NIC, 2, Integer::sum);
      boolean twoWay = kind == Kind.INTERCONNECTED || kind == Kind.ISOLATED;
      return "assert " + a.id() + (twoWay ? " <-> " : " -> ") + b.id() + " "
          + kind.name().toLowerCase(java.util.Locale.ROOT) + (traffic.isEmpty() ? "" : " " + traffic);
    }
    throw new IllegalStateException("no NIC pair for " + size);
  }

  /**
   * An assertion read off one rule of a group with members: from an allow rule's peer, "reachable"
   * over the rule's traffic; from a deny rule's peer, "unreachable". It holds unless another rule
   * of a higher priority, the other end's egress, or the intra-group allow says otherwise; null
   * when the drawn rule does not fit (the caller then draws a random assertion).
   */
  private String derived() {
    for (int tries = 0; tries < 20; tries++) {
      GroupDef g = groups.get(rnd.nextInt(groups.size()));
      if (g.rules().isEmpty()) {
        continue;
      }
      String r = g.rules().get(rnd.nextInt(g.rules().size()));
      java.util.regex.Matcher m = DERIVABLE.matcher(r);
      if (!m.matches()) {
        continue;
      }
      boolean ingress = m.group(1).equals("ingress");
      String action = m.group(2);
      String proto = m.group(3);
      String ports = m.group(4) == null ? "" : m.group(4);
      String peer = m.group(5);
      if (proto.equals("gre")) {
        continue;
      }
      if (peer.equals("0.0.0.0/0") && rnd.nextBoolean()) {
        peer = rnd.nextBoolean() ? "internet" : "external";
      }
      List<NicDef> members = membersOf(g.name());
      if (members.isEmpty()) {
        continue;
      }
      Ep self = ofNics(EndpointKind.GROUP, "group " + g.name(), members);
      Ep other;
      if (peer.startsWith("group ")) {
        String h = peer.substring(6);
        List<NicDef> hm = membersOf(h);
        if (hm.isEmpty()) {
          continue;
        }
        other = ofNics(EndpointKind.GROUP, peer, hm);
      } else if (peer.equals("internet")) {
        other = new Ep(EndpointKind.INTERNET, "internet", Owners.NONE, Owners.NONE, true, true);
      } else if (peer.equals("external")) {
        other = new Ep(EndpointKind.EXTERNAL, "external", Owners.NONE, Owners.NONE, true, true);
      } else {
        other = cidr(Cidr.of(peer));
      }
      String traffic = proto.equals("all") ? "" : proto + ports;
      Ep from = ingress ? other : self;
      Ep to = ingress ? self : other;
      if (!hasFlows(from, to, traffic)) {
        continue;
      }
      Kind kind = action.equals("allow") ? Kind.REACHABLE : Kind.UNREACHABLE;
      kindCount.merge(kind, 1, Integer::sum);
      endpointCount.merge(from.kind(), 1, Integer::sum);
      endpointCount.merge(to.kind(), 1, Integer::sum);
      return "assert " + from.text() + " -> " + to.text() + " "
          + kind.name().toLowerCase(java.util.Locale.ROOT) + (traffic.isEmpty() ? "" : " " + traffic);
    }
    return null;
  }

  private static final java.util.regex.Pattern DERIVABLE = java.util.regex.Pattern.compile(
      "(ingress|egress) (allow|deny) (tcp|udp|icmp|icmpv6|gre|all)( [0-9,-]+)? (?:from|to) "
          + "(group \\S+|\\S+)( priority \\d+)?");

  private EndpointKind randomKind() {
    double p = rnd.nextDouble();
    if (p < 0.25) {
      return EndpointKind.INSTANCE;
    } else if (p < 0.45) {
      return EndpointKind.NIC;
    } else if (p < 0.7) {
      return EndpointKind.GROUP;
    } else if (p < 0.9) {
      return EndpointKind.CIDR;
    }
    return p < 0.95 ? EndpointKind.INTERNET : EndpointKind.EXTERNAL;
  }

  /**
   * Whether some flow of the traffic goes between the endpoints: an item holds flows of both IP
   * versions but icmp (IPv4 only) and icmpv6 (IPv6 only), and a union those of its items.
   */
  private static boolean hasFlows(Ep left, Ep right, String traffic) {
    boolean v4 = false;
    boolean v6 = false;
    for (String item : traffic.split(" \\+ ")) {
      String proto = item.split(" ")[0];
      v4 |= !proto.equals("icmpv6");
      v6 |= !proto.equals("icmp");
    }
    return (v4 && left.pairs(right, IpVersion.V4)) || (v6 && left.pairs(right, IpVersion.V6));
  }

  /** An endpoint of the kind, or null when the network has none (no multi-NIC instance). */
  private Ep endpoint(EndpointKind k) {
    switch (k) {
      case INTERNET:
        return new Ep(k, "internet", Owners.NONE, Owners.NONE, true, true);
      case EXTERNAL:
        return new Ep(k, "external", Owners.NONE, Owners.NONE, true, true);
      case INSTANCE: {
        InstanceDef i = instances.get(rnd.nextInt(instances.size()));
        return ofNics(k, i.name(), i.nics());
      }
      case NIC: {
        if (multi.isEmpty()) {
          return null;
        }
        InstanceDef i = multi.get(rnd.nextInt(multi.size()));
        NicDef n = i.nics().get(rnd.nextInt(i.nics().size()));
        return ofNics(k, n.id(), List.of(n));
      }
      case GROUP: {
        GroupDef g = groups.get(rnd.nextInt(groups.size()));
        List<NicDef> members = membersOf(g.name());
        return members.isEmpty() ? null : ofNics(k, "group " + g.name(), members);
      }
      default:
        return cidr(cidrEndpoint());
    }
  }

  private Cidr cidrEndpoint() {
    double p = rnd.nextDouble();
    if (p < 0.25) {
      return Cidr.host(net.nicAddress(IpVersion.V4));
    } else if (p < 0.5) {
      return Cidr.containing(net.nicAddress(IpVersion.V4), 24);
    } else if (p < 0.6) {
      return Cidr.containing(net.nicAddress(IpVersion.V4), 16);
    } else if (p < 0.7) {
      return Cidr.of("10.0.0.0/8");
    } else if (p < 0.85) {
      return Cidr.of(NetworkDraft.EXTERNAL_V4[rnd.nextInt(2)]);
    } else if (p < 0.95) {
      IpAddress a = net.nicAddress(IpVersion.V6);
      if (a.isV6()) {
        return Cidr.containing(a, 64);
      }
    }
    return Cidr.of("2001:db8::/32");
  }

  private static Ep ofNics(EndpointKind k, String text, List<NicDef> members) {
    Owners v4 = Owners.NONE;
    Owners v6 = Owners.NONE;
    for (NicDef n : members) {
      for (IpAddress a : n.addresses()) {
        if (a.isV4()) {
          v4 = v4.plus(n.id());
        } else {
          v6 = v6.plus(n.id());
        }
      }
    }
    return new Ep(k, text, v4, v6, false, false);
  }

  private Ep cidr(Cidr c) {
    IpAddress[] addresses = sortedAddresses.get(c.version());
    NicDef[] owner = sortedOwners.get(c.version());
    int from = SortedNumbers.lowerBound(addresses, c.first());
    int to = SortedNumbers.upperBound(addresses, c.last());
    Owners owners = Owners.NONE;
    for (int i = from; i < to && !owners.several(); i++) {
      owners = owners.plus(owner[i].id());
    }
    long owned = to - from;
    BigInteger blockSize = BigInteger.ONE.shiftLeft(c.version().bits() - c.prefix());
    boolean external = blockSize.compareTo(BigInteger.valueOf(owned)) > 0;
    boolean v4 = c.version() == IpVersion.V4;
    String text = c.isHost() ? c.network().toString() : c.toString();
    return new Ep(
        EndpointKind.CIDR,
        text,
        v4 ? owners : Owners.NONE,
        v4 ? Owners.NONE : owners,
        v4 && external,
        !v4 && external);
  }
}

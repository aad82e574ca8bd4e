package dev.sgproof.engines;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Instance;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Traffic;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small seeded generator of valid networks and assertions for the differential test: few
 * addresses in narrow pools so rule CIDRs and endpoint CIDRs hit NIC addresses, both IP versions,
 * advanced and legacy groups, multi-NIC instances, group peers, source ports and priorities.
 */
public final class SmallSpecs {
  public static final String FILE = "gen.sg";
  private static final List<String> V4_CIDRS = List.of("10.0.0.0/28", "10.0.0.0/30", "10.0.0.4/31",
      "10.0.0.8/29", "10.0.0.0/8", "0.0.0.0/0", "192.0.2.0/24", "10.0.0.2/32", "10.0.0.5/32",
      "8.8.8.0/24", "100.0.0.0/8", "192.0.0.0/22", "8.0.0.0/7", "0.0.0.0/4");
  private static final List<String> V6_CIDRS = List.of("2001:db8::/124", "2001:db8::/126",
      "2001:db8::/32", "::/0", "2001:db8::3/128", "fd00::/8", "2000::/3", "2001:db8::/31");
  private static final List<String> PORTS = List.of("22", "80", "443", "1000-2000", "53", "1-1024",
      "8080-8090");
  private static final List<String> SPORTS = List.of("1024-65535", "49152-65535", "53", "1-49151");
  private static final Proto[] PROTOS = Proto.values();

  private final Random rnd;
  private int line = 1;

  public SmallSpecs(long seed) {
    this.rnd = new Random(seed);
  }

  private SourceSpan span() {
    return new SourceSpan(FILE, line++, 1, 1);
  }

  private <T> T pick(List<T> xs) {
    return xs.get(rnd.nextInt(xs.size()));
  }

  private boolean chance(double p) {
    return rnd.nextDouble() < p;
  }

  public Network network() {
    int groupCount = 1 + rnd.nextInt(4);
    List<String> basicNames = new ArrayList<>();
    List<GroupType> types = new ArrayList<>();
    for (int i = 0; i < groupCount; i++) {
      GroupType t = i > 0 && chance(0.25) ? GroupType.ADVANCED : GroupType.BASIC;
      types.add(t);
      if (t == GroupType.BASIC) {
        basicNames.add("G" + i);
      }
    }
    List<Group> groups = new ArrayList<>();
    for (int i = 0; i < groupCount; i++) {
      String name = "G" + i;
      GroupType t = types.get(i);
      boolean legacy = t == GroupType.BASIC && chance(0.15);
      Policy policy = t == GroupType.ADVANCED || chance(0.4) ? Policy.ISOLATED : Policy.INTERCONNECTED;
      SourceSpan gs = span();
      List<Rule> rules = new ArrayList<>();
      int count = rnd.nextInt(6);
      for (int k = 0; k < count; k++) {
        rules.add(rule(name, t == GroupType.BASIC ? basicNames : List.of()));
      }
      if (legacy) {
        rules.addAll(dev.sgproof.model.LegacyDefaults.rules(name, gs));
      }
      groups.add(new Group(name, t, policy, legacy, rules, gs));
    }
    List<Instance> instances = new ArrayList<>();
    List<IpAddress> v4 = pool("10.0.0.0", IpVersion.V4, 12);
    // two public addresses: the internet's classes are cut by NICs too
    v4.add(IpAddress.of("8.8.8.8"));
    v4.add(IpAddress.of("9.255.255.255"));
    List<IpAddress> v6 = pool("2001:db8::", IpVersion.V6, 6);
    int count = 2 + rnd.nextInt(4);
    for (int i = 0; i < count; i++) {
      String name = "I" + i;
      boolean two = chance(0.25);
      List<Nic> nics = new ArrayList<>();
      for (int k = 0; k < (two ? 2 : 1); k++) {
        List<IpAddress> addrs = new ArrayList<>();
        if (v6.isEmpty() || chance(0.8)) {
          addrs.add(v4.remove(rnd.nextInt(v4.size())));
        }
        if (!v6.isEmpty() && (addrs.isEmpty() || chance(0.3))) {
          addrs.add(v6.remove(rnd.nextInt(v6.size())));
        }
        if (chance(0.15)) {
          addrs.add(v4.remove(rnd.nextInt(v4.size())));
        }
        GroupType t = types.get(rnd.nextInt(groupCount));
        List<String> mine = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
          if (types.get(g) == t && (mine.isEmpty() || chance(0.35))) {
            mine.add("G" + g);
          }
        }
        if (mine.size() > 1 && chance(0.5)) {
          java.util.Collections.shuffle(mine, rnd);
        }
        String nicName = two ? "eth" + k : "";
        String id = two ? name + "." + nicName : name;
        nics.add(new Nic(id, name, nicName, addrs, mine, span()));
      }
      instances.add(new Instance(name, nics, !two, span()));
    }
    return new Network(groups, instances);
  }

  private List<IpAddress> pool(String base, IpVersion v, int size) {
    BigInteger b = IpAddress.of(base).value();
    List<IpAddress> out = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      out.add(IpAddress.of(v, b.add(BigInteger.valueOf(i))));
    }
    return out;
  }

  private Rule rule(String group, List<String> groupPeers) {
    Direction d = chance(0.55) ? Direction.INGRESS : Direction.EGRESS;
    Action a = chance(0.35) ? Action.DENY : Action.ALLOW;
    Proto p = PROTOS[rnd.nextInt(PROTOS.length)];
    if (chance(0.3)) {
      p = Proto.TCP;
    }
    PortRange ports = PortRange.ALL;
    PortRange sports = PortRange.ALL;
    if (p.hasPorts()) {
      if (chance(0.75)) {
        ports = Nets.ports(pick(PORTS));
      }
      if (chance(0.2)) {
        sports = Nets.ports(pick(SPORTS));
      }
    }
    Peer peer;
    if (!groupPeers.isEmpty() && chance(0.25)) {
      peer = new Peer.GroupPeer(pick(groupPeers));
    } else {
      peer = new Peer.CidrPeer(Cidr.of(chance(0.7) ? pick(V4_CIDRS) : pick(V6_CIDRS)));
    }
    int priority = chance(0.5) ? 1 : 1 + rnd.nextInt(4) * 33;
    return new Rule(group, d, a, p, ports, sports, peer, priority, false, span());
  }

  public Assertion assertion(Network n) {
    AssertionKind kind = AssertionKind.values()[rnd.nextInt(AssertionKind.values().length)];
    Endpoint l = endpoint(n);
    Endpoint r = endpoint(n);
    Traffic t = traffic(kind != AssertionKind.ONLY);
    String text = l + (kind.bidirectional() ? " <-> " : " -> ") + r + " " + kind.keyword() + " " + t;
    return new Assertion("", kind, l, r, t, text, span());
  }

  private Endpoint endpoint(Network n) {
    switch (rnd.nextInt(7)) {
      case 0:
        return new Endpoint.InstanceEndpoint(pick(n.instances()).name());
      case 1:
        return new Endpoint.NicEndpoint(pick(n.nics()).id());
      case 2:
        return new Endpoint.GroupEndpoint(pick(n.groups()).name());
      case 3:
        return new Endpoint.CidrEndpoint(Cidr.of(chance(0.75) ? pick(V4_CIDRS) : pick(V6_CIDRS)));
      case 4:
        return new Endpoint.InternetEndpoint();
      case 5:
        return new Endpoint.ExternalEndpoint();
      default:
        return new Endpoint.NicEndpoint(pick(n.nics()).id());
    }
  }

  private Traffic traffic(boolean allowAny) {
    int k = rnd.nextInt(8);
    if (k == 0 && (allowAny || chance(0.1))) {
      return Traffic.ANY;
    }
    List<Traffic.Item> items = new ArrayList<>();
    items.add(item(k));
    if (chance(0.25)) {
      items.add(item(rnd.nextInt(8)));
    }
    return new Traffic(items);
  }

  /** One item: tcp for k below 4, else another protocol; tcp/udp with ports mostly. */
  private Traffic.Item item(int k) {
    Proto p = k < 4 ? Proto.TCP : PROTOS[1 + rnd.nextInt(PROTOS.length - 1)];
    List<PortRange> ports = new ArrayList<>();
    if (p.hasPorts() && chance(0.7)) {
      ports.add(Nets.ports(pick(PORTS)));
      if (chance(0.3)) {
        ports.add(Nets.ports(pick(PORTS)));
      }
    }
    return new Traffic.Item(p, ports);
  }

  /**
   * Whether the assertion's set of flows is empty (language.md makes that an error, not a proof):
   * no source and destination class of the same version, not both external and not one NIC, that
   * carries the traffic.
   */
  public static boolean isEmpty(Network n, Assertion a) {
    Classes c = Classes.of(n, a);
    Obligation o = Obligation.of(a).get(0);
    for (IpAddress s : c.addresses(o.source())) {
      for (IpAddress d : c.addresses(o.destination())) {
        if (s.version() != d.version()) {
          continue;
        }
        var sn = n.owner(s);
        var dn = n.owner(d);
        if ((sn.isEmpty() && dn.isEmpty()) || (sn.isPresent() && sn.equals(dn))) {
          continue;
        }
        if (a.traffic().fits(s.version())) {
          return false;
        }
      }
    }
    return true;
  }
}

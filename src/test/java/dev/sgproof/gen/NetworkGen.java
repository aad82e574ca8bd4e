package dev.sgproof.gen;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Random but valid networks (semantics.md section 9): no NIC mixes basic and advanced groups,
 * advanced groups are isolated, are never rule peers and have no group-peer rules, names and
 * addresses are unique, every NIC has at least one group. Addresses come from small pools (
 * {@link #V4_POOL}, {@link #V6_POOL}) and rule CIDRs are drawn around them, so rules and NICs
 * overlap. Usage: {@code new NetworkGen(GenConfig.small()).network(new Gen(seed))}.
 */
public final class NetworkGen {
  public static final String FILE = "gen.sg";
  public static final Cidr V4_POOL = Cidr.of("10.0.0.0/24");
  public static final Cidr V6_POOL = Cidr.of("2001:db8::/120");
  /** External ranges rules may name; no NIC address is ever drawn from them. */
  public static final List<Cidr> EXTERNAL =
      List.of(
          Cidr.of("198.51.100.0/24"),
          Cidr.of("203.0.113.0/25"),
          Cidr.of("198.51.100.77/32"),
          Cidr.of("2001:db8:1::/48"),
          Cidr.of("2001:db8:1::77/128"));
  /**
   * Blocks around the bounds of public space (semantics.md section 2.1), what the {@code internet}
   * endpoint means: public ones, excluded ones, and ones that straddle an excluded block (some
   * hold the public NIC pools or the IPv6 pool).
   */
  public static final List<Cidr> SPACE =
      List.of(
          Cidr.of("8.8.8.0/24"),
          Cidr.of("100.0.0.0/8"),
          Cidr.of("100.64.0.0/10"),
          Cidr.of("100.63.255.248/29"),
          Cidr.of("192.0.0.0/22"),
          Cidr.of("172.0.0.0/8"),
          Cidr.of("0.0.0.0/4"),
          Cidr.of("2000::/3"),
          Cidr.of("2001:db8::/31"),
          Cidr.of("4000::/2"),
          Cidr.of("fd00::/8"));
  /**
   * Public NIC addresses, just below an excluded block (100.64.0.0/10, 2001:db8::/32), so that the
   * internet's classes are cut by NIC addresses at its edges.
   */
  public static final Cidr V4_PUBLIC_POOL = Cidr.of("100.63.255.240/28");
  public static final Cidr V6_PUBLIC_POOL = Cidr.of("2001:db7:ffff:ffff:ffff:ffff:ffff:fff0/124");
  /** Port values rule ranges are built from; flows are biased to them and their neighbours. */
  public static final List<Integer> PORT_MARKS =
      List.of(1, 22, 53, 80, 443, 1000, 1024, 2000, 3389, 8080, 32768, 65535);

  private static final int V4_HOSTS = 96;
  private static final int V6_HOSTS = 96;
  private static final List<Integer> V4_PREFIXES = List.of(32, 32, 31, 30, 29, 28, 27, 26, 24, 16, 8);
  private static final List<Integer> V6_PREFIXES = List.of(128, 128, 127, 126, 124, 122, 120, 64, 32);
  private static final List<Integer> TIE_PRIORITIES = List.of(1, 1, 1, 2, 5, 10, 10, 50, 100, 100);

  private final GenConfig config;

  public NetworkGen(GenConfig config) {
    this.config = config;
  }

  public GenConfig config() {
    return config;
  }

  /** A network from a seed: {@code new NetworkGen(config).network(new Gen(seed))}. */
  public static Network generate(long seed, GenConfig config) {
    return new NetworkGen(config).network(new Gen(seed));
  }

  private record Header(String name, GroupType type, Policy policy, boolean legacy) {}

  public Network network(Gen g) {
    // 1. group headers
    int groupCount = g.intBetween(Math.max(1, (config.groups() + 1) / 2), config.groups());
    List<Header> headers = new ArrayList<>();
    for (int i = 0; i < groupCount; i++) {
      boolean advanced = g.chance(config.advancedShare());
      Policy policy =
          advanced || g.chance(config.isolatedShare()) ? Policy.ISOLATED : Policy.INTERCONNECTED;
      headers.add(
          new Header(
              "G" + i,
              advanced ? GroupType.ADVANCED : GroupType.BASIC,
              policy,
              g.chance(config.legacyShare())));
    }
    List<String> basic = headers.stream().filter(h -> h.type == GroupType.BASIC).map(Header::name).toList();
    List<String> advanced =
        headers.stream().filter(h -> h.type == GroupType.ADVANCED).map(Header::name).toList();

    // 2. instances and NICs (lines are assigned after the groups)
    List<IpAddress> v4Pool = g.shuffled(hosts(V4_POOL, V4_HOSTS));
    List<IpAddress> v6Pool = g.shuffled(hosts(V6_POOL, V6_HOSTS));
    List<IpAddress> v4Public = g.shuffled(hosts(V4_PUBLIC_POOL, 15));
    List<IpAddress> v6Public = g.shuffled(hosts(V6_PUBLIC_POOL, 15));
    int instanceCount = g.intBetween(Math.max(1, (config.instances() + 1) / 2), config.instances());
    record NicDraft(String nicName, List<IpAddress> addresses, List<String> groups) {}
    record InstanceDraft(String name, List<NicDraft> nics, boolean oneLine) {}
    List<InstanceDraft> drafts = new ArrayList<>();
    List<IpAddress> owned = new ArrayList<>();
    for (int i = 0; i < instanceCount; i++) {
      int nicCount = g.intBetween(1, config.nicsPerInstance());
      boolean oneLine = nicCount == 1 && g.chance(0.7);
      List<NicDraft> nics = new ArrayList<>();
      for (int k = 0; k < nicCount; k++) {
        List<IpAddress> addrs = new ArrayList<>();
        boolean v6 = g.chance(config.ipv6Share());
        boolean v4 = !v6 || g.chance(config.dualStackShare());
        boolean pub = g.chance(0.1);
        if (v4) {
          take(g, pub && !v4Public.isEmpty() ? v4Public : v4Pool, addrs);
        }
        if (v6) {
          take(g, pub && !v6Public.isEmpty() ? v6Public : v6Pool, addrs);
        }
        if (addrs.isEmpty()) {
          take(g, v4Pool.isEmpty() ? v6Pool : v4Pool, addrs);
        }
        owned.addAll(addrs);
        List<String> kind =
            advanced.isEmpty() || (!basic.isEmpty() && g.chance(1.0 - config.advancedShare()))
                ? basic
                : advanced;
        int count = g.intBetween(1, Math.min(config.groupsPerNic(), kind.size()));
        nics.add(new NicDraft("eth" + k, addrs, g.shuffled(g.subset(kind, count))));
      }
      drafts.add(new InstanceDraft("I" + i, nics, oneLine));
    }

    // 3. rules, with spans: each group takes a line, then each of its rules
    int line = 0;
    List<Group> groups = new ArrayList<>();
    for (Header h : headers) {
      SourceSpan groupSpan = span(++line);
      List<Rule> rules = new ArrayList<>();
      if (h.legacy) {
        rules.addAll(dev.sgproof.model.LegacyDefaults.rules(h.name, groupSpan));
      }
      int n = g.intBetween(0, config.rulesPerGroup());
      for (int r = 0; r < n; r++) {
        rules.add(rule(g, h.name, h.type, basic, owned, span(++line)));
      }
      if (h.legacy) {
        rules = g.shuffled(rules);
      }
      groups.add(new Group(h.name, h.type, h.policy, h.legacy, rules, groupSpan));
    }
    List<Instance> instances = new ArrayList<>();
    for (InstanceDraft d : drafts) {
      SourceSpan instSpan = span(++line);
      List<Nic> nics = new ArrayList<>();
      for (NicDraft n : d.nics) {
        SourceSpan nicSpan = d.oneLine ? instSpan : span(++line);
        String id = d.oneLine ? d.name : d.name + "." + n.nicName;
        nics.add(new Nic(id, d.name, d.oneLine ? "" : n.nicName, n.addresses, n.groups, nicSpan));
      }
      instances.add(new Instance(d.name, nics, d.oneLine, instSpan));
    }
    return new Network(groups, instances);
  }

  /**
   * A random rule that keeps {@code target} valid in {@code network} (no group peer for an
   * advanced group, group peers only of basic groups), with CIDRs around the network's addresses.
   */
  public Rule rule(Gen g, Network network, Group target, SourceSpan span) {
    List<String> basic =
        network.groups().stream().filter(x -> x.type() == GroupType.BASIC).map(Group::name).toList();
    List<IpAddress> owned = network.nics().stream().flatMap(n -> n.addresses().stream()).toList();
    return rule(g, target.name(), target.type(), basic, owned, span);
  }

  private Rule rule(
      Gen g, String group, GroupType type, List<String> basic, List<IpAddress> owned, SourceSpan span) {
    Direction d = g.chance(0.5) ? Direction.INGRESS : Direction.EGRESS;
    Action a = g.chance(0.6) ? Action.ALLOW : Action.DENY;
    Proto p =
        switch (g.weighted(20, 30, 15, 10, 8, 7)) {
          case 0 -> Proto.ALL;
          case 1 -> Proto.TCP;
          case 2 -> Proto.UDP;
          case 3 -> Proto.ICMP;
          case 4 -> Proto.ICMPV6;
          default -> Proto.GRE;
        };
    PortRange dst = PortRange.ALL;
    PortRange src = PortRange.ALL;
    if (p.hasPorts()) {
      if (g.chance(0.75)) {
        dst = portRange(g);
      }
      if (g.chance(0.2)) {
        src = portRange(g);
      }
    }
    Peer peer;
    if (type == GroupType.BASIC && !basic.isEmpty() && g.chance(config.groupPeerShare())) {
      peer = new Peer.GroupPeer(g.pick(basic));
    } else {
      peer = new Peer.CidrPeer(cidr(g, owned));
    }
    int priority = g.chance(0.75) ? g.pick(TIE_PRIORITIES) : g.intBetween(1, 100);
    return new Rule(group, d, a, p, dst, src, peer, priority, false, span);
  }

  /** A CIDR over the pools, the whole space, an external range or one around public space. */
  public static Cidr cidr(Gen g, List<IpAddress> owned) {
    switch (g.weighted(10, 15, 45, 30)) {
      case 0:
        return g.chance(0.5) ? Cidr.ANY_V4 : Cidr.ANY_V6;
      case 1:
        return g.pick(g.chance(0.5) ? EXTERNAL : SPACE);
      case 2:
        if (!owned.isEmpty()) {
          IpAddress a = g.pick(owned);
          return Cidr.containing(a, g.pick(a.isV4() ? V4_PREFIXES : V6_PREFIXES));
        }
        // fall through
      default:
        boolean v4 = g.chance(0.6);
        IpAddress a = host(v4 ? V4_POOL : V6_POOL, g.intBetween(0, v4 ? V4_HOSTS + 8 : V6_HOSTS + 8));
        return Cidr.containing(a, g.pick(v4 ? V4_PREFIXES : V6_PREFIXES));
    }
  }

  /** A port range between marks (sometimes a single port, sometimes one off a mark). */
  public static PortRange portRange(Gen g) {
    int a = g.pick(PORT_MARKS);
    if (g.chance(0.4)) {
      return PortRange.single(a);
    }
    int b = g.pick(PORT_MARKS);
    if (g.chance(0.2)) {
      b = Math.min(PortRange.MAX, b + 1);
    }
    return new PortRange(Math.min(a, b), Math.max(a, b));
  }

  private static SourceSpan span(int line) {
    return new SourceSpan(FILE, line, 1, 1);
  }

  /** The {@code i}-th address of a block. */
  public static IpAddress host(Cidr block, int i) {
    return new IpAddress(block.version(), block.network().value().add(BigInteger.valueOf(i)));
  }

  private static List<IpAddress> hosts(Cidr block, int count) {
    List<IpAddress> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(host(block, i));
    }
    return out;
  }

  private static void take(Gen g, List<IpAddress> pool, List<IpAddress> into) {
    int n = g.chance(0.2) ? 2 : 1;
    for (int i = 0; i < n && !pool.isEmpty(); i++) {
      into.add(pool.remove(pool.size() - 1));
    }
  }

  /** The IP versions of a NIC's addresses. */
  public static boolean has(Nic n, IpVersion v) {
    return n.addresses().stream().anyMatch(a -> a.version() == v);
  }
}

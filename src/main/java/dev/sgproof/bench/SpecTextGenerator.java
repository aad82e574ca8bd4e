package dev.sgproof.bench;

import dev.sgproof.model.Cidr;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded generator of spec text of a given size, shaped like a real account: mostly basic
 * groups (some isolated), about one group in ten advanced with NICs of its own (a NIC cannot mix
 * the two types), rules with CIDR and group peers, allow and deny, ports, ranges and lists, ties in
 * priority; instances with one NIC mostly, a few with several; and assertions of every kind over
 * every kind of endpoint, none with an empty set of flows. The same size and seed give the same
 * text, byte for byte ({@link Random} is specified to be deterministic).
 */
public final class SpecTextGenerator {

  /**
   * The size of a generated spec.
   *
   * @param groups security groups (about 10% advanced)
   * @param rulesPerGroup rule statements per group (a port list is one statement)
   * @param nics network interfaces
   * @param groupsPerNic the most groups of one NIC; each NIC gets 1..max (bounded by the pool)
   * @param assertions assertions, cycling through the five kinds
   * @param ipv6Share the share of NICs that also get an IPv6 address, 0..1
   * @param seed the seed of the generator
   * @param profiles 0: each NIC draws its own groups; n > 0: NICs draw their group set from n
   *     profiles (tiers), as NICs of one role share their groups in a real account
   * @param derivedShare the share of assertions derived from a rule (reachable from an allow
   *     rule's peer, unreachable from a deny rule's), which mostly hold, 0..1
   * @param nicPairs every group basic and isolated, every NIC in exactly {@code groupsPerNic}
   *     groups, and every assertion between two one-NIC instances (the NIC-pair benchmark)
   */
  public record BenchSize(
      int groups,
      int rulesPerGroup,
      int nics,
      int groupsPerNic,
      int assertions,
      double ipv6Share,
      long seed,
      int profiles,
      double derivedShare,
      boolean nicPairs) {
    public BenchSize(
        int groups, int rulesPerGroup, int nics, int groupsPerNic, int assertions,
        double ipv6Share, long seed) {
      this(groups, rulesPerGroup, nics, groupsPerNic, assertions, ipv6Share, seed, 0, 0, false);
    }

    public BenchSize {
      if (profiles < 0 || !(derivedShare >= 0 && derivedShare <= 1)) {
        throw new IllegalArgumentException("need profiles >= 0 and derivedShare in 0..1");
      }
      if (groups < 1 || rulesPerGroup < 0 || nics < 2 || groupsPerNic < 1 || assertions < 0) {
        throw new IllegalArgumentException(
            "need groups >= 1, rulesPerGroup >= 0, nics >= 2, groupsPerNic >= 1, assertions >= 0");
      }
      if (!(ipv6Share >= 0 && ipv6Share <= 1)) {
        throw new IllegalArgumentException("ipv6Share must be in 0..1, not " + ipv6Share);
      }
    }
  }

  /** The five assertion kinds, by their keyword. */
  public enum Kind {
    REACHABLE,
    UNREACHABLE,
    ONLY,
    INTERCONNECTED,
    ISOLATED
  }

  /** The five endpoint kinds of language.md. */
  public enum EndpointKind {
    NIC,
    INSTANCE,
    GROUP,
    CIDR,
    INTERNET
  }

  /** What was generated, counted. */
  public record Stats(
      int basicGroups,
      int advancedGroups,
      int isolatedGroups,
      int ruleStatements,
      int groupPeerRules,
      int instances,
      int nics,
      int v4Addresses,
      int v6Addresses,
      int assertions,
      Map<Kind, Integer> kinds,
      Map<EndpointKind, Integer> endpoints) {
    public Stats {
      kinds = Map.copyOf(kinds);
      endpoints = Map.copyOf(endpoints);
    }
  }

  /** Spec text and its counts. */
  public record Generated(String text, Stats stats) {}

  private static final String[] ROLES = {
    "web", "app", "db", "cache", "mq", "bastion", "batch", "api", "lb", "mon"
  };
  private static final String[] PORTS = {
    "22", "80", "443", "3306", "5432", "6379", "8080", "53", "3389", "9200"
  };
  private static final String[] RANGES = {"1000-2000", "8000-8999", "30000-32767", "1024-65535"};
  private static final String[] LISTS = {"80,443", "22,3389", "8000-8080,9000", "53,123,161-162"};
  private static final String[] EXTERNAL_V4 = {
    "203.0.113.0/24", "198.51.100.0/24", "192.0.2.7", "8.8.8.0/24", "100.64.0.0/10",
    "172.16.0.0/12", "192.168.0.0/16", "52.0.0.0/8"
  };
  private static final int[] PRIORITIES = {1, 1, 5, 10, 10, 50, 100};

  private record GroupDef(String name, boolean advanced, boolean isolated, List<String> rules) {}

  private record NicDef(String id, String nicName, List<IpAddress> addresses, List<String> groups) {}

  private record InstanceDef(String name, boolean oneLine, List<NicDef> nics) {}

  /** An endpoint with what the emptiness check needs (as the resolver's Reach computes it). */
  private record Ep(
      EndpointKind kind,
      String text,
      Set<String> v4Nics,
      Set<String> v6Nics,
      boolean v4External,
      boolean v6External) {
    Set<String> nics(IpVersion v) {
      return v == IpVersion.V4 ? v4Nics : v6Nics;
    }

    boolean external(IpVersion v) {
      return v == IpVersion.V4 ? v4External : v6External;
    }

    boolean pairs(Ep to, IpVersion v) {
      Set<String> a = nics(v);
      Set<String> b = to.nics(v);
      boolean nicToNic = !a.isEmpty() && !b.isEmpty() && !(a.size() == 1 && a.equals(b));
      return nicToNic || (!a.isEmpty() && to.external(v)) || (external(v) && !b.isEmpty());
    }
  }

  private final BenchSize size;
  private final Random rnd;
  private final List<GroupDef> groups = new ArrayList<>();
  private final List<GroupDef> basic = new ArrayList<>();
  private final List<GroupDef> advanced = new ArrayList<>();
  private final List<InstanceDef> instances = new ArrayList<>();
  private final List<NicDef> nics = new ArrayList<>();
  private final Map<Kind, Integer> kindCount = new EnumMap<>(Kind.class);
  private final Map<EndpointKind, Integer> endpointCount = new EnumMap<>(EndpointKind.class);
  private int groupPeerRules;

  private SpecTextGenerator(BenchSize size) {
    this.size = size;
    this.rnd = new Random(size.seed());
  }

  /** Generates the spec text of the given size. */
  public static Generated generate(BenchSize size) {
    return new SpecTextGenerator(size).run();
  }

  private Generated run() {
    makeGroups();
    makeNics();
    for (GroupDef g : groups) {
      makeRules(g);
    }
    List<String> assertions = new ArrayList<>();
    for (int i = 0; i < size.assertions(); i++) {
      assertions.add(assertion(i));
    }
    StringBuilder b = new StringBuilder();
    b.append("# generated by sgproof bench: ").append(size).append('\n');
    for (GroupDef g : groups) {
      b.append("group ").append(g.name()).append(g.advanced() ? " advanced" : " basic");
      if (g.isolated()) {
        b.append(" isolated");
      }
      if (g.rules().isEmpty()) {
        b.append('\n');
        continue;
      }
      b.append(" {\n");
      for (String r : g.rules()) {
        b.append("  ").append(r).append('\n');
      }
      b.append("}\n");
    }
    for (InstanceDef i : instances) {
      if (i.oneLine()) {
        b.append("instance ").append(i.name()).append(nicTail(i.nics().get(0))).append('\n');
      } else {
        b.append("instance ").append(i.name()).append(" {\n");
        for (NicDef n : i.nics()) {
          b.append("  nic ").append(n.nicName()).append(nicTail(n)).append('\n');
        }
        b.append("}\n");
      }
    }
    for (String a : assertions) {
      b.append(a).append('\n');
    }
    int v4 = 0;
    int v6 = 0;
    for (NicDef n : nics) {
      for (IpAddress a : n.addresses()) {
        if (a.isV4()) {
          v4++;
        } else {
          v6++;
        }
      }
    }
    int isolated = (int) basic.stream().filter(GroupDef::isolated).count();
    Stats stats =
        new Stats(
            basic.size(),
            advanced.size(),
            isolated,
            groups.stream().mapToInt(g -> g.rules().size()).sum(),
            groupPeerRules,
            instances.size(),
            nics.size(),
            v4,
            v6,
            assertions.size(),
            kindCount,
            endpointCount);
    return new Generated(b.toString(), stats);
  }

  private static String nicTail(NicDef n) {
    List<String> addrs = n.addresses().stream().map(IpAddress::toString).toList();
    return " ip " + String.join(", ", addrs) + " in " + String.join(", ", n.groups());
  }

  // ---- groups and NICs ----------------------------------------------------------------------

  private void makeGroups() {
    int n = size.groups();
    int advancedCount = n >= 2 && !size.nicPairs() ? Math.max(1, Math.round(n * 0.1f)) : 0;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, rnd);
    Set<Integer> adv = new TreeSet<>(order.subList(0, advancedCount));
    for (int i = 0; i < n; i++) {
      String role = ROLES[rnd.nextInt(ROLES.length)];
      boolean isAdvanced = adv.contains(i);
      String name = String.format("%s%s-%03d", isAdvanced ? "adv-" : "", role, i);
      boolean isolated = isAdvanced || size.nicPairs() || rnd.nextDouble() < 0.15;
      GroupDef g = new GroupDef(name, isAdvanced, isolated && !isAdvanced, new ArrayList<>());
      groups.add(g);
      (isAdvanced ? advanced : basic).add(g);
    }
  }

  private void makeNics() {
    int total = size.nics();
    int advancedNics = 0;
    if (!advanced.isEmpty()) {
      long share = Math.round((double) total * advanced.size() / size.groups());
      advancedNics = (int) Math.min(total - 2, Math.max(advanced.size(), share));
    }
    List<Boolean> isAdvanced = new ArrayList<>();
    for (int k = 0; k < total; k++) {
      isAdvanced.add(k < advancedNics);
    }
    java.util.Collections.shuffle(isAdvanced, rnd);
    int[] roundRobin = new int[2];
    List<List<List<String>>> profiles = List.of(new ArrayList<>(), new ArrayList<>());
    List<NicDef> all = new ArrayList<>();
    for (int k = 0; k < total; k++) {
      boolean a = isAdvanced.get(k);
      List<GroupDef> pool = a ? advanced : basic;
      List<List<String>> mine = profiles.get(a ? 1 : 0);
      // With profiles: the first ones cover every group once (round robin), then NICs reuse them.
      boolean reuse = size.profiles() > 0 && mine.size() >= Math.max(pool.size(),
          (int) Math.round((double) size.profiles() * pool.size() / Math.max(1, groups.size())));
      List<String> gs;
      if (reuse) {
        gs = mine.get(rnd.nextInt(mine.size()));
      } else {
        int want = Math.min(pool.size(),
            size.nicPairs() ? size.groupsPerNic() : 1 + rnd.nextInt(size.groupsPerNic()));
        gs = new ArrayList<>();
        gs.add(pool.get(roundRobin[a ? 1 : 0]++ % pool.size()).name());
        while (gs.size() < want) {
          String g = pool.get(rnd.nextInt(pool.size())).name();
          if (!gs.contains(g)) {
            gs.add(g);
          }
        }
        if (size.profiles() > 0) {
          mine.add(gs);
        }
      }
      all.add(new NicDef("", "", addresses(k), gs));
    }
    int k = 0;
    int inst = 0;
    while (k < total) {
      int left = total - k;
      int count = 1;
      if (left >= 2 && (inst == 0 || rnd.nextDouble() < 0.08)) {
        count = Math.min(left, 2 + rnd.nextInt(2));
      }
      String name = String.format("vm-%04d", inst++);
      List<NicDef> mine = new ArrayList<>();
      for (int j = 0; j < count; j++) {
        NicDef d = all.get(k++);
        String nicName = "eth" + j;
        String id = count == 1 ? name : name + "." + nicName;
        mine.add(new NicDef(id, nicName, d.addresses(), d.groups()));
      }
      nics.addAll(mine);
      instances.add(new InstanceDef(name, count == 1, mine));
    }
  }

  /**
   * NIC k: 10.(1+s/256).(s%256).(10+k%100) with s = k/100; about 5% get a secondary address; an
   * evenly spread ipv6Share of them also get 2001:db8:0:s::(10+k%100).
   */
  private List<IpAddress> addresses(int k) {
    int s = k / 100;
    int host = k % 100;
    String net = "10." + (1 + s / 256) + "." + (s % 256) + ".";
    List<IpAddress> out = new ArrayList<>();
    out.add(IpAddress.of(net + (10 + host)));
    if (rnd.nextDouble() < 0.05) {
      out.add(IpAddress.of(net + (110 + host)));
    }
    if (Math.floor((k + 1) * size.ipv6Share()) > Math.floor(k * size.ipv6Share())) {
      out.add(IpAddress.of("2001:db8:0:" + Integer.toHexString(s) + "::" + Integer.toHexString(10 + host)));
    }
    return out;
  }

  // ---- rules --------------------------------------------------------------------------------

  private void makeRules(GroupDef g) {
    int n = size.rulesPerGroup();
    boolean baseline = n >= 3 && rnd.nextDouble() < 0.3;
    int peerRules = 0;
    for (int i = 0; i < n; i++) {
      if (baseline && i == n - 1) {
        g.rules().add("ingress deny all from 0.0.0.0/0 priority 100");
        continue;
      }
      boolean groupPeer = !g.advanced() && peerRules < 20 && rnd.nextDouble() < 0.2;
      if (groupPeer) {
        peerRules++;
        groupPeerRules++;
      }
      g.rules().add(rule(groupPeer));
    }
  }

  private String rule(boolean groupPeer) {
    boolean ingress = rnd.nextDouble() < 0.7;
    String action = rnd.nextDouble() < 0.8 ? "allow" : "deny";
    String peer;
    boolean v6 = false;
    if (groupPeer) {
      peer = "group " + basic.get(rnd.nextInt(basic.size())).name();
    } else {
      peer = cidrPeer();
      v6 = peer.contains(":");
    }
    double p = rnd.nextDouble();
    String proto;
    String ports = "";
    String sport = "";
    if (p < 0.65) {
      proto = p < 0.5 ? "tcp" : "udp";
      double q = rnd.nextDouble();
      if (q < 0.5) {
        ports = " " + PORTS[rnd.nextInt(PORTS.length)];
      } else if (q < 0.7) {
        ports = " " + RANGES[rnd.nextInt(RANGES.length)];
      } else if (q < 0.9) {
        ports = " " + LISTS[rnd.nextInt(LISTS.length)];
      }
      if (rnd.nextDouble() < 0.03) {
        sport = " sport 1024-65535";
      }
    } else if (p < 0.77) {
      proto = v6 ? "icmpv6" : "icmp";
    } else if (p < 0.79) {
      proto = "gre";
    } else {
      proto = "all";
    }
    return (ingress ? "ingress " : "egress ")
        + action
        + " "
        + proto
        + ports
        + (ingress ? " from " : " to ")
        + peer
        + sport
        + priority();
  }

  private String priority() {
    String prio;
    if (rnd.nextDouble() < 0.7) {
      int pr = PRIORITIES[rnd.nextInt(PRIORITIES.length)];
      prio = pr == 1 && rnd.nextBoolean() ? "" : " priority " + pr;
    } else {
      prio = " priority " + (1 + rnd.nextInt(100));
    }
    return prio;
  }

  private String cidrPeer() {
    double p = rnd.nextDouble();
    if (p < 0.4) {
      IpAddress a = nicAddress(IpVersion.V4);
      int[] prefixes = {8, 16, 20, 24, 26, 28, 32};
      return Cidr.containing(a, prefixes[rnd.nextInt(prefixes.length)]).toString();
    } else if (p < 0.5) {
      return "10.0." + rnd.nextInt(256) + ".0/" + (24 + rnd.nextInt(5));
    } else if (p < 0.75) {
      return EXTERNAL_V4[rnd.nextInt(EXTERNAL_V4.length)];
    } else if (p < 0.9) {
      return "0.0.0.0/0";
    }
    double q = rnd.nextDouble();
    if (q < 0.4) {
      return "2001:db8::/32";
    } else if (q < 0.7) {
      return "2001:db8:0:" + Integer.toHexString(rnd.nextInt(Math.max(1, size.nics() / 100))) + "::/64";
    }
    return "::/0";
  }

  /** A random NIC address of version v (falls back to any NIC's first address). */
  private IpAddress nicAddress(IpVersion v) {
    for (int tries = 0; tries < 50; tries++) {
      NicDef n = nics.get(rnd.nextInt(nics.size()));
      for (IpAddress a : n.addresses()) {
        if (a.version() == v) {
          return a;
        }
      }
    }
    return nics.get(rnd.nextInt(nics.size())).addresses().get(0);
  }

  // ---- assertions -----------------------------------------------------------------------------

  private static final String[] ONLY_TRAFFIC = {
    "tcp 443", "tcp 80,443", "tcp 22", "udp 53", "tcp 8000-8080", "icmp"
  };
  private static final String[] TRAFFIC = {
    "", "", "", "tcp", "tcp 22", "tcp 80,443", "tcp 3306", "udp 53", "udp 1000-2000", "icmp", "all"
  };

  /**
   * Assertion i has kind i mod 5 and left endpoint kind (i / 5) mod 5, so the first 25 cover every
   * pair; the right endpoint and the traffic are drawn until the set of flows is not empty.
   */
  private String assertion(int i) {
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
    EndpointKind leftKind = EndpointKind.values()[(i / 5) % 5];
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
        peer = "internet";
      }
      List<NicDef> members = nics.stream().filter(n -> n.groups().contains(g.name())).toList();
      if (members.isEmpty()) {
        continue;
      }
      Ep self = ofNics(EndpointKind.GROUP, "group " + g.name(), members);
      Ep other;
      if (peer.startsWith("group ")) {
        String h = peer.substring(6);
        List<NicDef> hm = nics.stream().filter(n -> n.groups().contains(h)).toList();
        if (hm.isEmpty()) {
          continue;
        }
        other = ofNics(EndpointKind.GROUP, peer, hm);
      } else if (peer.equals("internet")) {
        other = new Ep(EndpointKind.INTERNET, "internet", Set.of(), Set.of(), true, true);
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
    return EndpointKind.INTERNET;
  }

  private static boolean hasFlows(Ep left, Ep right, String traffic) {
    boolean icmp = traffic.equals("icmp");
    boolean icmpv6 = traffic.equals("icmpv6");
    return (!icmpv6 && left.pairs(right, IpVersion.V4)) || (!icmp && left.pairs(right, IpVersion.V6));
  }

  /** An endpoint of the kind, or null when the network has none (no multi-NIC instance). */
  private Ep endpoint(EndpointKind k) {
    switch (k) {
      case INTERNET:
        return new Ep(k, "internet", Set.of(), Set.of(), true, true);
      case INSTANCE: {
        InstanceDef i = instances.get(rnd.nextInt(instances.size()));
        return ofNics(k, i.name(), i.nics());
      }
      case NIC: {
        List<InstanceDef> multi = instances.stream().filter(i -> !i.oneLine()).toList();
        if (multi.isEmpty()) {
          return null;
        }
        InstanceDef i = multi.get(rnd.nextInt(multi.size()));
        NicDef n = i.nics().get(rnd.nextInt(i.nics().size()));
        return ofNics(k, n.id(), List.of(n));
      }
      case GROUP: {
        GroupDef g = groups.get(rnd.nextInt(groups.size()));
        List<NicDef> members = nics.stream().filter(n -> n.groups().contains(g.name())).toList();
        return members.isEmpty() ? null : ofNics(k, "group " + g.name(), members);
      }
      default:
        return cidr(cidrEndpoint());
    }
  }

  private Cidr cidrEndpoint() {
    double p = rnd.nextDouble();
    if (p < 0.25) {
      return Cidr.host(nicAddress(IpVersion.V4));
    } else if (p < 0.5) {
      return Cidr.containing(nicAddress(IpVersion.V4), 24);
    } else if (p < 0.6) {
      return Cidr.containing(nicAddress(IpVersion.V4), 16);
    } else if (p < 0.7) {
      return Cidr.of("10.0.0.0/8");
    } else if (p < 0.85) {
      return Cidr.of(EXTERNAL_V4[rnd.nextInt(2)]);
    } else if (p < 0.95) {
      IpAddress a = nicAddress(IpVersion.V6);
      if (a.isV6()) {
        return Cidr.containing(a, 64);
      }
    }
    return Cidr.of("2001:db8::/32");
  }

  private static Ep ofNics(EndpointKind k, String text, List<NicDef> members) {
    Set<String> v4 = new TreeSet<>();
    Set<String> v6 = new TreeSet<>();
    for (NicDef n : members) {
      for (IpAddress a : n.addresses()) {
        (a.isV4() ? v4 : v6).add(n.id());
      }
    }
    return new Ep(k, text, v4, v6, false, false);
  }

  private Ep cidr(Cidr c) {
    Set<String> owners = new TreeSet<>();
    long owned = 0;
    for (NicDef n : nics) {
      for (IpAddress a : n.addresses()) {
        if (c.contains(a)) {
          owners.add(n.id());
          owned++;
        }
      }
    }
    BigInteger blockSize = BigInteger.ONE.shiftLeft(c.version().bits() - c.prefix());
    boolean external = blockSize.compareTo(BigInteger.valueOf(owned)) > 0;
    boolean v4 = c.version() == IpVersion.V4;
    String text = c.isHost() ? c.network().toString() : c.toString();
    return new Ep(
        EndpointKind.CIDR,
        text,
        v4 ? owners : Set.of(),
        v4 ? Set.of() : owners,
        v4 && external,
        !v4 && external);
  }
}

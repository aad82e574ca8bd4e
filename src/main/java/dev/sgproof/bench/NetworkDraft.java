package dev.sgproof.bench;

import dev.sgproof.bench.SpecTextGenerator.BenchSize;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The network part of a generated spec: groups (about one in ten advanced, some basic ones
 * isolated), NICs with their addresses and groups (drawn per NIC or from profiles), instances of
 * one NIC mostly, and each group's rule statements. Draws from the generator's {@link Random} in a
 * fixed order, so the same seed gives the same network.
 */
final class NetworkDraft {
  private static final String[] ROLES = {
    "web", "app", "db", "cache", "mq", "bastion", "batch", "api", "lb", "mon"
  };
  private static final String[] PORTS = {
    "22", "80", "443", "3306", "5432", "6379", "8080", "53", "3389", "9200"
  };
  private static final String[] RANGES = {"1000-2000", "8000-8999", "30000-32767", "1024-65535"};
  private static final String[] LISTS = {"80,443", "22,3389", "8000-8080,9000", "53,123,161-162"};
  static final String[] EXTERNAL_V4 = {
    "203.0.113.0/24", "198.51.100.0/24", "192.0.2.7", "8.8.8.0/24", "100.64.0.0/10",
    "172.16.0.0/12", "192.168.0.0/16", "52.0.0.0/8"
  };
  private static final int[] PRIORITIES = {1, 1, 5, 10, 10, 50, 100};


  record GroupDef(String name, boolean advanced, boolean isolated, List<String> rules) {}

  record NicDef(String id, String nicName, List<IpAddress> addresses, List<String> groups) {}

  record InstanceDef(String name, boolean oneLine, List<NicDef> nics) {}
  private final BenchSize size;
  private final Random rnd;
  final List<GroupDef> groups = new ArrayList<>();
  final List<GroupDef> basic = new ArrayList<>();
  final List<GroupDef> advanced = new ArrayList<>();
  final List<InstanceDef> instances = new ArrayList<>();
  final List<NicDef> nics = new ArrayList<>();
  int groupPeerRules;

  NetworkDraft(BenchSize size, Random rnd) {
    this.size = size;
    this.rnd = rnd;
  }

  /** Draws the groups, the NICs and instances, then every group's rules. */
  void make() {
    makeGroups();
    makeNics();
    for (GroupDef g : groups) {
      makeRules(g);
    }
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
  IpAddress nicAddress(IpVersion v) {
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
}

package dev.sgproof.engines.classsearch;

import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Classes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every search on one network shares: the group set of each NIC (NICs with the same groups
 * decide alike), every distinct rule peer numbered, and the big universes built so far.
 */
final class NetworkIndex {
  /**
   * Universes kept per network, the most recently used: one per list and version, so 16 lists.
   * The account spec's assertions name about ten big CIDR endpoints (and the internet) in no
   * order; with 8 (4 lists) each of its big universes was built again and again.
   */
  static final int KEPT_UNIVERSES = 32;

  final Network network;
  final Map<Nic, Integer> setOf = new IdentityHashMap<>();
  final List<GroupSet> sets = new ArrayList<>();
  /** Every distinct rule peer (and interconnected group), numbered. */
  final List<Peer> peers = new ArrayList<>();
  private final Map<Object, Integer> peerIds = new HashMap<>();
  private final int keepUniversesFrom;
  /** How many times a kept universe served another search. */
  private long universesReused;

  /**
   * Big universes by class list (by identity: {@link dev.sgproof.query.SharedClasses} hands out
   * the same list for an internet or CIDR endpoint as long as the cuts are the network's, {@link
   * Classes#shared}) and version, the most recently used few. A universe depends only on its
   * classes and the network, so searches share them; small ones are quicker to build than to
   * keep, and lists of one assertion only are never asked for again.
   */
  private final Map<UniverseKey, Universe> universes =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UniverseKey, Universe> eldest) {
          return size() > KEPT_UNIVERSES;
        }
      };

  /** A class list by identity, and a version. */
  private record UniverseKey(List<Classes.AddressClass> classes, IpVersion version) {
    @Override
    public boolean equals(Object o) {
      return o instanceof UniverseKey k && k.classes == classes && k.version == version;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(classes) + version.hashCode();
    }
  }

  /** @param keepUniversesFrom universes of at least this many classes are kept for reuse */
  NetworkIndex(Network n, int keepUniversesFrom) {
    this.network = n;
    this.keepUniversesFrom = keepUniversesFrom;
    Map<List<String>, Integer> ids = new HashMap<>();
    for (Nic nic : n.nics()) {
      List<String> key = nic.groups().stream().distinct().sorted().toList();
      Integer id = ids.get(key);
      if (id == null) {
        id = sets.size();
        ids.put(key, id);
        sets.add(new GroupSet(id, n, key, this));
      }
      setOf.put(nic, id);
    }
  }

  /** The number of a peer: a group peer by its name, a CIDR peer by its CIDR. */
  int peerId(Peer p) {
    Object key = p instanceof Peer.GroupPeer g ? g.group() : p;
    Integer id = peerIds.get(key);
    if (id == null) {
      id = peers.size();
      peers.add(p);
      peerIds.put(key, id);
    }
    return id;
  }

  /**
   * The universe of the classes of one version; kept for reuse when {@code shared} (the list is
   * one every assertion on the network gets) and big enough.
   */
  Universe universe(List<Classes.AddressClass> canonical, IpVersion v, boolean shared) {
    if (!shared || canonical.size() < keepUniversesFrom) {
      return new Universe(canonical, v, network, this);
    }
    UniverseKey k = new UniverseKey(canonical, v);
    Universe u = universes.get(k);
    if (u == null) {
      u = new Universe(canonical, v, network, this);
      universesKeptBuilt++;
      universes.put(k, u);
    } else {
      universesReused++;
    }
    return u;
  }

  long universesReused() {
    return universesReused;
  }

  /** How many universes were built to be kept (for tests: each list and version once). */
  long universesKeptBuilt;

  /**
   * Each peer's addresses unpacked for {@link Universe#touches} (made on first use): for a CIDR
   * its version's bits (4 or 6) in {@link #peerVersion}, its first and last address (as longs for
   * IPv4, in {@link #peerFirst} and {@link #peerLast}); for a group 0, and the group sets that
   * have the group in {@link #peerSets}. Asked for every peer of the rules at the other end of
   * each search; a CIDR's last address is computed anew on each call.
   */
  private byte[] peerVersion;
  private long[] peerFirst;
  private long[] peerLast;
  private java.math.BigInteger[] peerFirstBig;
  private java.math.BigInteger[] peerLastBig;
  private java.util.BitSet[] peerSets;

  private void unpackPeers() {
    if (peerVersion != null) {
      return;
    }
    int k = peers.size();
    byte[] version = new byte[k];
    long[] first = new long[k];
    long[] last = new long[k];
    java.math.BigInteger[] firstBig = new java.math.BigInteger[k];
    java.math.BigInteger[] lastBig = new java.math.BigInteger[k];
    java.util.BitSet[] groupSets = new java.util.BitSet[k];
    for (int i = 0; i < k; i++) {
      if (peers.get(i) instanceof Peer.CidrPeer c) {
        version[i] = (byte) (c.cidr().version() == IpVersion.V4 ? 4 : 6);
        firstBig[i] = c.cidr().first().value();
        lastBig[i] = c.cidr().last().value();
        first[i] = firstBig[i].longValue();
        last[i] = lastBig[i].longValue();
      } else {
        groupSets[i] = setsWithGroup(((Peer.GroupPeer) peers.get(i)).group());
      }
    }
    peerFirst = first;
    peerLast = last;
    peerFirstBig = firstBig;
    peerLastBig = lastBig;
    peerSets = groupSets;
    peerVersion = version;
  }

  /** The IP version of a CIDR peer (4 or 6), or 0 for a group. */
  int peerVersion(int id) {
    unpackPeers();
    return peerVersion[id];
  }

  /** An IPv4 CIDR peer's first address. */
  long peerFirst(int id) {
    return peerFirst[id];
  }

  /** An IPv4 CIDR peer's last address. */
  long peerLast(int id) {
    return peerLast[id];
  }

  java.math.BigInteger peerFirstBig(int id) {
    return peerFirstBig[id];
  }

  java.math.BigInteger peerLastBig(int id) {
    return peerLastBig[id];
  }

  /** The ids of the group sets that have a group peer's group. */
  java.util.BitSet peerSets(int id) {
    return peerSets[id];
  }

  /** The group sets that have each group, made on first use ({@link #setsWithGroup}). */
  private Map<String, java.util.BitSet> setsWithGroup;

  /** The ids of the group sets that have the group (empty for a group no NIC is in). */
  java.util.BitSet setsWithGroup(String group) {
    if (setsWithGroup == null) {
      Map<String, java.util.BitSet> m = new HashMap<>();
      for (GroupSet g : sets) {
        for (String name : g.names) {
          m.computeIfAbsent(name, x -> new java.util.BitSet()).set(g.id);
        }
      }
      setsWithGroup = m;
    }
    return setsWithGroup.getOrDefault(group, EMPTY);
  }

  private static final java.util.BitSet EMPTY = new java.util.BitSet();

  /**
   * The port cuts of the rules of every group set (destination, source): the sorted distinct
   * starts of the intervals that no rule's port range cuts, with 0, 1 and 65536 (made on first
   * use). Each rule's ranges are
   * unions of these intervals, so a rule matches either every port of one or none.
   */
  private int[] dstPortCuts;
  private int[] srcPortCuts;

  /** The port cells of each group set's rules by direction, by set id (made on first use). */
  private SetPorts[] ingressPorts;
  private SetPorts[] egressPorts;

  /**
   * The number of a protocol-and-ports combination among the network's: a protocol class of
   * {@link Classes#PROTOCOLS} without ports by its place there; tcp and udp after those, by the
   * network's port intervals of both ports. Combinations with one number match the same rules of
   * every group. -1 for a protocol outside {@link Classes#PROTOCOLS}.
   */
  int combination(int protocol, int dport, int sport) {
    int k = Classes.PROTOCOLS.indexOf(protocol);
    if (k < 0 || !dev.sgproof.model.Protocols.hasPorts(protocol)) {
      return k;
    }
    portCuts();
    int dn = dstPortCuts.length - 1;
    int sn = srcPortCuts.length - 1;
    int ported = protocol == dev.sgproof.model.Protocols.TCP ? 0 : 1;
    return Classes.PROTOCOLS.size() + (ported * dn + interval(dstPortCuts, dport)) * sn
        + interval(srcPortCuts, sport);
  }

  /** How many combination numbers the cuts give ({@link #combination}). */
  static int combinations(int[] dstCuts, int[] srcCuts) {
    return Classes.PROTOCOLS.size() + 2 * (dstCuts.length - 1) * (srcCuts.length - 1);
  }

  /** The interval of the cuts (0 for the first) that holds the port. */
  private static int interval(int[] cuts, int port) {
    int i = java.util.Arrays.binarySearch(cuts, port);
    return i >= 0 ? i : -i - 2;
  }

  /** The port cells of a group set's rules of one direction ({@link SetPorts}). */
  SetPorts ports(GroupSet g, boolean ingress) {
    portCuts();
    SetPorts[] made = ingress ? ingressPorts : egressPorts;
    SetPorts s = made[g.id];
    if (s == null) {
      s = new SetPorts(g.id, ingress ? g.ingress : g.egress, dstPortCuts, srcPortCuts);
      made[g.id] = s;
    }
    return s;
  }

  private void portCuts() {
    if (dstPortCuts != null) {
      return;
    }
    // 0 too (below every range): a port there is in an interval no rule holds.
    java.util.TreeSet<Integer> dst = new java.util.TreeSet<>(List.of(0,
        dev.sgproof.model.PortRange.MIN, dev.sgproof.model.PortRange.MAX + 1));
    java.util.TreeSet<Integer> src = new java.util.TreeSet<>(dst);
    for (GroupSet g : sets) {
      for (Rule[] rules : List.of(g.ingress, g.egress)) {
        for (Rule r : rules) {
          dst.add(r.dstPorts().low());
          dst.add(r.dstPorts().high() + 1);
          src.add(r.srcPorts().low());
          src.add(r.srcPorts().high() + 1);
        }
      }
    }
    ingressPorts = new SetPorts[sets.size()];
    egressPorts = new SetPorts[sets.size()];
    srcPortCuts = src.stream().mapToInt(Integer::intValue).toArray();
    dstPortCuts = dst.stream().mapToInt(Integer::intValue).toArray();
  }

  private CompiledPolicy compiled;
  private boolean compiledTried;

  /**
   * The network's rules compiled into decision tables ({@link CompiledPolicy}), made on first
   * use; null when the network has too many port classes for them.
   */
  CompiledPolicy compiled() {
    if (!compiledTried) {
      compiledTried = true;
      compiled = CompiledPolicy.of(this);
    }
    return compiled;
  }

  private Map<Rule, Integer> specOrder;
  private Rule[] bySpecOrder;

  /** Each rule's place in spec order (group by group, rule by rule), by identity. */
  Map<Rule, Integer> specOrder() {
    if (specOrder == null) {
      Map<Rule, Integer> m = new IdentityHashMap<>();
      network.groups().forEach(g -> g.rules().forEach(r -> m.putIfAbsent(r, m.size())));
      Rule[] byOrder = new Rule[m.size()];
      m.forEach((r, i) -> byOrder[i] = r);
      bySpecOrder = byOrder;
      specOrder = m;
    }
    return specOrder;
  }

  /** The rules in spec order: {@link #specOrder} inverted (the caller must not change it). */
  Rule[] rulesInSpecOrder() {
    specOrder();
    return bySpecOrder;
  }

  /**
   * Operation counts (for tests): combinations of decisions built, rules applied by decisions,
   * masks of matching rules made for one group set and direction ({@link Combination}), live
   * rules made (each is matched against every combination's protocol and ports).
   */
  long combinationsBuilt;
  /**
   * Rows of violating pairs computed ({@link ViolatingFlows}), and destination positions they
   * visited.
   */
  long violationRows;
  long rowPositionsVisited;
  /**
   * Decision contents the rows read ({@link ViolatingFlows}): to group the sources, each once
   * per chunk; to find a row's admissions, each once per row.
   */
  long contentsRead;
  long rulesApplied;
  long masksMatched;
  long liveRulesMade;

  /**
   * Scratch bit sets of {@link Decision#of} (an index, like the engine that keeps it, serves one
   * worker thread).
   */
  final java.util.BitSet[] decisionScratch = {new java.util.BitSet(), new java.util.BitSet(),
      new java.util.BitSet(), new java.util.BitSet(), new java.util.BitSet(),
      new java.util.BitSet()};
}

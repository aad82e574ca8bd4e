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

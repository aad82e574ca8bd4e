package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Direction;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The sources and destinations of one IP version, with decision caches. */
final class Ends {
  final Universe src;
  final Universe dst;
  /** Decisions by (group set, matching rules left). */
  final Map<Decision.Key, Decision> ingress = new HashMap<>();
  final Map<Decision.Key, Decision> egress = new HashMap<>();
  /** The group sets of the destination and source NICs, ascending. */
  final int[] dstSets;
  final int[] srcSets;
  /**
   * A group set's rules by direction without those whose peer matches no class of the other
   * end: they change no bit of any decision here, whatever the protocol and ports; and without
   * the rules the changes delete ({@link NetworkChanges#kept}), which a search would only clear
   * from every mask (a proof step's variant keeps only the few rules the proof depends on).
   */
  private LiveRules[] liveIngress;
  private LiveRules[] liveEgress;
  /**
   * How the network is changed (the isolated group, catch-all rules and the rules kept; the
   * tracked searches, which differ only in the rules they keep, share a side without changes and
   * apply their kept rules to each mask).
   */
  final NetworkChanges mods;
  /** Whether decisions note the rules that decide some class. */
  final boolean tracking;

  Ends(Universe src, Universe dst, NetworkChanges mods, boolean tracking) {
    this.src = src;
    this.dst = dst;
    this.mods = mods;
    this.tracking = tracking;
    this.dstSets = dst.bySet.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    this.srcSets = src.bySet.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /**
   * The positions of the other end that cannot form a flow with any NIC of the group set on this
   * end: when the set has exactly one NIC here, that NIC's own addresses there (a NIC talking to
   * itself is not a flow); else none (null).
   *
   * @param ingress whether this end is the destination (the other end the source)
   */
  java.util.BitSet notFlows(int set, boolean ingress) {
    Universe here = ingress ? dst : src;
    Universe there = ingress ? src : dst;
    dev.sgproof.model.Nic only = null;
    for (int k : here.bySet.get(set)) {
      if (only != null && here.nic[k] != only) {
        return null;
      }
      only = here.nic[k];
    }
    int[] own = only == null ? null : there.byNic.get(only);
    if (own == null) {
      return null;
    }
    java.util.BitSet b = new java.util.BitSet(there.size);
    for (int k : own) {
      b.set(k);
    }
    return b;
  }

  /**
   * The port cuts of every live rule of every group set of these ends (both directions), made on
   * first use: destination ports and source ports, each the sorted starts of the intervals that
   * no live rule's port range cuts.
   */
  private int[] dstCuts;
  private int[] srcCuts;

  /** Ends with more group sets than this give every combination a cell of its own. */
  static final int SHARED_CELLS_UP_TO = 64;

  /**
   * The cell of a protocol-and-ports combination on these ends: combinations with one cell match
   * the same live rules at every group set of both ends (the same protocol, and ports between the
   * same cuts of the live rules' port ranges), so they have the same decisions everywhere. The
   * network's port classes are cut by the rules of every group; the few group sets of one
   * assertion's ends cut them much more coarsely.
   */
  long cell(NetworkIndex p, IpVersion v, Network n, int protocol, int dport, int sport) {
    if (!Protocols.hasPorts(protocol)) {
      return (long) protocol << 40;
    }
    if (dstSets.length + srcSets.length > SHARED_CELLS_UP_TO) {
      // The rules of so many group sets cut nearly every port class of the network: no two
      // combinations would share a cell, so the cuts are not made (each combination its own).
      return ((long) protocol << 40) | ((long) dport << 20) | sport;
    }
    if (dstCuts == null) {
      List<Rule[]> all = new ArrayList<>();
      for (Direction dir : List.of(Direction.INGRESS, Direction.EGRESS)) {
        for (int id : dir == Direction.INGRESS ? dstSets : srcSets) {
          all.add(live(p.sets.get(id), dir, v, n).rules);
        }
      }
      dstCuts = portCuts(all, true);
      srcCuts = portCuts(all, false);
    }
    return ((long) protocol << 40) | ((long) interval(dstCuts, dport) << 20)
        | interval(srcCuts, sport);
  }

  /** The cuts of the rules' destination (or source) port ranges: sorted, distinct. */
  private static int[] portCuts(List<Rule[]> rules, boolean dst) {
    int k = 0;
    for (Rule[] rs : rules) {
      k += rs.length;
    }
    int[] out = new int[2 * k];
    int i = 0;
    for (Rule[] rs : rules) {
      for (Rule r : rs) {
        dev.sgproof.model.PortRange ports = dst ? r.dstPorts() : r.srcPorts();
        out[i++] = ports.low();
        out[i++] = ports.high() + 1;
      }
    }
    java.util.Arrays.sort(out);
    int distinct = 0;
    for (int j = 0; j < out.length; j++) {
      if (j == 0 || out[j] != out[j - 1]) {
        out[distinct++] = out[j];
      }
    }
    return java.util.Arrays.copyOf(out, distinct);
  }

  /** How many cuts are at or below the port: its interval among the cuts. */
  private static int interval(int[] cuts, int port) {
    int i = java.util.Arrays.binarySearch(cuts, port);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** The cells of each group set's live rules by direction, by set id (made on first use). */
  private SetCells[] ingressCells;
  private SetCells[] egressCells;

  /**
   * The cells of the live rules of group set {@code g} in direction {@code d} on these ends, with
   * the decision of each cell on the network as it is, as found.
   */
  SetCells cells(NetworkIndex p, GroupSet g, Direction d, IpVersion v, Network n) {
    boolean in = d == Direction.INGRESS;
    SetCells[] all = in ? ingressCells : egressCells;
    if (all == null) {
      all = new SetCells[p.sets.size()];
      if (in) {
        ingressCells = all;
      } else {
        egressCells = all;
      }
    }
    SetCells c = all[g.id];
    if (c == null) {
      c = new SetCells(live(g, d, v, n).rules);
      all[g.id] = c;
    }
    return c;
  }

  /**
   * One group set's live rules of one direction cut the protocol-and-ports combinations into
   * cells: the protocol class, and for tcp and udp the interval of the destination port and of
   * the source port between the cuts of those rules' port ranges. Every combination of one cell
   * matches the same rules (section 3), so it has the same mask and decision: with every rule
   * kept, each cell's is computed once ({@link Combination}), not once per combination (the
   * network's port classes, cut by the rules of every group, are much finer than one set's).
   */
  static final class SetCells {
    private final int[] dstCuts;
    private final int[] srcCuts;
    /** The decision key and decision of each cell, null until found. */
    final Decision.Key[] keys;
    final Decision[] decisions;

    SetCells(Rule[] rules) {
      dstCuts = portCuts(List.<Rule[]>of(rules), true);
      srcCuts = portCuts(List.<Rule[]>of(rules), false);
      int size = dev.sgproof.query.Classes.PROTOCOLS.size()
          + 2 * (dstCuts.length + 1) * (srcCuts.length + 1);
      keys = new Decision.Key[size];
      decisions = new Decision[size];
    }

    /**
     * The cell of a combination: its protocol class ({@code protocolIndex} in {@link
     * dev.sgproof.query.Classes#PROTOCOLS}) alone for a protocol without ports; for tcp or udp,
     * after those, the pair of port intervals.
     */
    int cell(int protocolIndex, int protocol, int dport, int sport) {
      if (!Protocols.hasPorts(protocol)) {
        return protocolIndex;
      }
      int ported = protocol == Protocols.TCP ? 0 : 1;
      int dn = dstCuts.length + 1;
      int sn = srcCuts.length + 1;
      return dev.sgproof.query.Classes.PROTOCOLS.size()
          + (ported * dn + interval(dstCuts, dport)) * sn + interval(srcCuts, sport);
    }
  }

  /**
   * The live rules of a group set in one direction, made on first use (by set id in an array: a
   * map's lookup boxed the id and made a lambda per call, once per combination and set).
   */
  LiveRules live(GroupSet g, Direction d, IpVersion v, Network n) {
    boolean in = d == Direction.INGRESS;
    LiveRules[] made = in ? liveIngress : liveEgress;
    if (made == null) {
      made = new LiveRules[src.index().sets.size()];
      if (in) {
        liveIngress = made;
      } else {
        liveEgress = made;
      }
    }
    LiveRules live = made[g.id];
    if (live == null) {
      live = newLive(g, in, v, n);
      made[g.id] = live;
    }
    return live;
  }

  private LiveRules newLive(GroupSet g, boolean in, IpVersion v, Network n) {
    Universe other = in ? src : dst;
    Rule[] rules = in ? g.ingress : g.egress;
    int[] peers = in ? g.ingressPeer : g.egressPeer;
    Rule[] out = new Rule[rules.length];
    int[] outPeers = new int[rules.length];
    int k = 0;
    for (int i = 0; i < rules.length; i++) {
      if ((mods.kept() == null || mods.kept().contains(rules[i]))
          && other.touches(peers[i], v, n)) {
        out[k] = rules[i];
        outPeers[k++] = peers[i];
      }
    }
    other.index().liveRulesMade += k;
    return new LiveRules(java.util.Arrays.copyOf(out, k), java.util.Arrays.copyOf(outPeers, k),
        tracking);
  }
}

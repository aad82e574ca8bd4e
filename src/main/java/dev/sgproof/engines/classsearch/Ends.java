package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Direction;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
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
   * end: they change no bit of any decision here, whatever the protocol and ports.
   */
  private final Map<Integer, LiveRules> liveIngress = new HashMap<>();
  private final Map<Integer, LiveRules> liveEgress = new HashMap<>();
  /**
   * How the network is changed (the isolated group and catch-all rules; the kept rules are
   * applied to each search's masks, so searches with different kept rules share this side).
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

  LiveRules live(GroupSet g, Direction d, IpVersion v, Network n) {
    boolean in = d == Direction.INGRESS;
    return (in ? liveIngress : liveEgress).computeIfAbsent(g.id, id -> {
      Universe other = in ? src : dst;
      Rule[] rules = in ? g.ingress : g.egress;
      int[] peers = in ? g.ingressPeer : g.egressPeer;
      List<Rule> out = new ArrayList<>();
      List<Integer> outPeers = new ArrayList<>();
      for (int i = 0; i < rules.length; i++) {
        if (!other.peer(peers[i], v, n).isEmpty()) {
          out.add(rules[i]);
          outPeers.add(peers[i]);
        }
      }
      return new LiveRules(out.toArray(Rule[]::new),
          outPeers.stream().mapToInt(Integer::intValue).toArray(), tracking);
    });
  }
}

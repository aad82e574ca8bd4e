package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Network;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A set of groups some NIC has: its rules by direction, sorted by priority, and its type. */
final class GroupSet {
  final int id;
  final boolean basic;
  final Rule[] ingress;
  final Rule[] egress;
  /** The peer number of each rule of {@link #ingress} and {@link #egress}. */
  final int[] ingressPeer;
  final int[] egressPeer;
  /** The interconnected basic groups (whose members pass the intra-group step), as peers. */
  final int[] interconnected;
  /** Their names, in the same order. */
  final String[] interconnectedNames;
  /** The names of the groups, sorted. */
  final List<String> names;

  GroupSet(int id, Network n, List<String> names, NetworkIndex p) {
    this.id = id;
    this.names = List.copyOf(names);
    List<Rule> in = new ArrayList<>();
    List<Rule> out = new ArrayList<>();
    boolean isBasic = true;
    List<Integer> fellows = new ArrayList<>();
    List<String> fellowNames = new ArrayList<>();
    for (String name : names) {
      Group g = n.groupNamed(name);
      isBasic = g.type() == GroupType.BASIC;
      if (g.type() == GroupType.BASIC && g.policy() == Policy.INTERCONNECTED) {
        fellows.add(p.peerId(new Peer.GroupPeer(name)));
        fellowNames.add(name);
      }
      for (Rule r : g.rules()) {
        (r.direction() == Direction.INGRESS ? in : out).add(r);
      }
    }
    Comparator<Rule> byPriority = Comparator.comparingInt(Rule::priority);
    in.sort(byPriority);
    out.sort(byPriority);
    this.basic = isBasic;
    this.ingress = in.toArray(Rule[]::new);
    this.egress = out.toArray(Rule[]::new);
    this.ingressPeer = new int[ingress.length];
    for (int i = 0; i < ingress.length; i++) {
      ingressPeer[i] = p.peerId(ingress[i].peer());
    }
    this.egressPeer = new int[egress.length];
    for (int i = 0; i < egress.length; i++) {
      egressPeer[i] = p.peerId(egress[i].peer());
    }
    this.interconnected = fellows.stream().mapToInt(Integer::intValue).toArray();
    this.interconnectedNames = fellowNames.toArray(String[]::new);
  }
}

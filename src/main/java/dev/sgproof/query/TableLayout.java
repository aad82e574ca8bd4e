package dev.sgproof.query;

import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Rule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The classes a {@link DecisionTable} tells apart, whatever computes its decisions: the rules of
 * one direction of a set of groups, the cuts of their CIDRs (each elementary interval mapped to a
 * CIDR class: intervals held by the same CIDRs share one), the groups whose membership matters,
 * and the port classes (elementary intervals of the rules' destination and source port ranges).
 */
final class TableLayout {
  final Direction direction;
  final List<Group> groups;
  /** The rules of the direction, in group order then rule order. */
  final List<Rule> rules;
  final boolean defaultAllows;
  final List<String> memberships;
  private final Map<IpVersion, List<BigInteger>> cuts = new EnumMap<>(IpVersion.class);
  /** Per version, the CIDR class of each elementary interval (by its index in the cuts). */
  private final Map<IpVersion, int[]> classOfInterval = new EnumMap<>(IpVersion.class);
  /** Per version, the first interval of each CIDR class (its start represents the class). */
  private final Map<IpVersion, List<Integer>> firstInterval = new EnumMap<>(IpVersion.class);
  final List<PortRange> dstPortClasses;
  final List<PortRange> srcPortClasses;

  TableLayout(List<Group> groupSet, Direction direction) {
    List<Group> sorted = new ArrayList<>(groupSet);
    sorted.sort(Comparator.comparing(Group::name));
    this.groups = List.copyOf(sorted);
    this.direction = direction;
    List<Rule> rs = new ArrayList<>();
    TreeSet<String> members = new TreeSet<>();
    for (Group g : groups) {
      for (Rule r : g.rules()) {
        if (r.direction() == direction) {
          rs.add(r);
          if (r.peer() instanceof Peer.GroupPeer gp) {
            members.add(gp.group());
          }
        }
      }
      if (direction == Direction.INGRESS && g.type() == GroupType.BASIC
          && g.policy() == Policy.INTERCONNECTED) {
        members.add(g.name());
      }
    }
    this.rules = List.copyOf(rs);
    GroupType type = groups.isEmpty() ? GroupType.BASIC : groups.get(0).type();
    this.defaultAllows = direction == Direction.EGRESS && type == GroupType.BASIC;
    this.memberships = List.copyOf(members);
    for (IpVersion v : IpVersion.values()) {
      layOut(v);
    }
    TreeSet<Integer> dst = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX + 1));
    TreeSet<Integer> src = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX + 1));
    for (Rule r : rules) {
      dst.add(r.dstPorts().low());
      dst.add(r.dstPorts().high() + 1);
      src.add(r.srcPorts().low());
      src.add(r.srcPorts().high() + 1);
    }
    this.dstPortClasses = ranges(dst);
    this.srcPortClasses = ranges(src);
  }

  private static List<PortRange> ranges(TreeSet<Integer> cuts) {
    List<Integer> c = new ArrayList<>(cuts);
    List<PortRange> out = new ArrayList<>();
    for (int i = 0; i + 1 < c.size(); i++) {
      out.add(new PortRange(c.get(i), c.get(i + 1) - 1));
    }
    return List.copyOf(out);
  }

  private void layOut(IpVersion v) {
    TreeSet<Cidr> distinct = new TreeSet<>();
    for (Rule r : rules) {
      if (r.peer() instanceof Peer.CidrPeer c && c.cidr().version() == v) {
        distinct.add(c.cidr());
      }
    }
    List<Cidr> cidrs = new ArrayList<>(distinct);
    TreeSet<BigInteger> points = new TreeSet<>(List.of(BigInteger.ZERO));
    for (Cidr c : cidrs) {
      points.add(c.first().value());
      BigInteger after = c.last().value().add(BigInteger.ONE);
      if (after.compareTo(v.max()) <= 0) {
        points.add(after);
      }
    }
    List<BigInteger> starts = List.copyOf(points);
    int[] classes = new int[starts.size()];
    Map<BitSet, Integer> ids = new HashMap<>();
    List<Integer> first = new ArrayList<>();
    BigInteger[] firsts = new BigInteger[cidrs.size()];
    BigInteger[] lasts = new BigInteger[cidrs.size()];
    for (int k = 0; k < cidrs.size(); k++) {
      firsts[k] = cidrs.get(k).first().value();
      lasts[k] = cidrs.get(k).last().value();
    }
    for (int i = 0; i < starts.size(); i++) {
      BigInteger a = starts.get(i);
      BitSet sig = new BitSet(cidrs.size());
      for (int k = 0; k < cidrs.size(); k++) {
        if (firsts[k].compareTo(a) <= 0 && a.compareTo(lasts[k]) <= 0) {
          sig.set(k);
        }
      }
      Integer id = ids.get(sig);
      if (id == null) {
        id = first.size();
        ids.put(sig, id);
        first.add(i);
      }
      classes[i] = id;
    }
    cuts.put(v, starts);
    classOfInterval.put(v, classes);
    firstInterval.put(v, List.copyOf(first));
  }

  List<BigInteger> cuts(IpVersion v) {
    return cuts.get(v);
  }

  /** The index of the elementary interval that holds the address. */
  int interval(IpAddress a) {
    List<BigInteger> c = cuts.get(a.version());
    int i = Collections.binarySearch(c, a.value());
    return i >= 0 ? i : -i - 2;
  }

  /** The last address of an elementary interval. */
  BigInteger intervalEnd(IpVersion v, int interval) {
    List<BigInteger> c = cuts.get(v);
    return interval + 1 < c.size() ? c.get(interval + 1).subtract(BigInteger.ONE) : v.max();
  }

  DecisionTable.PeerClass peerClass(IpAddress peer, List<String> ownerGroups) {
    int cidrClass = classOfInterval.get(peer.version())[interval(peer)];
    long[] bits = new long[(memberships.size() + 63) >>> 6];
    for (String g : ownerGroups) {
      int i = Collections.binarySearch(memberships, g);
      if (i >= 0) {
        bits[i >>> 6] |= 1L << (i & 63);
      }
    }
    return new DecisionTable.PeerClass(peer.version(), cidrClass, bits);
  }

  /** How many CIDR classes the version has. */
  int cidrClasses(IpVersion v) {
    return firstInterval.get(v).size();
  }

  /** The index of a group among {@link #memberships}, or a negative number. */
  int membership(String group) {
    return Collections.binarySearch(memberships, group);
  }

  /** An address of the CIDR class (the start of its first interval). */
  IpAddress representative(IpVersion v, int cidrClass) {
    return IpAddress.of(v, cuts.get(v).get(firstInterval.get(v).get(cidrClass)));
  }

  /** The groups of {@link #memberships} a peer of the class is in. */
  List<String> memberGroups(DecisionTable.PeerClass p) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < memberships.size(); i++) {
      if (p.member(i)) {
        out.add(memberships.get(i));
      }
    }
    return out;
  }
}

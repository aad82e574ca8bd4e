package dev.sgproof.engines.classsearch;

import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.SortedNumbers;
import dev.sgproof.query.Classes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The address classes of one endpoint that have one IP version, sorted by address: what a
 * decision bit set is indexed by.
 */
final class Universe {
  final int size;
  final BigInteger[] low;
  /** For IPv4, {@link #low} as longs (binary searches without BigInteger); else null. */
  private final long[] low4;
  /** The position of the class in the endpoint's canonical order. */
  final int[] rank;
  final Classes.AddressClass[] cls;
  /** The owner, or null for an external class. */
  final Nic[] nic;
  /** The owner's group set, or -1. */
  final int[] set;
  final BitSet external = new BitSet();
  final BitSet all = new BitSet();
  /**
   * Positions by group set id and by NIC, ascending (arrays, not bit sets: with thousands of
   * sets or NICs of a few addresses each, bit sets as long as the universe cost memory).
   */
  final Map<Integer, int[]> bySet;
  final Map<Nic, int[]> byNic;
  /** The classes each peer matches, by peer number, computed on first use. */
  private final BitSet[] peerBits;
  private final NetworkIndex prep;

  Universe(List<Classes.AddressClass> canonical, IpVersion v, Network n, NetworkIndex p) {
    this.prep = p;
    this.peerBits = new BitSet[p.peers.size()];
    List<Integer> picked = new ArrayList<>();
    for (int i = 0; i < canonical.size(); i++) {
      if (canonical.get(i).low().version() == v) {
        picked.add(i);
      }
    }
    picked.sort(Comparator.comparing(i -> canonical.get(i).low().value()));
    size = picked.size();
    low = new BigInteger[size];
    rank = new int[size];
    cls = new Classes.AddressClass[size];
    nic = new Nic[size];
    set = new int[size];
    Map<Integer, Positions> setPositions = new HashMap<>();
    Map<Nic, Positions> nicPositions = new IdentityHashMap<>();
    for (int k = 0; k < size; k++) {
      int i = picked.get(k);
      Classes.AddressClass c = canonical.get(i);
      rank[k] = i;
      cls[k] = c;
      low[k] = c.low().value();
      all.set(k);
      Nic owner = c.nic() ? n.owner(c.representative()).orElse(null) : null;
      nic[k] = owner;
      if (owner == null) {
        set[k] = -1;
        external.set(k);
      } else {
        set[k] = p.setOf.get(owner);
        setPositions.computeIfAbsent(set[k], x -> new Positions()).add(k);
        nicPositions.computeIfAbsent(owner, x -> new Positions()).add(k);
      }
    }
    bySet = new HashMap<>();
    setPositions.forEach((id, ps) -> bySet.put(id, ps.toArray()));
    setsHere = new BitSet();
    bySet.keySet().forEach(setsHere::set);
    if (v == IpVersion.V4) {
      low4 = new long[size];
      for (int k = 0; k < size; k++) {
        low4[k] = low[k].longValue();
      }
    } else {
      low4 = null;
    }
    byNic = new IdentityHashMap<>();
    nicPositions.forEach((owner, ps) -> byNic.put(owner, ps.toArray()));
  }

  /** The index of the network this universe belongs to. */
  NetworkIndex index() {
    return prep;
  }

  /** The classes a rule peer (or the members of a group) matches, by peer number. */
  BitSet peer(int id, IpVersion v, Network n) {
    BitSet b = peerBits[id];
    if (b != null) {
      return b;
    }
    Peer peer = prep.peers.get(id);
    // Grown as bits are set: most peers match a few classes of a big universe, or none.
    b = new BitSet();
    if (peer instanceof Peer.CidrPeer c) {
      if (c.cidr().version() == v) {
        int from = firstAtOrAfter(c.cidr().first().value());
        int to = firstAfter(c.cidr().last().value());
        b.set(from, to);
      }
    } else {
      for (Nic m : n.members(((Peer.GroupPeer) peer).group())) {
        int[] own = byNic.get(m);
        if (own != null) {
          for (int k : own) {
            b.set(k);
          }
        }
      }
    }
    peerBits[id] = b;
    return b;
  }

  /** The address cells of the positions, for the violations' diagrams (made on first use). */
  dev.sgproof.flows.FlowSpace.Cells cells;

  /** The group sets of the NICs of this universe ({@link #touches}). */
  private final BitSet setsHere;

  /**
   * Whether the peer matches some class of this universe ({@code !peer(id, v, n).isEmpty()}),
   * without building its set: most rule peers of a group set match nothing of a small universe.
   */
  boolean touches(int id, IpVersion v, Network n) {
    BitSet b = peerBits[id];
    if (b != null) {
      return !b.isEmpty();
    }
    // Remembered per peer: the rules of many group sets share a few peers.
    if (touched == null) {
      touched = new byte[peerBits.length];
    }
    if (touched[id] == 0) {
      touched[id] = (byte) (touchesAfresh(id, v) ? 1 : 2);
    }
    return touched[id] == 1;
  }

  /** {@link #touches} by peer number: 0 not known yet, 1 yes, 2 no. */
  private byte[] touched;

  /**
   * A CIDR touches the universe when some class starts inside it ({@link #peer} sets the
   * positions from the first that starts at or after its first address to the last that starts
   * at or before its last): one binary search, in longs for IPv4. A group touches it when one of
   * the group sets of the NICs here has the group (a set bit per set, not the names of every
   * NIC's groups: a universe of thousands of NICs is built per assertion when not kept).
   */
  private boolean touchesAfresh(int id, IpVersion v) {
    Peer peer = prep.peers.get(id);
    if (peer instanceof Peer.CidrPeer c) {
      if (c.cidr().version() != v) {
        return false;
      }
      BigInteger first = c.cidr().first().value();
      int i = firstAtOrAfter(first);
      if (i >= size) {
        return false;
      }
      return low4 != null ? low4[i] <= c.cidr().last().value().longValue()
          : low[i].compareTo(c.cidr().last().value()) <= 0;
    }
    return prep.setsWithGroup(((Peer.GroupPeer) peer).group()).intersects(setsHere);
  }

  /** The first position whose class starts at or after the value. */
  private int firstAtOrAfter(BigInteger value) {
    if (low4 == null) {
      return SortedNumbers.lowerBound(low, size, value);
    }
    return firstAbove(low4, value.longValue() - 1);
  }

  /** The first position whose class starts after the value. */
  private int firstAfter(BigInteger value) {
    if (low4 == null) {
      return SortedNumbers.lowerBound(low, size, value.add(BigInteger.ONE));
    }
    return firstAbove(low4, value.longValue());
  }

  /** The first index of the ascending longs whose value is above {@code value}. */
  private static int firstAbove(long[] values, long value) {
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Ascending positions, collected one by one. */
  private static final class Positions {
    private int[] a = new int[2];
    private int n;

    void add(int k) {
      if (n == a.length) {
        a = Arrays.copyOf(a, 2 * n);
      }
      a[n++] = k;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}

package dev.sgproof.engines.classsearch;

import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.SortedNumbers;
import dev.sgproof.query.Classes;
import java.math.BigInteger;
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
    int[] picked = new int[canonical.size()];
    int count = 0;
    for (int i = 0; i < canonical.size(); i++) {
      if (canonical.get(i).low().version() == v) {
        picked[count++] = i;
      }
    }
    // By first address (classes are disjoint: no ties). IPv4 as longs, (address, index) in one
    // each: sorting boxed indexes by BigInteger was a sixth of building a universe.
    if (v == IpVersion.V4) {
      long[] keys = new long[count];
      for (int j = 0; j < count; j++) {
        keys[j] = canonical.get(picked[j]).low().value().longValue() << 31 | picked[j];
      }
      Arrays.sort(keys);
      for (int j = 0; j < count; j++) {
        picked[j] = (int) (keys[j] & Integer.MAX_VALUE);
      }
    } else {
      Integer[] boxed = new Integer[count];
      for (int j = 0; j < count; j++) {
        boxed[j] = picked[j];
      }
      Arrays.sort(boxed, Comparator.comparing(i -> canonical.get(i).low().value()));
      for (int j = 0; j < count; j++) {
        picked[j] = boxed[j];
      }
    }
    size = count;
    low = new BigInteger[size];
    rank = new int[size];
    cls = new Classes.AddressClass[size];
    nic = new Nic[size];
    set = new int[size];
    Map<Integer, Positions> setPositions = new HashMap<>();
    // A NIC has a position per address here (one or a few), made straight into the map, which
    // is sized for every position up front: collecting them first and copying them into a
    // second map, grown as it went, was a quarter of building a universe of thousands of NICs.
    Map<Nic, int[]> nicAt = new IdentityHashMap<>(size);
    for (int k = 0; k < size; k++) {
      int i = picked[k];
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
        int[] had = nicAt.get(owner);
        if (had == null) {
          nicAt.put(owner, new int[] {k});
        } else {
          int[] more = Arrays.copyOf(had, had.length + 1);
          more[had.length] = k;
          nicAt.put(owner, more);
        }
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
    peerWords = size <= 64 ? new long[peerBits.length] : null;
    byNic = nicAt;
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
    // Grown as bits are set: most peers match a few classes of a big universe, or none. From the
    // peer's addresses the index unpacked once (a CIDR's last address is computed anew on each
    // call), and a group's members as the positions of the group sets here that have the group.
    b = new BitSet();
    int version = prep.peerVersion(id);
    if (version == 0) {
      BitSet sets = prep.peerSets(id);
      for (int g = sets.nextSetBit(0); g >= 0; g = sets.nextSetBit(g + 1)) {
        if (setsHere.get(g)) {
          for (int k : bySet.get(g)) {
            b.set(k);
          }
        }
      }
    } else if (version == (v == IpVersion.V4 ? 4 : 6)) {
      if (low4 != null) {
        b.set(firstAbove(low4, prep.peerFirst(id) - 1), firstAbove(low4, prep.peerLast(id)));
      } else {
        b.set(SortedNumbers.lowerBound(low, size, prep.peerFirstBig(id)),
            SortedNumbers.lowerBound(low, size, prep.peerLastBig(id).add(BigInteger.ONE)));
      }
    }
    peerBits[id] = b;
    if (peerWords != null) {
      long[] words = b.toLongArray();
      peerWords[id] = words.length == 0 ? 0L : words[0];
    }
    return b;
  }

  /**
   * {@link #peerBits} as words, in a universe of at most 64 classes (else null): each set when
   * its bit set is made.
   */
  private final long[] peerWords;

  /** The classes a peer matches as one word (a universe of at most 64 classes). */
  long peerWord(int id, IpVersion v, Network n) {
    if (peerBits[id] == null) {
      peer(id, v, n);
    }
    return peerWords[id];
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
   * at or before its last): one binary search, in longs for IPv4, on the peer's addresses the
   * index unpacked once (its last address is computed anew on each call). A group touches it when
   * one of the group sets of the NICs here has the group (a set bit per set, not the names of
   * every NIC's groups: a universe of thousands of NICs is built per assertion when not kept).
   */
  private boolean touchesAfresh(int id, IpVersion v) {
    int version = prep.peerVersion(id);
    if (version == 0) {
      return prep.peerSets(id).intersects(setsHere);
    }
    if (version != (v == IpVersion.V4 ? 4 : 6)) {
      return false;
    }
    if (low4 != null) {
      int i = firstAbove(low4, prep.peerFirst(id) - 1);
      return i < size && low4[i] <= prep.peerLast(id);
    }
    int i = SortedNumbers.lowerBound(low, size, prep.peerFirstBig(id));
    return i < size && low[i].compareTo(prep.peerLastBig(id)) <= 0;
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

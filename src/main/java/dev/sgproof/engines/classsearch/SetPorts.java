package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.model.RuleTraffic;
import dev.sgproof.query.Classes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One group set's rules of one direction over the network's protocol-and-ports combinations
 * ({@link NetworkIndex#combination}): the rules that match each combination (section 3), as a
 * mask over all the set's rules of the direction, and the combinations with the same mask put in
 * one cell. Made once per network (on first use): the searches of every obligation read it, and
 * narrow a cell's mask to their live rules ({@link Ends.SetCells}) instead of matching each
 * combination's protocol and ports against the rules again.
 */
final class SetPorts {
  /** The cell of each network combination, by its index. */
  final int[] cellOf;
  /** The mask of each cell: bit {@code i} for rule {@code i} of the set's rules. */
  final long[][] masks;

  /** The group set's id. */
  private final int set;

  SetPorts(int set, Rule[] rules, int[] dstCuts, int[] srcCuts) {
    this.set = set;
    int words = (rules.length + 63) >>> 6;
    RuleTraffic traffic = new RuleTraffic(rules);
    List<Integer> protocols = Classes.PROTOCOLS;
    // The rules that match each protocol class, destination port class and source port class
    // (a port class by its first port: every rule's ranges are unions of the network's classes).
    long[][] byProtocol = new long[protocols.size()][words];
    for (int k = 0; k < protocols.size(); k++) {
      for (int i = 0; i < rules.length; i++) {
        if (traffic.matchesProtocol(i, protocols.get(k))) {
          byProtocol[k][i >>> 6] |= 1L << i;
        }
      }
    }
    int dn = dstCuts.length - 1;
    int sn = srcCuts.length - 1;
    long[][] byDst = new long[dn][words];
    for (int j = 0; j < dn; j++) {
      for (int i = 0; i < rules.length; i++) {
        if (traffic.dstPortsHold(i, dstCuts[j])) {
          byDst[j][i >>> 6] |= 1L << i;
        }
      }
    }
    long[][] bySrc = new long[sn][words];
    for (int j = 0; j < sn; j++) {
      for (int i = 0; i < rules.length; i++) {
        if (traffic.srcPortsHold(i, srcCuts[j])) {
          bySrc[j][i >>> 6] |= 1L << i;
        }
      }
    }
    int size = NetworkIndex.combinations(dstCuts, srcCuts);
    cellOf = new int[size];
    Interned cells = new Interned();
    for (int k = 0; k < protocols.size(); k++) {
      int protocol = protocols.get(k);
      if (!Protocols.hasPorts(protocol)) {
        cellOf[k] = cells.add(byProtocol[k].clone());
        continue;
      }
      int ported = protocol == Protocols.TCP ? 0 : 1;
      for (int d = 0; d < dn; d++) {
        for (int s = 0; s < sn; s++) {
          long[] m = new long[words];
          for (int w = 0; w < words; w++) {
            m[w] = byProtocol[k][w] & byDst[d][w] & bySrc[s][w];
          }
          cellOf[protocols.size() + (ported * dn + d) * sn + s] = cells.add(m);
        }
      }
    }
    masks = cells.masks.toArray(long[][]::new);
  }

  /**
   * The cells narrowed to some live rules, by those rules (a mask over the set's rules): searches
   * whose other end is touched by the same peers of the set have the same live rules here, and
   * so the same cells (made once, not once per search).
   */
  private final java.util.Map<Interned.Mask, Narrowed> narrowed = new java.util.HashMap<>();

  /**
   * The cells of {@link #masks} narrowed to the live rules {@code live} (a mask over the set's
   * rules; the caller's to keep unchanged).
   */
  Narrowed narrowed(long[] live) {
    Interned.Mask k = new Interned.Mask(live);
    Narrowed out = narrowed.get(k);
    if (out == null) {
      out = new Narrowed(set, masks, live);
      narrowed.put(k, out);
    }
    return out;
  }

  /**
   * The combinations that match the same live rules of the set: the cell of each cell of the
   * set's rules, and each cell's mask over the live rules (bit {@code i} for the {@code i}-th live
   * rule) in its decision's key.
   */
  static final class Narrowed {
    final int[] cellOf;
    final Decision.Key[] keys;

    Narrowed(int set, long[][] all, long[] live) {
      Interned cells = new Interned();
      cellOf = new int[all.length];
      for (int c = 0; c < all.length; c++) {
        long[] mine = new long[live.length];
        for (int w = 0; w < live.length; w++) {
          mine[w] = all[c][w] & live[w];
        }
        cellOf[c] = cells.add(mine);
      }
      // Each live rule's place among the live rules: the live rules below it.
      int count = 0;
      for (long w : live) {
        count += Long.bitCount(w);
      }
      keys = new Decision.Key[cells.masks.size()];
      for (int k = 0; k < keys.length; k++) {
        long[] mine = cells.masks.get(k);
        long[] mask = new long[(count + 63) >>> 6];
        int i = 0;
        for (int w = 0; w < live.length; w++) {
          for (long bits = live[w]; bits != 0; bits &= bits - 1, i++) {
            if ((mine[w] & Long.lowestOneBit(bits)) != 0) {
              mask[i >>> 6] |= 1L << i;
            }
          }
        }
        keys[k] = new Decision.Key(set, mask);
      }
    }

    /** The cells by key, for many cells (made on first use). */
    private java.util.Map<Decision.Key, Integer> byKey;

    /** The cell whose key is {@code k}, or -1. */
    int cellOf(Decision.Key k) {
      if (keys.length <= 16) {
        for (int cell = 0; cell < keys.length; cell++) {
          if (keys[cell].equals(k)) {
            return cell;
          }
        }
        return -1;
      }
      if (byKey == null) {
        byKey = new java.util.HashMap<>();
        for (int cell = 0; cell < keys.length; cell++) {
          byKey.put(keys[cell], cell);
        }
      }
      return byKey.getOrDefault(k, -1);
    }
  }

  /** Distinct masks numbered in the order first seen (an open-addressing table of their ids). */
  private static final class Interned {
    final List<long[]> masks = new ArrayList<>();
    private int[] slots = new int[64];

    int add(long[] m) {
      if (2 * masks.size() >= slots.length) {
        grow();
      }
      for (int i = slot(m); ; i = (i + 1) & (slots.length - 1)) {
        int id = slots[i] - 1;
        if (id < 0) {
          masks.add(m);
          slots[i] = masks.size();
          return masks.size() - 1;
        }
        if (Arrays.equals(masks.get(id), m)) {
          return id;
        }
      }
    }

    private int slot(long[] m) {
      return hash(m) & (slots.length - 1);
    }

    static int hash(long[] m) {
      long h = m.length;
      for (long w : m) {
        h = (h ^ w) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
      }
      return (int) (h ^ (h >>> 32));
    }

    /** A mask as a map key. */
    record Mask(long[] words) {
      @Override
      public boolean equals(Object o) {
        return o instanceof Mask k && Arrays.equals(k.words, words);
      }

      @Override
      public int hashCode() {
        return hash(words);
      }
    }

    private void grow() {
      slots = new int[2 * slots.length];
      for (int id = 0; id < masks.size(); id++) {
        int i = slot(masks.get(id));
        while (slots[i] != 0) {
          i = (i + 1) & (slots.length - 1);
        }
        slots[i] = id + 1;
      }
    }
  }
}

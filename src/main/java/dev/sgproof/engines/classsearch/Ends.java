package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Direction;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import java.util.HashMap;
import java.util.Map;

/** The sources and destinations of one IP version, with decision caches. */
final class Ends {
  final Universe src;
  final Universe dst;
  /**
   * Decisions by (group set, matching rules left), of the searches that keep only some rules
   * (with every rule kept, decisions are those of the cells, {@link SetCells}).
   */
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

  /** No position (a mark: {@link SetCells#notFlows} found none). */
  private static final java.util.BitSet NONE = new java.util.BitSet();

  /** The cells of each group set's live rules by direction, by set id (made on first use). */
  private SetCells[] ingressCells;
  private SetCells[] egressCells;

  /**
   * The decision with key {@code k} of the cells of group set {@code g} in direction {@code d}
   * ({@link SetCells#decisionOf}), when those were made; else null.
   */
  Decision cellDecision(GroupSet g, Direction d, Decision.Key k) {
    SetCells[] all = d == Direction.INGRESS ? ingressCells : egressCells;
    SetCells c = all == null ? null : all[g.id];
    return c == null ? null : c.decisionOf(k);
  }

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
      c = new SetCells(p, g, d, v, n);
      all[g.id] = c;
    }
    return c;
  }

  /**
   * One group set's live rules of one direction cut the network's protocol-and-ports
   * combinations ({@link NetworkIndex#combination}) into cells: the combinations that match the
   * same live rules (section 3), so have the same mask and decision. With every rule kept, each
   * cell's decision is found once ({@link Combination}), not once per combination. The cells
   * are those of the set's rules ({@link SetPorts}, made once per network) narrowed to the live
   * rules here ({@link SetPorts#narrowed}, shared by the searches with the same live rules at the
   * set): no rule is matched against a protocol and ports per search.
   */
  final class SetCells {
    private final GroupSet g;
    private final Direction d;
    private final IpVersion v;
    private final Network n;
    private final SetPorts ports;
    private final SetPorts.Narrowed cells;
    final LiveRules live;
    /** The decision of each cell, null until found. */
    private final Decision[] decisions;
    /** {@link Ends#notFlows} of the set when tracking, made with the first decision. */
    private java.util.BitSet notFlows;

    private SetCells(NetworkIndex p, GroupSet g, Direction d, IpVersion v, Network n) {
      this.g = g;
      this.d = d;
      this.v = v;
      this.n = n;
      this.live = live(g, d, v, n);
      boolean in = d == Direction.INGRESS;
      this.ports = p.ports(g, in);
      long[] liveOfAll = new long[((in ? g.ingress : g.egress).length + 63) >>> 6];
      for (int i : live.at) {
        liveOfAll[i >>> 6] |= 1L << i;
      }
      this.cells = ports.narrowed(liveOfAll);
      this.decisions = new Decision[cells.keys.length];
    }

    /** The cell of a network combination ({@link NetworkIndex#combination}). */
    int cell(int combination) {
      return cells.cellOf[ports.cellOf[combination]];
    }

    /**
     * {@link #cell} of each of the first {@code count} of {@code combinations}, into {@code
     * out[y][i]} for the {@code y}-th.
     */
    void cells(int[] combinations, int count, int[][] out, int i) {
      int[] narrowed = cells.cellOf;
      int[] of = ports.cellOf;
      for (int y = 0; y < count; y++) {
        out[y][i] = narrowed[of[combinations[y]]];
      }
    }

    Decision.Key key(int cell) {
      return cells.keys[cell];
    }

    /** The decision of the cell whose key is {@code k}, found on first use; null for none. */
    Decision decisionOf(Decision.Key k) {
      int cell = cells.cellOf(k);
      return cell < 0 ? null : decision(cell);
    }

    /** The hash of each cell's allowed set, once found (where {@link #hashed}). */
    private int[] allowedHashes;
    private boolean[] hashed;

    /** The hash of the allowed set of a cell's decision, computed once per cell. */
    int allowedHash(int cell) {
      if (hashed == null) {
        hashed = new boolean[decisions.length];
        allowedHashes = new int[decisions.length];
      }
      if (!hashed[cell]) {
        allowedHashes[cell] = decision(cell).allowed().hashCode();
        hashed[cell] = true;
      }
      return allowedHashes[cell];
    }

    /** The decision of a cell, found on first use. */
    Decision decision(int cell) {
      Decision decision = decisions[cell];
      if (decision == null) {
        // Not in the decisions by key ({@link Ends#ingress}): no two cells here have one key,
        // and the searches that keep fewer rules look here too ({@link #decisionOf}).
        boolean in = d == Direction.INGRESS;
        src.index().masksMatched++;
        if (tracking && notFlows == null) {
          notFlows = notFlows(g.id, in);
          if (notFlows == null) {
            notFlows = NONE;
          }
        }
        decision = Decision.of(live, live.select(cells.keys[cell].mask()), in ? src : dst, v, n,
            g, d, mods, tracking, notFlows == NONE ? null : notFlows);
        decisions[cell] = decision;
      }
      return decision;
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

  /**
   * Where {@link #newLive} gathers a set's live rules before copying them at their number: a
   * quarter of the rules are live on average, and three arrays as long as all of them, made for
   * every set of every obligation's ends, were a sixth of what a {@code --quiet} run of the
   * account preset allocated (168 of 718 MB, by allocation sampling).
   */
  private Rule[] out = new Rule[0];
  private int[] outPeers = new int[0];
  private int[] at = new int[0];

  private LiveRules newLive(GroupSet g, boolean in, IpVersion v, Network n) {
    Universe other = in ? src : dst;
    Rule[] rules = in ? g.ingress : g.egress;
    int[] peers = in ? g.ingressPeer : g.egressPeer;
    if (out.length < rules.length) {
      int size = Math.max(rules.length, 2 * out.length);
      out = new Rule[size];
      outPeers = new int[size];
      at = new int[size];
    }
    int k = 0;
    for (int i = 0; i < rules.length; i++) {
      if ((mods.kept() == null || mods.kept().contains(rules[i]))
          && other.touches(peers[i], v, n)) {
        out[k] = rules[i];
        at[k] = i;
        outPeers[k++] = peers[i];
      }
    }
    other.index().liveRulesMade += k;
    return new LiveRules(java.util.Arrays.copyOf(out, k), java.util.Arrays.copyOf(outPeers, k),
        java.util.Arrays.copyOf(at, k), tracking);
  }
}

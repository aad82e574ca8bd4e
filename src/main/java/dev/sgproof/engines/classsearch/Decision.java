package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One group set's decision in one direction for one protocol-and-ports combination: a bit set
 * over the classes of the other end (set: allowed), and the rules that decide some class of it
 * (null when not tracked). Decisions are cached by {@link Key}.
 */
record Decision(BitSet allowed, Rule[] deciding) {

  /**
   * A group set and the mask of its live rules that match: what a decision depends on. A mask of
   * one word (at most 64 live rules, nearly every one) is held as that word, not an array: the
   * keys of the cells narrowed for earlier searches are kept for later ones ({@link
   * SetPorts#narrowed}), millions of them on the account preset with a group set per NIC, and
   * their arrays were a fifth of what its JSON run's collections kept.
   */
  static final class Key {
    private final int set;
    /** The mask when it is one word ({@code more} null). */
    private final long word;
    /** The mask when it is not one word. */
    private final long[] more;

    Key(int set, long[] mask) {
      this.set = set;
      this.word = mask.length == 1 ? mask[0] : 0;
      this.more = mask.length == 1 ? null : mask.clone();
    }

    int set() {
      return set;
    }

    /** The mask (a fresh array). */
    long[] mask() {
      return more == null ? new long[] {word} : more.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.set == set && k.word == word && Arrays.equals(k.more, more);
    }

    /**
     * Mixed, not {@link Arrays#hashCode(long[])}: masks of one rule each (one bit in one word)
     * hash to few distinct buckets that way, and the decision maps of a proof over many rules
     * then walk long buckets on every lookup.
     */
    @Override
    public int hashCode() {
      long h = set;
      if (more == null) {
        h = (h ^ word) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
      } else {
        for (long w : more) {
          h = (h ^ w) * 0x9E3779B97F4A7C15L;
          h ^= h >>> 29;
        }
      }
      return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
      return "Key[set=" + set + ", mask=" + Arrays.toString(mask()) + "]";
    }
  }

  /**
   * The decision of one group set's matching rules over every class of the other end (section 4),
   * then the intra-group allow (ingress, section 5) or the default (egress, section 6). When
   * {@code tracking}, the rules that decide some flow are noted: a deny that matches a class no
   * earlier priority decided, an allow that matches such a class that no deny of its own priority
   * matches, where the class is not taken by the intra-group allow (which comes first) and is not
   * in {@code notFlows} (the other end's addresses of the one NIC this group set has on this end,
   * when it has one: a NIC talking to itself is not a flow).
   */
  static Decision of(LiveRules live, int[] matching, Universe other, IpVersion v, Network n,
      GroupSet g, Direction d, NetworkChanges mods, boolean tracking, BitSet notFlows) {
    return other.size <= 64 ? ofWord(live, matching, other, v, n, g, d, mods, tracking, notFlows)
        : ofSets(live, matching, other, v, n, g, d, mods, tracking, notFlows);
  }

  /** {@link #of} in bit sets, over a universe of any size. */
  static Decision ofSets(LiveRules live, int[] matching, Universe other, IpVersion v, Network n,
      GroupSet g, Direction d, NetworkChanges mods, boolean tracking, BitSet notFlows) {
    List<Rule> deciding = tracking ? new ArrayList<>() : null;
    // Bit sets grow as bits are set (none is sized to the universe up front), and one pair of
    // them serves every priority level: over 100,000 classes and thousands of group sets, sets of
    // the universe's size for every level were most of the allocation and of the time in GC.
    // Only the decision itself is new: the sets used on the way are the index's scratch, cleared
    // (they grow once per thread, not once per decision: tracked decisions made six per call).
    BitSet[] scratch = other.index().decisionScratch;
    BitSet allowed = new BitSet();
    BitSet decided = cleared(scratch[0]);
    // What no rule can decide here: the intra-group allow's classes (ingress), and non-flows.
    BitSet taken = tracking ? cleared(scratch[1]) : null;
    if (tracking) {
      if (d == Direction.INGRESS) {
        for (int k = 0; k < g.interconnected.length; k++) {
          if (!g.interconnectedNames[k].equals(mods.isolated())) {
            taken.or(other.peer(g.interconnected[k], v, n));
          }
        }
      }
      if (notFlows != null) {
        taken.or(notFlows);
      }
    }
    // Catch-all rules of a variant: every class, at priority 110 (with the legacy rules).
    boolean catchAll = mods.catchAll() != null && mods.catchAll().direction == d
        && mods.catchAll().applies(g.basic ? GroupType.BASIC : GroupType.ADVANCED);
    BitSet allow = cleared(scratch[2]);
    BitSet deny = cleared(scratch[3]);
    int i = 0;
    while (i < matching.length || catchAll) {
      int priority = i < matching.length
          ? Math.min(live.rules[matching[i]].priority(), catchAll ? Rule.LEGACY_PRIORITY
              : Integer.MAX_VALUE)
          : Rule.LEGACY_PRIORITY;
      int first = i;
      allow.clear();
      deny.clear();
      for (; i < matching.length && live.rules[matching[i]].priority() == priority; i++) {
        Rule r = live.rules[matching[i]];
        (r.action() == Action.ALLOW ? allow : deny).or(other.peer(live.peer[matching[i]], v, n));
      }
      if (catchAll && priority == Rule.LEGACY_PRIORITY) {
        (mods.catchAll().action == Action.ALLOW ? allow : deny).or(other.all);
        catchAll = false;
      }
      if (deciding != null) {
        BitSet open = cleared(scratch[4]);
        open.or(other.all);
        open.andNot(decided);
        open.andNot(taken);
        BitSet openToAllow = cleared(scratch[5]);
        openToAllow.or(open);
        openToAllow.andNot(deny);
        for (int j = first; j < i; j++) {
          Rule r = live.rules[matching[j]];
          BitSet mine = other.peer(live.peer[matching[j]], v, n);
          if (mine.intersects(r.action() == Action.ALLOW ? openToAllow : open)) {
            deciding.add(r);
          }
        }
      }
      // In place: allow becomes the wins (allowed, not denied at this level, not decided
      // before); decided takes the wins and the denials, which is decided | allow | deny.
      allow.andNot(deny);
      allow.andNot(decided);
      allowed.or(allow);
      decided.or(allow);
      decided.or(deny);
      other.index().rulesApplied += i - first;
      if (decided.nextClearBit(0) >= other.size) {
        // Every class is decided: no later rule (nor the catch-all, which takes only undecided
        // classes) can allow or decide one.
        break;
      }
    }
    if (d == Direction.INGRESS) {
      for (int k = 0; k < g.interconnected.length; k++) {
        if (!g.interconnectedNames[k].equals(mods.isolated())) {
          allowed.or(other.peer(g.interconnected[k], v, n));
        }
      }
    } else if (g.basic) {
      // What no rule decided (decided is not needed after this, so it is flipped in place).
      decided.flip(0, other.size);
      allowed.or(decided);
    }
    return new Decision(allowed, tracking ? deciding.toArray(Rule[]::new) : null);
  }

  /**
   * {@link #of} over a universe of at most 64 classes, each bit set in one word ({@link
   * Universe#peerWord}): the same steps, the same bits, the same deciding rules in the same order
   * (most searches have such an end, and make a decision for every cell of every group set of the
   * other end).
   */
  static Decision ofWord(LiveRules live, int[] matching, Universe other, IpVersion v,
      Network n, GroupSet g, Direction d, NetworkChanges mods, boolean tracking,
      BitSet notFlows) {
    List<Rule> deciding = tracking ? new ArrayList<>() : null;
    long all = other.size == 64 ? -1L : (1L << other.size) - 1;
    long allowed = 0;
    long decided = 0;
    long taken = 0;
    if (tracking) {
      if (d == Direction.INGRESS) {
        for (int k = 0; k < g.interconnected.length; k++) {
          if (!g.interconnectedNames[k].equals(mods.isolated())) {
            taken |= other.peerWord(g.interconnected[k], v, n);
          }
        }
      }
      if (notFlows != null) {
        long[] words = notFlows.toLongArray();
        taken |= words.length == 0 ? 0L : words[0];
      }
    }
    boolean catchAll = mods.catchAll() != null && mods.catchAll().direction == d
        && mods.catchAll().applies(g.basic ? GroupType.BASIC : GroupType.ADVANCED);
    int i = 0;
    while (i < matching.length || catchAll) {
      int priority = i < matching.length
          ? Math.min(live.rules[matching[i]].priority(), catchAll ? Rule.LEGACY_PRIORITY
              : Integer.MAX_VALUE)
          : Rule.LEGACY_PRIORITY;
      int first = i;
      long allow = 0;
      long deny = 0;
      for (; i < matching.length && live.rules[matching[i]].priority() == priority; i++) {
        long mine = other.peerWord(live.peer[matching[i]], v, n);
        if (live.rules[matching[i]].action() == Action.ALLOW) {
          allow |= mine;
        } else {
          deny |= mine;
        }
      }
      if (catchAll && priority == Rule.LEGACY_PRIORITY) {
        if (mods.catchAll().action == Action.ALLOW) {
          allow |= all;
        } else {
          deny |= all;
        }
        catchAll = false;
      }
      if (deciding != null) {
        long open = all & ~decided & ~taken;
        long openToAllow = open & ~deny;
        for (int j = first; j < i; j++) {
          Rule r = live.rules[matching[j]];
          long mine = other.peerWord(live.peer[matching[j]], v, n);
          if ((mine & (r.action() == Action.ALLOW ? openToAllow : open)) != 0) {
            deciding.add(r);
          }
        }
      }
      long wins = allow & ~deny & ~decided;
      allowed |= wins;
      decided |= wins | deny;
      other.index().rulesApplied += i - first;
      if ((decided & all) == all) {
        break;
      }
    }
    if (d == Direction.INGRESS) {
      for (int k = 0; k < g.interconnected.length; k++) {
        if (!g.interconnectedNames[k].equals(mods.isolated())) {
          allowed |= other.peerWord(g.interconnected[k], v, n);
        }
      }
    } else if (g.basic) {
      allowed |= all & ~decided;
    }
    return new Decision(BitSet.valueOf(new long[] {allowed}),
        tracking ? deciding.toArray(Rule[]::new) : null);
  }

  private static BitSet cleared(BitSet b) {
    b.clear();
    return b;
  }
}

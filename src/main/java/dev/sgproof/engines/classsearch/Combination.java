package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One protocol-and-ports combination on the ends of one IP version: the ingress decision of
 * every destination group set, the egress decision of every source group set, and the sources
 * and pairs that break an expectation under them.
 */
final class Combination {
  /** Both ends need more group sets than this for {@link #permittedPairs}. */
  static final int TRANSPOSE_ABOVE = 64;

  final Ends side;
  /** Ingress decision (over sources) by destination group set id (null for other sets). */
  final BitSet[] ingress;
  /** Egress decision (over destinations) by source group set id (null for other sets). */
  final BitSet[] egress;
  final List<Object> ingressKeys;
  final List<Object> egressKeys;
  /**
   * The decisions in the order of {@code places} (see the constructor), when kept ({@link
   * ObligationSearch#asIs}); else null.
   */
  Decision[] decisions;
  /**
   * The cells of the group sets a combination was made from, and its cell at each (null when it
   * was matched rule by rule): {@link #relationHash} reads them.
   */
  private final Ends.SetCells[] cells;
  private final int[] cell;
  private boolean hashed;
  private int relationHash;
  /** The combinations made with this one ({@link #ofCells}), whose relation hashes go together. */
  private Combination[] batch;

  /**
   * The decisions of every group set of the ends under the combination, from the cache of the
   * ends or computed; with only the {@code kept} rules (all when null); the rules that decide some
   * class added to {@code deciding} (when not null) once per decision ({@code used}).
   */
  Combination(NetworkIndex p, Network n, Ends side, IpVersion v, int protocol, int dport,
      int sport, Set<Rule> kept, Set<Rule> deciding, Set<Decision> used) {
    this(p, n, side, v, protocol, dport, sport, kept, deciding, used, null);
  }

  /**
   * As above, and each decision added to {@code places} (when not null) in a fixed order: ingress
   * by destination group set, then egress by source group set, so that a combination's decisions
   * have the same places in every search ({@link DependsOnSearch}).
   */
  Combination(NetworkIndex p, Network n, Ends side, IpVersion v, int protocol, int dport,
      int sport, Set<Rule> kept, Set<Rule> deciding, Set<Decision> used,
      List<Decision> places) {
    p.combinationsBuilt++;
    this.side = side;
    this.ingressKeys = new ArrayList<>(side.dstSets.length);
    this.egressKeys = new ArrayList<>(side.srcSets.length);
    this.cells = null;
    this.cell = null;
    // Indexed by set id, up to the largest of each end (not every set of the network: arrays of
    // a thousand sets per combination were a tenth of a JSON run's allocation).
    this.ingress = new BitSet[upTo(side.dstSets)];
    this.egress = new BitSet[upTo(side.srcSets)];
    // With every rule kept, each set's decision is that of the combination's cell of its live
    // rules (Ends.SetCells), found once per cell.
    int combination = kept == null ? p.combination(protocol, dport, sport) : -1;
    for (Direction d : List.of(Direction.INGRESS, Direction.EGRESS)) {
      boolean in = d == Direction.INGRESS;
      for (int id : in ? side.dstSets : side.srcSets) {
        GroupSet g = p.sets.get(id);
        Decision.Key k;
        Decision decision;
        if (combination >= 0) {
          Ends.SetCells cells = side.cells(p, g, d, v, n);
          int cell = cells.cell(combination);
          k = cells.key(cell);
          decision = cells.decision(cell);
        } else {
          LiveRules live = side.live(g, d, v, n);
          long[] mask = live.mask(protocol, dport, sport);
          p.masksMatched++;
          live.keepOnly(mask, kept);
          k = new Decision.Key(id, mask);
          // Looked up, then put (a lambda capturing all this was made per cell).
          Map<Decision.Key, Decision> known = in ? side.ingress : side.egress;
          decision = known.get(k);
          if (decision == null) {
            // Often the same rules as with every rule kept: then that cell's decision.
            decision = side.cellDecision(g, d, k);
            if (decision == null) {
              decision = Decision.of(live, live.select(mask), in ? side.src : side.dst, v, n, g,
                  d, side.mods, side.tracking, side.tracking ? side.notFlows(id, in) : null);
            }
            known.put(k, decision);
          }
        }
        (in ? ingressKeys : egressKeys).add(k);
        (in ? ingress : egress)[id] = decision.allowed();
        if (deciding != null && used.add(decision)) {
          java.util.Collections.addAll(deciding, decision.deciding());
        }
        if (places != null) {
          places.add(decision);
        }
      }
    }
  }

  /**
   * The decisions on the network as it is ({@link ObligationSearch#asIs}) of a combination whose
   * cell at the {@code i}-th group set of the ends (the destination sets, for ingress, then the
   * source sets, for egress) is {@code cell[i]} of {@code cells[i]}; kept in that order.
   */
  private Combination(NetworkIndex p, Ends side, Ends.SetCells[] cells, int[] cell) {
    p.combinationsBuilt++;
    this.side = side;
    this.ingress = new BitSet[upTo(side.dstSets)];
    this.egress = new BitSet[upTo(side.srcSets)];
    // Lists equal to (and hashed as) those of the other constructor.
    this.ingressKeys = Arrays.asList(new Object[side.dstSets.length]);
    this.egressKeys = Arrays.asList(new Object[side.srcSets.length]);
    this.decisions = new Decision[side.dstSets.length + side.srcSets.length];
    this.cells = cells;
    this.cell = cell;
  }

  /**
   * Combinations made together, each as that constructor makes one, filled in group set by group
   * set: a set's cells and decisions are read for all of them at once, not once per combination
   * after every other set's (on the account preset with a group set per NIC, the ends of one
   * obligation held 8,900 sets, and reading them combination by combination was mostly waiting
   * for memory).
   */
  static Combination[] ofCells(NetworkIndex p, Ends side, Ends.SetCells[] cells, int[][] cell) {
    Combination[] out = new Combination[cell.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = new Combination(p, side, cells, cell[k]);
      out[k].batch = out;
    }
    int dst = side.dstSets.length;
    for (int i = 0; i < cells.length; i++) {
      Ends.SetCells c = cells[i];
      boolean in = i < dst;
      int set = in ? side.dstSets[i] : side.srcSets[i - dst];
      for (Combination k : out) {
        int x = k.cell[i];
        Decision decision = c.decision(x);
        k.decisions[i] = decision;
        if (in) {
          k.ingressKeys.set(i, c.key(x));
          k.ingress[set] = decision.allowed();
        } else {
          k.egressKeys.set(i - dst, c.key(x));
          k.egress[set] = decision.allowed();
        }
      }
    }
    return out;
  }

  /**
   * The hash of the allowed set of the decision at the {@code i}-th group set of the ends (the
   * destination sets, then the source sets), as its cell keeps it: a combination made from cells
   * only ({@link #hasRelationHash}).
   */
  int allowedHash(int i) {
    return cells[i].allowedHash(cell[i]);
  }

  /**
   * Whether {@link #relationHash} can be read off the cells (a combination made from them).
   */
  boolean hasRelationHash() {
    return cells != null;
  }

  /**
   * The hash of the decisions' bit sets as the violating flows key a combination's relation (the
   * destination sets' ingress, then none, then the source sets' egress; each set's {@link
   * BitSet#hashCode}, folded by 31), from each cell's hash (found once per cell), made on first
   * use: only the violations ask for it.
   */
  int relationHash() {
    if (!hashed) {
      // For the combinations made with this one at once, set by set (as they were made): the
      // violations ask for every one's.
      Combination[] all = batch != null ? batch : new Combination[] {this};
      int dst = side.dstSets.length;
      int[] h = new int[all.length];
      Arrays.fill(h, 1);
      for (int i = 0; i < cells.length; i++) {
        Ends.SetCells c = cells[i];
        for (int k = 0; k < all.length; k++) {
          h[k] = 31 * (i == dst ? 31 * h[k] : h[k]) + c.allowedHash(all[k].cell[i]);
        }
      }
      for (int k = 0; k < all.length; k++) {
        all[k].relationHash = cells.length == dst ? 31 * h[k] : h[k];
        all[k].hashed = true;
      }
    }
    return relationHash;
  }

  /** One more than the largest of the ascending set ids (0 for none). */
  private static int upTo(int[] ascending) {
    return ascending.length == 0 ? 0 : ascending[ascending.length - 1] + 1;
  }

  /** Whether the pair of positions is a flow of the model and breaks the expectation. */
  boolean violates(Expectation expect, int s, int d) {
    Nic sn = side.src.nic[s];
    Nic dn = side.dst.nic[d];
    if (sn == null && dn == null || sn != null && sn == dn) {
      return false;
    }
    boolean permitted = (sn == null || egress[side.src.set[s]].get(d))
        && (dn == null || ingress[side.dst.set[d]].get(s));
    return !expect.satisfiedBy(permitted);
  }

  /** The source positions that have at least one destination they break the expectation with. */
  BitSet badSources(Expectation expect, int transposeAbove) {
    Universe src = side.src;
    Universe dst = side.dst;
    BitSet bad = new BitSet(src.size);
    // One scratch set for every group set (a copy of a universe per group set was most of the
    // allocation on 100,000 classes with thousands of group sets).
    BitSet scratch = new BitSet();
    if (expect == Expectation.PERMITTED) {
      // Denied at the destination's ingress.
      for (int g : side.dstSets) {
        BitSet failing = scratch;
        failing.clear();
        failing.or(src.all);
        failing.andNot(ingress[g]);
        excludeSoleNic(failing, dst.bySet.get(g), dst, src);
        bad.or(failing);
      }
      // Denied at the source's egress.
      for (int h : side.srcSets) {
        BitSet failing = scratch;
        failing.clear();
        failing.or(dst.all);
        failing.andNot(egress[h]);
        markSources(bad, src.bySet.get(h), failing, dst, src);
      }
      return bad;
    }
    if (side.srcSets.length > transposeAbove && side.dstSets.length > transposeAbove) {
      return permittedPairs();
    }
    // Permitted: an external source needs only the destination's ingress.
    for (int g : side.dstSets) {
      BitSet passing = scratch;
      passing.clear();
      passing.or(ingress[g]);
      passing.and(src.external);
      bad.or(passing);
    }
    // By destination group set id (arrays, cleared after each source set: maps of boxed ids were
    // made per source set): the one NIC of the allowed destinations of the set, or several.
    Nic[] soleNic = new Nic[ingress.length];
    boolean[] several = new boolean[ingress.length];
    int[] setsSeen = new int[ingress.length];
    for (int h : side.srcSets) {
      int[] sourcesOfSet = src.bySet.get(h);
      BitSet allowed = egress[h];
      // To an external destination: egress alone decides.
      if (allowed.intersects(dst.external)) {
        for (int s : sourcesOfSet) {
          bad.set(s);
        }
      }
      // To a NIC: the destination's ingress must pass too. Group the allowed destinations by
      // their group set, noting when they all belong to one NIC.
      int seen = 0;
      for (int t = allowed.nextSetBit(0); t >= 0; t = allowed.nextSetBit(t + 1)) {
        Nic owner = dst.nic[t];
        if (owner == null) {
          continue;
        }
        int g = dst.set[t];
        if (soleNic[g] == null) {
          soleNic[g] = owner;
          setsSeen[seen++] = g;
        } else if (soleNic[g] != owner) {
          several[g] = true;
        }
      }
      for (int i = 0; i < seen; i++) {
        int g = setsSeen[i];
        BitSet passing = ingress[g];
        for (int s : sourcesOfSet) {
          if (passing.get(s) && (several[g] || src.nic[s] != soleNic[g])) {
            bad.set(s);
          }
        }
        soleNic[g] = null;
        several[g] = false;
      }
    }
    return bad;
  }

  /**
   * The sources with a permitted flow to some destination, through the transposed ingress
   * matrix: row {@code s} of the transpose holds the destinations whose ingress admits {@code
   * s}, and {@code s} is bad when that row meets its own egress row (less its own NIC). Used when
   * both ends have many group sets, where pairing group sets would cost their product.
   */
  private BitSet permittedPairs() {
    Universe src = side.src;
    Universe dst = side.dst;
    int srcWords = (src.size + 63) >>> 6;
    int dstWords = (dst.size + 63) >>> 6;
    Map<Integer, long[]> words = new HashMap<>();
    long[] allSources = src.all.toLongArray();
    long[][] rows = new long[dst.size][];
    for (int d = 0; d < dst.size; d++) {
      rows[d] = dst.nic[d] == null ? allSources
          : words.computeIfAbsent(dst.set[d], g -> ingress[g].toLongArray());
    }
    long[] transposed = Bits.transpose(rows, srcWords, src.size, dstWords);
    long[] toNics = dst.all.toLongArray();
    long[] externalDst = dst.external.toLongArray();
    for (int i = 0; i < externalDst.length; i++) {
      toNics[i] &= ~externalDst[i];
    }
    Map<Integer, long[]> egressWords = new HashMap<>();
    BitSet bad = new BitSet(src.size);
    long[] own = new long[dstWords];
    for (int s = 0; s < src.size; s++) {
      long[] allowed = src.nic[s] == null ? toNics
          : egressWords.computeIfAbsent(src.set[s], h -> egress[h].toLongArray());
      int[] mine = src.nic[s] == null ? null : dst.byNic.get(src.nic[s]);
      if (mine != null) {
        for (int t : mine) {
          own[t >>> 6] |= 1L << t;
        }
      }
      int base = s * dstWords;
      for (int w = 0; w < dstWords; w++) {
        long a = w < allowed.length ? allowed[w] : 0L;
        if ((a & transposed[base + w] & ~own[w]) != 0) {
          bad.set(s);
          break;
        }
      }
      if (mine != null) {
        for (int t : mine) {
          own[t >>> 6] = 0L;
        }
      }
    }
    return bad;
  }

  /**
   * Adds to {@code bad} the sources in {@code failing} (sources denied by the ingress of the
   * destinations {@code dests}), except that when all of those destinations belong to one NIC,
   * its own addresses do not count (a flow within one NIC is outside the model).
   */
  private static void excludeSoleNic(BitSet failing, int[] dests, Universe dst, Universe src) {
    Nic only = null;
    for (int t : dests) {
      if (only != null && dst.nic[t] != only) {
        return; // several NICs
      }
      only = dst.nic[t];
    }
    int[] own = only == null ? null : src.byNic.get(only);
    if (own != null) {
      for (int s : own) {
        failing.clear(s);
      }
    }
  }

  /**
   * Marks the sources of one group set as bad when some destination in {@code failing} is not
   * their own NIC.
   */
  private static void markSources(BitSet bad, int[] sourcesOfSet, BitSet failing, Universe dst,
      Universe src) {
    if (failing.isEmpty()) {
      return;
    }
    boolean external = failing.intersects(dst.external);
    Nic only = external ? null : soleOwner(failing, dst);
    for (int s : sourcesOfSet) {
      if (only == null || src.nic[s] != only) {
        bad.set(s);
      }
    }
  }

  /** The one NIC owning every position of the set, or null when there are several owners. */
  private static Nic soleOwner(BitSet positions, Universe u) {
    Nic only = null;
    for (int t = positions.nextSetBit(0); t >= 0; t = positions.nextSetBit(t + 1)) {
      Nic owner = u.nic[t];
      if (owner == null || only != null && owner != only) {
        return null;
      }
      only = owner;
    }
    return only;
  }

  /**
   * The first violating (source, destination) pair of the obligation under one protocol and port
   * combination, over both versions; empty when there is none (the combination's key is then added
   * to {@code clean}), or when a combination with the same key was found clean before. The
   * decisions it uses are added to {@code used} (when not null), version by version.
   */
  static Optional<Flow> firstViolation(NetworkIndex p, Network n, Map<IpVersion, Ends> sides,
      Obligation o, int protocol, int dport, int sport, Set<List<Object>> clean,
      int transposeAbove, Set<Rule> kept, List<Decision> used) {
    Map<IpVersion, Combination> decisions = new HashMap<>();
    for (IpVersion v : IpVersion.values()) {
      Ends side = sides.get(v);
      if (side == null || !Protocols.fitsVersion(protocol, v)) {
        continue;
      }
      decisions.put(v, new Combination(p, n, side, v, protocol, dport, sport, kept, null, null,
          used));
    }
    return firstViolation(o, decisions, protocol, dport, sport, clean, transposeAbove);
  }

  /**
   * {@link #firstViolation} from the combination's decisions, by version (those of the versions
   * that have ends and fit the protocol).
   */
  static Optional<Flow> firstViolation(Obligation o, Map<IpVersion, Combination> decisions,
      int protocol, int dport, int sport, Set<List<Object>> clean, int transposeAbove) {
    // The key of the combination: per version, the matching rules of every group set involved.
    List<Object> key = new ArrayList<>();
    key.add(o.expect());
    for (IpVersion v : IpVersion.values()) {
      Combination d = decisions.get(v);
      if (d != null) {
        key.add(v);
        key.add(d.ingressKeys);
        key.add(d.egressKeys);
      }
    }
    if (decisions.isEmpty() || clean.contains(key)) {
      return Optional.empty();
    }
    int bestRank = Integer.MAX_VALUE;
    IpVersion bestVersion = null;
    int bestPos = -1;
    for (Map.Entry<IpVersion, Combination> e : decisions.entrySet()) {
      Combination d = e.getValue();
      BitSet bad = d.badSources(o.expect(), transposeAbove);
      for (int s = bad.nextSetBit(0); s >= 0; s = bad.nextSetBit(s + 1)) {
        int r = d.side.src.rank[s];
        if (r < bestRank) {
          bestRank = r;
          bestVersion = e.getKey();
          bestPos = s;
        }
      }
    }
    if (bestVersion == null) {
      clean.add(key);
      return Optional.empty();
    }
    Combination d = decisions.get(bestVersion);
    Universe dst = d.side.dst;
    int bestDst = -1;
    for (int t = 0; t < dst.size; t++) {
      if (d.violates(o.expect(), bestPos, t) && (bestDst < 0 || dst.rank[t] < dst.rank[bestDst])) {
        bestDst = t;
      }
    }
    if (bestDst < 0) {
      throw new IllegalStateException("a bad source without a destination");
    }
    return Optional.of(new Flow(d.side.src.cls[bestPos].representative(),
        dst.cls[bestDst].representative(), protocol, sport, dport));
  }
}

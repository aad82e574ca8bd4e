package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One obligation ready to be searched, with what its searches share: the ends of each version
 * (universes, live rules, decisions by key) and the keys of the combinations found clean.
 * Searches with different kept rules share it (the kept rules enter each decision's key).
 */
final class ObligationSearch {
  final NetworkIndex p;
  final Network n;
  final Classes classes;
  final Obligation o;
  final Map<IpVersion, Ends> sides = new HashMap<>();
  final Set<List<Object>> clean = new HashSet<>();

  ObligationSearch(NetworkIndex p, Classes classes, Obligation o, NetworkChanges mods,
      boolean tracking) {
    this.p = p;
    this.n = p.network;
    this.classes = classes;
    this.o = o;
    List<Classes.AddressClass> sources = classes.addressClasses(o.source());
    List<Classes.AddressClass> destinations = classes.addressClasses(o.destination());
    for (IpVersion v : IpVersion.values()) {
      Universe s = p.universe(sources, v, classes.shared(o.source()));
      Universe d = p.universe(destinations, v, classes.shared(o.destination()));
      if (s.size > 0 && d.size > 0) {
        sides.put(v, new Ends(s, d, mods, tracking));
      }
    }
  }

  /** The first violation with only the {@code kept} rules (all when null). */
  Optional<Flow> run(int transposeAbove, Set<Rule> kept) {
    for (int[] c : combinations()) {
      Optional<Flow> f = Combination.firstViolation(p, n, sides, o, c[0], c[1], c[2], clean,
          transposeAbove, kept, null);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  /**
   * {@link #run} with every rule, from the decisions of {@link #asIs} (the same first violation:
   * the same decisions, the same order, the same clean keys).
   */
  Optional<Flow> runAsIs(int transposeAbove) {
    for (int c = 0; c < combinations().size(); c++) {
      Optional<Flow> f = firstViolationAsIs(c, transposeAbove, null);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  private List<int[]> combinations;

  /**
   * Each combination's decisions on the network as it is (every rule kept), by combination (the
   * index in {@link #combinations}) and version ordinal; null where the version has no ends or
   * the protocol does not fit it. Made on first use and shared by everything that reads the
   * network unchanged: the violating flows, the deciding rules and the first dependsOn search.
   */
  private Combination[][] asIs;

  /**
   * By version ordinal: the cells of the group sets of the ends ({@link Ends.SetCells}: the
   * destination sets, then the source sets), made on first use, and the combinations of {@link
   * #asIs} by their cell at each of those sets. Combinations with the same cells everywhere match
   * the same live rules at every group set, so they have the same decisions: one object serves
   * all of them.
   */
  private final Ends.SetCells[][] setCells = new Ends.SetCells[IpVersion.values().length][];
  private final List<Map<CellsKey, Combination>> byCells = List.of(new HashMap<>(),
      new HashMap<>());

  /** The cells of a combination at the group sets of the ends, as a map key. */
  private record CellsKey(int[] cells) {
    @Override
    public boolean equals(Object o) {
      return o instanceof CellsKey k && Arrays.equals(k.cells, cells);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(cells);
    }
  }

  /**
   * How many combinations {@link #asIs} makes at once, at most: their cells are read group set by
   * group set (each set's cells once for all of them), then looked up. Fewer where the ends hold
   * so many sets that the cells of this many would take more than {@link #BLOCK_CELLS}: on the
   * account preset with a group set per NIC (ends of 8,900 sets), 256 at a time took 7 % less
   * than 64 (14.6 against 15.6 s for its 40 costliest assertions, --format json, one worker).
   */
  static final int BLOCK = 256;

  /** The most cells (ints) a block of combinations reads at once: 8 MB. */
  static final int BLOCK_CELLS = 1 << 21;

  /** The combinations {@link #asIs} makes at once here (see {@link #BLOCK}). */
  private int block;

  /** The decisions of combination {@code c} on the ends of version {@code v} with every rule. */
  Combination asIs(int c, IpVersion v) {
    if (asIs == null) {
      asIs = new Combination[combinations().size()][];
      int sets = 1;
      for (Ends side : sides.values()) {
        sets = Math.max(sets, side.dstSets.length + side.srcSets.length);
      }
      block = Math.max(1, Math.min(BLOCK, BLOCK_CELLS / sets));
    }
    if (asIs[c] == null) {
      makeBlock(c - c % block);
    }
    return asIs[c][v.ordinal()];
  }

  /**
   * {@link #asIs} of the combinations from {@code from} (at most {@link #block}). Of each version,
   * the cells of the combinations at every group set of the ends, read set by set; combinations
   * with the same cells everywhere share one object, found by them, and those not found are made
   * together ({@link Combination#ofCells}).
   */
  private void makeBlock(int from) {
    int to = Math.min(combinations().size(), from + block);
    int[] combination = new int[to - from];
    for (int c = from; c < to; c++) {
      int[] x = combinations().get(c);
      combination[c - from] = p.combination(x[0], x[1], x[2]);
      asIs[c] = new Combination[IpVersion.values().length];
    }
    for (IpVersion w : IpVersion.values()) {
      Ends side = sides.get(w);
      if (side == null) {
        continue;
      }
      // The combinations of the block that fit the version and are the network's (with cells).
      int[] which = new int[to - from];
      int count = 0;
      for (int c = from; c < to; c++) {
        int[] x = combinations().get(c);
        if (!Protocols.fitsVersion(x[0], w)) {
          continue;
        }
        if (combination[c - from] < 0) {
          // Not a combination of the network's (no cells): matched rule by rule.
          List<Decision> places = new ArrayList<>(side.dstSets.length + side.srcSets.length);
          Combination k = new Combination(p, n, side, w, x[0], x[1], x[2], null, null, null,
              places);
          k.decisions = places.toArray(Decision[]::new);
          asIs[c][w.ordinal()] = k;
          continue;
        }
        which[count++] = c;
      }
      if (count == 0) {
        continue;
      }
      Ends.SetCells[] cells = setCells(side, w);
      int[] of = new int[count];
      for (int y = 0; y < count; y++) {
        of[y] = combination[which[y] - from];
      }
      int[][] cell = new int[count][cells.length];
      for (int i = 0; i < cells.length; i++) {
        cells[i].cells(of, count, cell, i);
      }
      Map<CellsKey, Combination> known = byCells.get(w.ordinal());
      // Looked up in order; those not found made together, in order of first sight.
      Map<CellsKey, List<Integer>> fresh = new java.util.LinkedHashMap<>();
      for (int y = 0; y < count; y++) {
        CellsKey key = new CellsKey(cell[y]);
        Combination k = known.get(key);
        if (k != null) {
          asIs[which[y]][w.ordinal()] = k;
        } else {
          fresh.computeIfAbsent(key, z -> new ArrayList<>()).add(which[y]);
        }
      }
      if (fresh.isEmpty()) {
        continue;
      }
      int[][] made = new int[fresh.size()][];
      int m = 0;
      for (CellsKey key : fresh.keySet()) {
        made[m++] = key.cells();
      }
      Combination[] ks = Combination.ofCells(p, side, cells, made);
      m = 0;
      for (Map.Entry<CellsKey, List<Integer>> e : fresh.entrySet()) {
        Combination k = ks[m++];
        known.put(e.getKey(), k);
        for (int c : e.getValue()) {
          asIs[c][w.ordinal()] = k;
        }
      }
    }
  }

  private Ends.SetCells[] setCells(Ends side, IpVersion v) {
    Ends.SetCells[] cells = setCells[v.ordinal()];
    if (cells == null) {
      cells = new Ends.SetCells[side.dstSets.length + side.srcSets.length];
      for (int i = 0; i < side.dstSets.length; i++) {
        cells[i] = side.cells(p, p.sets.get(side.dstSets[i]), Direction.INGRESS, v, n);
      }
      for (int i = 0; i < side.srcSets.length; i++) {
        cells[side.dstSets.length + i] =
            side.cells(p, p.sets.get(side.srcSets[i]), Direction.EGRESS, v, n);
      }
      setCells[v.ordinal()] = cells;
    }
    return cells;
  }

  /**
   * The first violation of combination {@code c} with every rule, from {@link #asIs}; its
   * decisions added to {@code used} (when not null) as {@link Combination#firstViolation} adds
   * them.
   */
  Optional<Flow> firstViolationAsIs(int c, int transposeAbove, List<Decision> used) {
    int[] x = combinations().get(c);
    Map<IpVersion, Combination> decisions = new java.util.EnumMap<>(IpVersion.class);
    for (IpVersion v : IpVersion.values()) {
      Combination k = asIs(c, v);
      if (k != null) {
        decisions.put(v, k);
        if (used != null) {
          java.util.Collections.addAll(used, k.decisions);
        }
      }
    }
    return Combination.firstViolation(o, decisions, x[0], x[1], x[2], clean, transposeAbove);
  }

  /**
   * The (protocol, destination port, source port) combinations of the obligation's traffic in
   * search order. They are the same for every search of this obligation, so they are found once:
   * the traffic test is linear in the traffic's items, and dependsOn searches once per rule.
   */
  List<int[]> combinations() {
    if (combinations == null) {
      List<int[]> out = new ArrayList<>();
      List<Integer> noPort = List.of(Flow.NO_PORT);
      List<Integer> dports = classes.dstPorts();
      List<Integer> sports = classes.srcPorts();
      for (int protocol : Classes.PROTOCOLS) {
        boolean ports = Protocols.hasPorts(protocol);
        for (int dport : ports ? dports : noPort) {
          if (o.traffic().contains(protocol, dport) == o.outsideTraffic()) {
            continue;
          }
          for (int sport : ports ? sports : noPort) {
            out.add(new int[] {protocol, dport, sport});
          }
        }
      }
      combinations = out;
    }
    return combinations;
  }
}

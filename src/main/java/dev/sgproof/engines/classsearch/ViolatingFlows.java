package dev.sgproof.engines.classsearch;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.ViolationsByEnumeration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every violating flow of an obligation, from the class search's decisions. For each protocol
 * and port combination the decisions of every group set give the violating (source class,
 * destination class) pairs at once; combinations whose decisions are the same bit sets give the
 * same pairs, so each distinct relation is computed once and carries the ports of all its
 * combinations. The set is then built in one pass per protocol: below each (source, destination)
 * pair lie the ports of the relations that hold the pair. Exact: the same set as the flow-by-flow
 * enumeration ({@link ViolationsByEnumeration}), which differential tests compare it with.
 */
final class ViolatingFlows {
  private ViolatingFlows() {}

  /**
   * Masks are map keys multiplied by this odd constant (a bijection) so that Long's hash, which
   * folds the two halves, spreads them.
   */
  private static final long MIX = 0x9E3779B97F4A7C15L;

  /** Relations are combined 63 at a time (one bit each in a {@code long}). */
  private static final int CHUNK = 63;

  static FlowSet of(ObligationSearch search, FlowSpace space) {
    Obligation o = search.o;
    Classes classes = search.classes;
    Map<Integer, PortRange> dstRanges = ranges(classes.dstPortClasses());
    Map<Integer, PortRange> srcRanges = ranges(classes.srcPortClasses());
    Map<IpVersion, Map<List<Object>, Relation>> relations = new LinkedHashMap<>();
    // Combinations of one cell of the ends are one object ({@link ObligationSearch#asIs}): its
    // relation is looked up by content once.
    Map<Combination, Relation> known = new java.util.IdentityHashMap<>();
    List<int[]> combinations = search.combinations();
    for (int i = 0; i < combinations.size(); i++) {
      int[] x = combinations.get(i);
      int protocol = x[0];
      boolean ported = Protocols.hasPorts(protocol);
      PortRange dp = ported ? dstRanges.get(x[1]) : PortRange.ALL;
      PortRange sp = ported ? srcRanges.get(x[2]) : PortRange.ALL;
      for (IpVersion v : IpVersion.values()) {
        Combination c = search.asIs(i, v);
        if (c == null) {
          continue;
        }
        Ends side = search.sides.get(v);
        known.computeIfAbsent(c, y -> relations.computeIfAbsent(v, z -> new LinkedHashMap<>())
            .computeIfAbsent(decisions(side, c), k -> new Relation(side, c, o.expect())))
            .add(protocol, sp, dp);
      }
    }
    FlowSet out = space.empty();
    for (Map<List<Object>, Relation> ofVersion : relations.values()) {
      for (Chunk chunk : chunks(new ArrayList<>(ofVersion.values()))) {
        out = out.union(build(space, chunk.relations, chunk.protocols));
      }
    }
    return out;
  }

  /** Relations whose rows are made in one pass, and the protocols whose flows it gives. */
  private record Chunk(List<Relation> relations, List<Integer> protocols) {}

  /**
   * The relations of one version's ends in passes of at most 63, whole protocols to a pass: the
   * protocols with ports in turn, each joining the pass before while their relations together
   * fit, then the same for the port-less ones. So a protocol's flows come from one pass (from
   * two, the two diagrams of its flows would have to be united source by source), and the runs of
   * a row are cut only where the relations of the pass's protocols change: every protocol of a
   * pass reads every run of its rows, and a port-less protocol, whose level is only "some
   * relation holds the pair", in a pass of its own kind reads few. Only a protocol of more than
   * 63 relations is split, 63 to a pass.
   */
  private static List<Chunk> chunks(List<Relation> rs) {
    List<Chunk> out = new ArrayList<>();
    for (boolean ported : new boolean[] {true, false}) {
      java.util.TreeSet<Integer> relations = new java.util.TreeSet<>();
      List<Integer> protocols = new ArrayList<>();
      for (int protocol : Classes.PROTOCOLS) {
        if (Protocols.hasPorts(protocol) != ported) {
          continue;
        }
        List<Integer> having = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
          if (rs.get(i).ports.containsKey(protocol)) {
            having.add(i);
          }
        }
        java.util.TreeSet<Integer> joined = new java.util.TreeSet<>(relations);
        joined.addAll(having);
        if (joined.size() <= CHUNK) {
          relations = joined;
          protocols.add(protocol);
          continue;
        }
        flush(rs, relations, protocols, out);
        relations = new java.util.TreeSet<>();
        protocols = new ArrayList<>();
        if (having.size() <= CHUNK) {
          relations.addAll(having);
          protocols.add(protocol);
          continue;
        }
        for (int from = 0; from < having.size(); from += CHUNK) {
          flush(rs, new java.util.TreeSet<>(having.subList(from,
              Math.min(having.size(), from + CHUNK))), List.of(protocol), out);
        }
      }
      flush(rs, relations, protocols, out);
    }
    return out;
  }

  private static void flush(List<Relation> rs, java.util.SortedSet<Integer> relations,
      List<Integer> protocols, List<Chunk> out) {
    if (!relations.isEmpty()) {
      List<Relation> chosen = new ArrayList<>(relations.size());
      for (int i : relations) {
        chosen.add(rs.get(i));
      }
      out.add(new Chunk(chosen, List.copyOf(protocols)));
    }
  }

  /**
   * What the violating pairs of a combination depend on: the decision bit sets of the group sets
   * of both ends (by content, so combinations that match different rules but decide alike share
   * one relation).
   */
  private static List<Object> decisions(Ends side, Combination c) {
    List<Object> key = new ArrayList<>(side.dstSets.length + side.srcSets.length + 1);
    for (int g : side.dstSets) {
      key.add(c.ingress[g]);
    }
    key.add(null); // between the two lists
    for (int h : side.srcSets) {
      key.add(c.egress[h]);
    }
    return key;
  }

  /** The port range of each port class, by its representative. */
  private static Map<Integer, PortRange> ranges(List<Classes.PortClass> classes) {
    Map<Integer, PortRange> out = new HashMap<>();
    for (Classes.PortClass c : classes) {
      out.put(c.representative(), c.range());
    }
    return out;
  }

  /**
   * The flows of the given protocols from up to 63 relations of one version's ends. A source's
   * row (for each destination, the relations whose pairs hold it) depends only on its group set,
   * its own NIC among the destinations and which destination group sets admit it under each
   * relation: sources with the same such signature share one row, computed once, and turned at
   * once into the destination level of each protocol ({@link View}); each protocol then takes
   * its part of every source's row.
   */
  private static FlowSet build(FlowSpace space, List<Relation> rs, List<Integer> protocols) {
    Ends side = rs.get(0).side;
    Universe src = side.src;
    // A port-less protocol's rows depend only on its relations: protocols with the same share.
    Map<Integer, View> viewOf = new LinkedHashMap<>();
    Map<Long, View> portless = new HashMap<>();
    List<View> views = new ArrayList<>();
    for (int protocol : protocols) {
      long pMask = 0;
      for (int i = 0; i < rs.size(); i++) {
        if (rs.get(i).ports.containsKey(protocol)) {
          pMask |= 1L << i;
        }
      }
      if (pMask == 0) {
        continue;
      }
      View v = Protocols.hasPorts(protocol) ? null : portless.get(pMask);
      if (v == null) {
        v = new View(space, rs, protocol, pMask);
        views.add(v);
        if (!Protocols.hasPorts(protocol)) {
          portless.put(pMask, v);
        }
      }
      viewOf.put(protocol, v);
    }
    FlowSet out = space.empty();
    if (views.isEmpty()) {
      return out;
    }
    FlowSpace.Cells srcCells = cells(src);
    int[] rowOf = new Rows(side, rs, cells(side.dst), views).rowOf;
    for (Map.Entry<Integer, View> e : viewOf.entrySet()) {
      int protocol = e.getKey();
      List<FlowSpace.Part> partOf = e.getValue().parts;
      FlowSpace.AddressRows sources = space.addressRows(false);
      for (int s = 0; s < src.size; s++) {
        FlowSpace.Part part = partOf.get(rowOf[s]);
        if (!part.isEmpty() && Protocols.fitsVersion(protocol, src.cls[s].low().version())) {
          sources.add(srcCells, s, part);
        }
      }
      FlowSpace.Part built = sources.build();
      if (built.isEmpty()) {
        continue;
      }
      List<FlowSpace.Cell<Integer>> cells = new ArrayList<>();
      for (int[] range : ViolationsByEnumeration.protocolRanges(protocol)) {
        cells.add(new FlowSpace.Cell<>(range[0], range[1], built));
      }
      out = out.union(space.protocolCells(cells));
    }
    return out;
  }

  /**
   * One protocol's (or several port-less protocols' with the same relations) destination level
   * of each row: the relations that have it, what lies below a run by the id of its mask (the
   * ports of those relations in the mask; nothing when the mask holds none), and the part of each
   * row, by row id.
   */
  private static final class View {
    final FlowSpace space;
    final List<Relation> rs;
    final int protocol;
    final long pMask;
    final boolean ported;
    /** Below a run, by mask id; grown as masks are numbered. */
    FlowSpace.Part[] belowOf = new FlowSpace.Part[64];
    /** Each distinct set of the relations' ports once (masks that differ outside may share). */
    final Map<Long, FlowSpace.Part> belowByMask = new HashMap<>();
    final List<FlowSpace.Part> parts = new ArrayList<>();

    View(FlowSpace space, List<Relation> rs, int protocol, long pMask) {
      this.space = space;
      this.rs = rs;
      this.protocol = protocol;
      this.pMask = pMask;
      this.ported = Protocols.hasPorts(protocol);
    }

    /**
     * Adds the part of a row given as runs (first, last, mask id) of touching destinations, after
     * what lies below each mask numbered since the last row.
     */
    void addRow(FlowSpace.Cells dstCells, int[] first, int[] last, int[] maskId, MaskIds ids,
        int runs) {
      if (belowOf.length < ids.size) {
        belowOf = Arrays.copyOf(belowOf, Math.max(2 * belowOf.length, ids.size));
      }
      for (; known < ids.size; known++) {
        long m = ids.masks[known] & pMask;
        belowOf[known] = m == 0 ? space.nothing() : !ported ? space.leaf()
            : belowByMask.computeIfAbsent(m * MIX, x -> below(space, rs, protocol, m));
      }
      parts.add(space.addressRuns(true, dstCells, first, last, maskId, belowOf, runs));
    }

    /** How many mask ids {@link #belowOf} holds. */
    private int known;
  }

  /**
   * The address cells of a universe's positions, made once per universe (a kept universe serves
   * many obligations).
   */
  private static FlowSpace.Cells cells(Universe u) {
    if (u.cells == null) {
      u.cells = newCells(u);
    }
    return u.cells;
  }

  private static FlowSpace.Cells newCells(Universe u) {
    dev.sgproof.model.IpAddress[] lows = new dev.sgproof.model.IpAddress[u.size];
    dev.sgproof.model.IpAddress[] highs = new dev.sgproof.model.IpAddress[u.size];
    for (int i = 0; i < u.size; i++) {
      lows[i] = u.cls[i].low();
      highs[i] = u.cls[i].high();
    }
    return new FlowSpace.Cells(lows, highs);
  }

  /** The ports below a pair held by the relations of a mask: the union of their combinations. */
  private static FlowSpace.Part below(FlowSpace space, List<Relation> rs, int protocol,
      long mask) {
    List<PortRange[]> pairs = new ArrayList<>();
    for (int i = 0; i < rs.size(); i++) {
      if ((mask & 1L << i) != 0) {
        pairs.addAll(rs.get(i).ports.get(protocol));
      }
    }
    return space.portCells(pairs);
  }

  /**
   * The rows of a chunk of relations: for each source position the id of its row. A row is
   * computed once per signature (the source's group set, or external; its own NIC when the
   * destinations hold its addresses; and which relations admit it at the ingress of each
   * destination group set), in one pass over the destinations with word operations, as runs of
   * touching destination positions (first and last, inclusive) with, for each, the mask of the
   * relations whose pairs hold it; each view makes its part of the row from the runs at once
   * (the runs are not kept: millions on 10,000 destinations, they were most of what young
   * collections copied).
   */
  private static final class Rows {
    final MaskIds ids = new MaskIds();
    final int[] rowOf;
    private int rows;

    Rows(Ends side, List<Relation> rs, FlowSpace.Cells dstCells, List<View> views) {
      Universe src = side.src;
      Universe dst = side.dst;
      int k = rs.size();
      long all = k == 64 ? -1L : (1L << k) - 1;
      boolean denied = rs.get(0).expect == Expectation.DENIED;
      int[] sets = side.dstSets;
      int[] setIndex = new int[src.index().sets.size()];
      for (int j = 0; j < sets.length; j++) {
        setIndex[sets[j]] = j;
      }
      // Which relations admit each source at each destination group set (sparse, per source).
      int[][] admSets = new int[src.size][];
      long[][] admMasks = new long[src.size][];
      int[] admCount = new int[src.size];
      long[] tmp = new long[src.size];
      // The sources some relation admits at the set (each once): only they are visited.
      int[] touched = new int[src.size];
      // The relations' decisions at one set are few distinct objects (decisions are shared by
      // key): each is read once, with the mask of the relations that have it.
      BitSet[] distinct = new BitSet[k];
      long[] relationsOf = new long[k];
      for (int j = 0; j < sets.length; j++) {
        int distinctCount = 0;
        for (int i = 0; i < k; i++) {
          BitSet in = rs.get(i).c.ingress[sets[j]];
          int x = 0;
          while (x < distinctCount && distinct[x] != in) {
            x++;
          }
          if (x == distinctCount) {
            distinct[distinctCount] = in;
            relationsOf[distinctCount++] = 0;
          }
          relationsOf[x] |= 1L << i;
        }
        int touchedCount = 0;
        for (int x = 0; x < distinctCount; x++) {
          // By words, not nextSetBit: decisions admit most sources, a call per source was most
          // of this loop.
          long[] words = distinct[x].toLongArray();
          long m = relationsOf[x];
          for (int w = 0; w < words.length; w++) {
            for (long bits = words[w]; bits != 0; bits &= bits - 1) {
              int s = (w << 6) + lowestBit(bits);
              if (tmp[s] == 0) {
                touched[touchedCount++] = s;
              }
              tmp[s] |= m;
            }
          }
        }
        for (int y = 0; y < touchedCount; y++) {
          int s = touched[y];
          if (admSets[s] == null) {
            admSets[s] = new int[4];
            admMasks[s] = new long[4];
          } else if (admCount[s] == admSets[s].length) {
            admSets[s] = Arrays.copyOf(admSets[s], 2 * admCount[s]);
            admMasks[s] = Arrays.copyOf(admMasks[s], 2 * admCount[s]);
          }
          admSets[s][admCount[s]] = j;
          admMasks[s][admCount[s]++] = tmp[s];
          tmp[s] = 0;
        }
      }
      // Which relations' egress lets each destination out, per source group set (on first use).
      // Source group sets whose egress decides alike under every relation share one set of masks.
      Map<List<BitSet>, Integer> egressIds = new HashMap<>();
      List<long[]> egressMasks = new ArrayList<>();
      int[] egressIdOfSet = new int[src.index().sets.size()];
      Arrays.fill(egressIdOfSet, -1);
      int[] dstSetIndex = new int[dst.size];
      for (int t = 0; t < dst.size; t++) {
        dstSetIndex[t] = dst.nic[t] == null ? -1 : setIndex[dst.set[t]];
      }
      long[] admBySet = new long[sets.length];
      // Scratch for one row: its runs, and a stamp on the source's own positions.
      int[] runFirst = new int[dst.size];
      int[] runLast = new int[dst.size];
      long[] runMask = new long[dst.size];
      int[] runId = new int[dst.size];
      int[] own = new int[dst.size];
      Map<Signature, Integer> rowIds = new HashMap<>();
      rowOf = new int[src.size];
      for (int s = 0; s < src.size; s++) {
        int n = admCount[s];
        long[] key = new long[2 + 2 * n];
        if (src.nic[s] == null) {
          key[0] = -1;
        } else {
          int h = src.set[s];
          if (egressIdOfSet[h] < 0) {
            List<BitSet> tuple = new ArrayList<>(k);
            for (Relation r : rs) {
              tuple.add(r.c.egress[h]);
            }
            egressIdOfSet[h] = egressIds.computeIfAbsent(tuple, x -> {
              egressMasks.add(egressMasks(tuple, dst.size));
              return egressMasks.size() - 1;
            });
          }
          key[0] = egressIdOfSet[h];
        }
        int[] ownPositions = src.nic[s] == null ? null : dst.byNic.get(src.nic[s]);
        key[1] = ownPositions == null ? -1 : src.byNic.get(src.nic[s])[0];
        for (int x = 0; x < n; x++) {
          key[2 + 2 * x] = admSets[s][x];
          key[3 + 2 * x] = admMasks[s][x];
        }
        Integer known = rowIds.get(new Signature(key));
        if (known != null) {
          rowOf[s] = known;
          continue;
        }
        boolean external = src.nic[s] == null;
        long[] egress = external ? null : egressMasks.get((int) key[0]);
        for (int x = 0; x < n; x++) {
          admBySet[admSets[s][x]] = admMasks[s][x];
        }
        // One pass over the destinations: each one's mask (none for the source's own NIC: a NIC
        // talking to itself is not a flow), and at once the runs of touching destinations with
        // the same mask, one cell each for the diagram.
        int stamp = s + 1;
        if (ownPositions != null) {
          for (int t : ownPositions) {
            own[t] = stamp;
          }
        }
        int runs = 0;
        for (int t = 0; t < dst.size; t++) {
          int j = dstSetIndex[t];
          long m;
          if (own[t] == stamp || external && j < 0) {
            m = 0; // its own NIC, or two external ends: not a flow
          } else {
            long permitted = (external ? all : egress[t]) & (j < 0 ? all : admBySet[j]);
            m = denied ? permitted : all & ~permitted;
          }
          if (m == 0) {
            continue;
          }
          if (runs > 0 && runLast[runs - 1] == t - 1 && runMask[runs - 1] == m
              && dstCells.touch(t - 1)) {
            runLast[runs - 1] = t;
          } else {
            runFirst[runs] = t;
            runLast[runs] = t;
            runMask[runs++] = m;
          }
        }
        for (int x = 0; x < n; x++) {
          admBySet[admSets[s][x]] = 0;
        }
        src.index().violationRows++;
        src.index().rowPositionsVisited += dst.size;
        for (int y = 0; y < runs; y++) {
          runId[y] = ids.id(runMask[y]);
        }
        for (View v : views) {
          v.addRow(dstCells, runFirst, runLast, runId, ids, runs);
        }
        rowOf[s] = rows++;
        rowIds.put(new Signature(key), rowOf[s]);
      }
    }
  }

  /** See {@link #lowestBit}. */
  private static final long DE_BRUIJN = 0x03f79d71b4cb0a89L;

  private static final int[] BIT_OF = new int[64];

  static {
    for (int i = 0; i < 64; i++) {
      BIT_OF[(int) ((1L << i) * DE_BRUIJN >>> 58)] = i;
    }
  }

  /**
   * The number of the lowest set bit of a word that is not 0, by a de Bruijn sequence: the
   * launcher's C1 compiles {@link Long#numberOfTrailingZeros} as a call, one per admitted source
   * in the loop over decisions.
   */
  static int lowestBit(long word) {
    return BIT_OF[(int) ((word & -word) * DE_BRUIJN >>> 58)];
  }

  /**
   * The distinct masks of the runs of a chunk's rows, numbered in order of first sight: the
   * protocols then look up what lies below a run by its number in an array, once per distinct
   * mask, rather than by the mask in a map once per run (millions of runs on 10,000
   * destinations). Open addressing over the masks themselves (never 0: a run holds some
   * relation), so that no mask is boxed.
   */
  private static final class MaskIds {
    private long[] slots = new long[256];
    private int[] slotIds = new int[256];
    /** The mask of each id. */
    long[] masks = new long[64];
    int size;

    int id(long mask) {
      int i = slot(slots, mask);
      if (slots[i] == mask) {
        return slotIds[i];
      }
      if (size == masks.length) {
        masks = Arrays.copyOf(masks, 2 * size);
      }
      masks[size] = mask;
      slots[i] = mask;
      slotIds[i] = size;
      if (2 * ++size > slots.length) {
        grow();
      }
      return size - 1;
    }

    /** Where the mask is, or the empty slot where it would go. */
    private static int slot(long[] slots, long mask) {
      int i = (int) ((mask * MIX) >>> 40) & (slots.length - 1);
      while (slots[i] != 0 && slots[i] != mask) {
        i = (i + 1) & (slots.length - 1);
      }
      return i;
    }

    private void grow() {
      long[] bigger = new long[2 * slots.length];
      int[] biggerIds = new int[bigger.length];
      for (int id = 0; id < size; id++) {
        int i = slot(bigger, masks[id]);
        bigger[i] = masks[id];
        biggerIds[i] = id;
      }
      slots = bigger;
      slotIds = biggerIds;
    }
  }

  /** For each destination position, the mask of the relations (at most 63) whose egress allows it. */
  private static long[] egressMasks(List<BitSet> byRelation, int positions) {
    long[][] rows = new long[byRelation.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = byRelation.get(i).toLongArray();
    }
    return Bits.transpose(rows, (positions + 63) >>> 6, positions, 1);
  }

  private record Signature(long[] bits) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Signature x && Arrays.equals(x.bits, bits);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bits);
    }
  }

  /**
   * The violating pairs of one set of decisions, and the protocols and port classes of every
   * combination that has them.
   */
  private static final class Relation {
    final Ends side;
    final Combination c;
    final Expectation expect;
    final Map<Integer, List<PortRange[]>> ports = new LinkedHashMap<>();

    Relation(Ends side, Combination c, Expectation expect) {
      this.side = side;
      this.c = c;
      this.expect = expect;
    }

    void add(int protocol, PortRange sport, PortRange dport) {
      ports.computeIfAbsent(protocol, p -> new ArrayList<>()).add(new PortRange[] {sport, dport});
    }

  }
}

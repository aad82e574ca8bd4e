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
    PortParts ports = new PortParts(space, classes.srcPortClasses(), classes.dstPortClasses());
    Map<IpVersion, Map<Tuple, Relation>> relations = new LinkedHashMap<>();
    // Each decision's hash once (a pass over its words), for the keys of the relations.
    Map<BitSet, Integer> hashes = new java.util.IdentityHashMap<>();
    // Combinations of one cell of the ends are one object ({@link ObligationSearch#asIs}): its
    // relation is looked up by content once.
    Map<Combination, Relation> known = new java.util.IdentityHashMap<>();
    List<int[]> combinations = search.combinations();
    for (int i = 0; i < combinations.size(); i++) {
      int[] x = combinations.get(i);
      int protocol = x[0];
      boolean ported = Protocols.hasPorts(protocol);
      int cell = ported ? ports.cell(x[2], x[1]) : 0;
      for (IpVersion v : IpVersion.values()) {
        Combination c = search.asIs(i, v);
        if (c == null) {
          continue;
        }
        Ends side = search.sides.get(v);
        known.computeIfAbsent(c, y -> relations.computeIfAbsent(v, z -> new LinkedHashMap<>())
            .computeIfAbsent(decisions(side, c, hashes),
                k -> new Relation(side, c, o.expect(), ports)))
            .add(protocol, cell);
      }
    }
    FlowSet out = space.empty();
    for (Map<Tuple, Relation> ofVersion : relations.values()) {
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
   * one relation). Each decision's hash is taken from {@code hashes} (by identity), computed
   * there on first sight: combinations share their decisions, so a key's hash is not a pass over
   * the words of every one of its thousand decisions.
   */
  private static Tuple decisions(Ends side, Combination c, Map<BitSet, Integer> hashes) {
    BitSet[] key = new BitSet[side.dstSets.length + side.srcSets.length + 1];
    int k = 0;
    for (int g : side.dstSets) {
      key[k++] = c.ingress[g];
    }
    key[k++] = null; // between the two lists
    for (int h : side.srcSets) {
      key[k++] = c.egress[h];
    }
    // The cells' hash is the one the map gives (checked when assertions are on, as in the tests).
    assert !c.hasRelationHash() || c.relationHash() == new Tuple(key, hashes).hashCode()
        : "relation hash";
    return c.hasRelationHash() ? new Tuple(key, c.relationHash()) : new Tuple(key, hashes);
  }

  /**
   * The port parts below a pair, by the port cells (source port class x destination port class)
   * that hold it, each set of cells built once for an obligation: the views of its chunks and
   * protocols share them.
   */
  private static final class PortParts {
    final FlowSpace space;
    final List<Classes.PortClass> src;
    final List<Classes.PortClass> dst;
    /** The index of each port class, by its representative. */
    final Map<Integer, Integer> srcIndex = new HashMap<>();
    final Map<Integer, Integer> dstIndex = new HashMap<>();
    /** How many words a set of cells takes. */
    final int words;
    final Map<Cells, FlowSpace.Part> known = new HashMap<>();

    PortParts(FlowSpace space, List<Classes.PortClass> src, List<Classes.PortClass> dst) {
      this.space = space;
      this.src = src;
      this.dst = dst;
      for (int i = 0; i < src.size(); i++) {
        srcIndex.put(src.get(i).representative(), i);
      }
      for (int i = 0; i < dst.size(); i++) {
        dstIndex.put(dst.get(i).representative(), i);
      }
      words = Math.max(1, (src.size() * dst.size() + 63) >>> 6);
    }

    /** The cell of a source and a destination port class, by their representatives. */
    int cell(int srcRepresentative, int dstRepresentative) {
      return srcIndex.get(srcRepresentative) * dst.size() + dstIndex.get(dstRepresentative);
    }

    /** The ports of a set of cells: the union of their products. */
    FlowSpace.Part of(long[] cells) {
      return known.computeIfAbsent(new Cells(cells), k -> {
        List<PortRange[]> pairs = new ArrayList<>();
        for (int w = 0; w < cells.length; w++) {
          for (long bits = cells[w]; bits != 0; bits &= bits - 1) {
            int c = (w << 6) + lowestBit(bits);
            pairs.add(new PortRange[] {src.get(c / dst.size()).range(),
                dst.get(c % dst.size()).range()});
          }
        }
        return space.portCells(pairs);
      });
    }

    /** A set of cells as a map key, by content. */
    private record Cells(long[] bits) {
      @Override
      public boolean equals(Object o) {
        return o instanceof Cells c && Arrays.equals(c.bits, bits);
      }

      @Override
      public int hashCode() {
        return Arrays.hashCode(bits);
      }
    }
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
        v = new View(space, cells(side.dst), rs, protocol, pMask);
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
    int[] rowOf = new Rows(side, rs, views).rowOf;
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
    /**
     * Each distinct set of the relations' ports once (masks that differ outside may share): the
     * masks within {@code pMask} numbered, and the ports of each number (a map by boxed mask made
     * a {@code Long} per mask id, some 70 MB on the account preset's JSON run).
     */
    final MaskIds belowIds = new MaskIds();
    final List<FlowSpace.Part> belowById = new ArrayList<>();
    final List<FlowSpace.Part> parts = new ArrayList<>();
    /** The destination level of the last row, changed into the next one's. */
    final FlowSpace.Row row;

    View(FlowSpace space, FlowSpace.Cells dstCells, List<Relation> rs, int protocol,
        long pMask) {
      this.space = space;
      this.row = space.row(true, dstCells);
      this.rs = rs;
      this.protocol = protocol;
      this.pMask = pMask;
      this.ported = Protocols.hasPorts(protocol);
    }

    /**
     * Adds the part of a row given by the mask id of each destination position ({@code idAt},
     * -1: none) that differs from the last row's only at the positions {@code moved}, after what
     * lies below each mask numbered since the last row.
     */
    void addRow(int[] moved, int movedCount, int[] idAt, MaskIds ids) {
      if (belowOf.length < ids.size) {
        belowOf = Arrays.copyOf(belowOf, Math.max(2 * belowOf.length, ids.size));
      }
      for (; known < ids.size; known++) {
        long m = ids.masks[known] & pMask;
        belowOf[known] = m == 0 ? space.nothing() : !ported ? space.leaf() : belowOf(m);
      }
      for (int y = 0; y < movedCount; y++) {
        int t = moved[y];
        int id = idAt[t];
        row.set(t, id < 0 ? space.nothing() : belowOf[id]);
      }
      parts.add(row.build());
    }

    /** How many mask ids {@link #belowOf} holds. */
    private int known;

    /** The ports below a run whose relations of this view are those of {@code m} (not 0). */
    private FlowSpace.Part belowOf(long m) {
      int id = belowIds.id(m);
      if (id == belowById.size()) {
        belowById.add(below(rs, protocol, m));
      }
      return belowById.get(id);
    }
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
  private static FlowSpace.Part below(List<Relation> rs, int protocol, long mask) {
    PortParts ports = rs.get(0).portParts;
    long[] cells = new long[ports.words];
    for (int i = 0; i < rs.size(); i++) {
      if ((mask & 1L << i) != 0) {
        long[] of = rs.get(i).ports.get(protocol);
        for (int w = 0; w < cells.length; w++) {
          cells[w] |= of[w];
        }
      }
    }
    return ports.of(cells);
  }

  /**
   * The rows of a chunk of relations: for each source position the id of its row. A row depends
   * only on the source's signature (its group set's egress decisions, or external; its own NIC
   * when the destinations hold its addresses; and which relations admit it at the ingress of each
   * destination group set) and is computed once per signature, as the mask of the relations
   * whose pairs hold each destination position (by its id, {@link MaskIds}); each view keeps the
   * destination level of the last row ({@link FlowSpace.Row}) and changes it into the next.
   * Consecutive rows differ in few destinations (on the account preset, a row of 11,000
   * destinations in about 130): when a row's source has the same egress decisions as the last
   * row's (or both are external), only the positions of the destination classes whose admissions
   * differ and of the two sources' own NICs are computed again, and the views change only the
   * cells whose mask id changed; when both are NICs of different egress, also the positions where
   * the two egresses differ, unless more than half do; otherwise the row visits every destination
   * once. So the rows are made grouped by egress (external first), in source order within.
   *
   * <p>Destination group sets whose ingress decisions are the same bit sets under every relation
   * admit the same sources alike: they are one class here, read once. Classes share decisions by
   * content: the sources are grouped by signature by refining a partition content by content (a
   * source's part and whether the content admits it give its new part), so no signature is built
   * and a content is read once, however many classes have it; a row's admissions are those of the
   * last row changed where its source's membership of a content differs.
   */
  private static final class Rows {
    final MaskIds ids = new MaskIds();
    final int[] rowOf;
    private int rows;

    Rows(Ends side, List<Relation> rs, List<View> views) {
      Universe src = side.src;
      Universe dst = side.dst;
      int k = rs.size();
      long all = k == 64 ? -1L : (1L << k) - 1;
      boolean denied = rs.get(0).expect == Expectation.DENIED;
      int[] sets = side.dstSets;
      // The classes of destination group sets: the same ingress bit sets (by content) under each
      // relation. Per class, its distinct decisions (by identity: decisions are shared by key)
      // with the mask of the relations that have each.
      int[] classOfSet = new int[src.index().sets.size()];
      Map<Tuple, Integer> classIds = new HashMap<>();
      Map<BitSet, Integer> hashes = new java.util.IdentityHashMap<>();
      // Per class, the content of each of its distinct decisions (by number) and the mask of the
      // relations that have it. Classes share contents: on the account preset with a group set
      // per NIC, one chunk's 5,500 classes had 64,000 distinct decisions but 8,800 contents.
      Map<Content, Integer> contentIds = new HashMap<>();
      List<long[]> contentList = new ArrayList<>();
      List<int[]> contentsOf = new ArrayList<>();
      List<long[]> relationsOf = new ArrayList<>();
      int[] tupleHashes = new int[k];
      for (int j = 0; j < sets.length; j++) {
        BitSet[] tuple = new BitSet[k];
        int hash = 1;
        for (int i = 0; i < k; i++) {
          Combination c = rs.get(i).c;
          tuple[i] = c.ingress[sets[j]];
          // Each decision's hash as its cell keeps it (as the Tuple's constructor finds it).
          tupleHashes[i] = tuple[i] == null ? 0 : c.hasRelationHash() ? c.allowedHash(j)
              : hashes.computeIfAbsent(tuple[i], BitSet::hashCode);
          hash = 31 * hash + tupleHashes[i];
        }
        assert hash == new Tuple(tuple, hashes).hashCode() : "class hash";
        Integer known = classIds.putIfAbsent(new Tuple(tuple, hash), classIds.size());
        if (known != null) {
          classOfSet[sets[j]] = known;
          continue;
        }
        classOfSet[sets[j]] = contentsOf.size();
        BitSet[] distinct = new BitSet[k];
        int[] distinctHashes = new int[k];
        long[] relations = new long[k];
        int distinctCount = 0;
        for (int i = 0; i < k; i++) {
          int x = 0;
          while (x < distinctCount && distinct[x] != tuple[i]) {
            x++;
          }
          if (x == distinctCount) {
            distinctHashes[distinctCount] = tupleHashes[i];
            distinct[distinctCount++] = tuple[i];
          }
          relations[x] |= 1L << i;
        }
        int[] contents = new int[distinctCount];
        for (int x = 0; x < distinctCount; x++) {
          BitSet b = distinct[x];
          Integer id = contentIds.putIfAbsent(new Content(b, distinctHashes[x]),
              contentList.size());
          if (id == null) {
            id = contentList.size();
            // As words: read by word operations below, not a call per bit.
            contentList.add(b.toLongArray());
          }
          contents[x] = id;
        }
        contentsOf.add(contents);
        relationsOf.add(Arrays.copyOf(relations, distinctCount));
      }
      int classes = contentsOf.size();
      long[][] content = contentList.toArray(long[][]::new);
      // Where each content is: the classes and the masks of the relations that have it there.
      int[] occurrenceStart = new int[content.length + 1];
      for (int[] contents : contentsOf) {
        for (int c : contents) {
          occurrenceStart[c + 1]++;
        }
      }
      for (int c = 0; c < content.length; c++) {
        occurrenceStart[c + 1] += occurrenceStart[c];
      }
      int[] occurrenceClass = new int[occurrenceStart[content.length]];
      long[] occurrenceRelations = new long[occurrenceClass.length];
      int[] filled = Arrays.copyOf(occurrenceStart, content.length);
      for (int q = 0; q < classes; q++) {
        int[] contents = contentsOf.get(q);
        long[] relations = relationsOf.get(q);
        for (int x = 0; x < contents.length; x++) {
          int e = filled[contents[x]]++;
          occurrenceClass[e] = q;
          occurrenceRelations[e] = relations[x];
        }
      }
      // Which relations' egress lets each destination out, per source group set (on first use,
      // in source order). Source group sets whose egress decides alike under every relation share
      // one set of masks.
      Map<Tuple, Integer> egressIds = new HashMap<>();
      List<long[]> egressMasks = new ArrayList<>();
      int[] egressIdOfSet = new int[src.index().sets.size()];
      Arrays.fill(egressIdOfSet, -1);
      // The first partition of the sources: egress (or external) and own NIC.
      int[] part = new int[src.size];
      Map<Long, Integer> firstParts = new HashMap<>();
      for (int s = 0; s < src.size; s++) {
        long egressId = -1;
        long ownKey = -1;
        if (src.nic[s] != null) {
          int h = src.set[s];
          if (egressIdOfSet[h] < 0) {
            BitSet[] tuple = new BitSet[k];
            for (int i = 0; i < k; i++) {
              tuple[i] = rs.get(i).c.egress[h];
            }
            egressIdOfSet[h] = egressIds.computeIfAbsent(new Tuple(tuple, hashes), x -> {
              egressMasks.add(egressMasks(tuple, dst.size));
              return egressMasks.size() - 1;
            });
          }
          egressId = egressIdOfSet[h];
          if (dst.byNic.get(src.nic[s]) != null) {
            ownKey = src.byNic.get(src.nic[s])[0];
          }
        }
        long key = (egressId + 1) << 32 | (ownKey + 1);
        Integer known = firstParts.putIfAbsent(key, firstParts.size());
        part[s] = known == null ? firstParts.size() - 1 : known;
      }
      // Refined content by content: the sources a content admits get the part of their part and
      // the content; the others keep theirs. A source's mask at a class is the relations of the
      // class's decisions that admit it (each relation has exactly one of them), so sources that
      // every content admits alike have the same mask at every class: the same signature. Where
      // a content admits most sources, those it leaves out are read instead (either way the
      // sources of a part are split alike), and a content is read once however many classes
      // have it (before, class by class: on the account preset with a group set per NIC, 18.5
      // million admissions read for one chunk).
      int parts = firstParts.size();
      int length = (src.size + 63) >>> 6;
      long lastWord = (src.size & 63) == 0 ? -1L : (1L << (src.size & 63)) - 1;
      PartIds split = new PartIds(src.size);
      src.index().contentsRead += content.length;
      for (long[] words : content) {
        long admitted = 0;
        for (long w : words) {
          admitted += Long.bitCount(w);
        }
        boolean complement = src.size - admitted < admitted;
        split.clear();
        for (int w = 0; w < length; w++) {
          long bits = w < words.length ? words[w] : 0;
          if (complement) {
            bits = ~bits & (w == length - 1 ? lastWord : -1L);
          }
          // By words, not nextSetBit: decisions admit most sources, a call per source was most
          // of this loop.
          for (; bits != 0; bits &= bits - 1) {
            int s = (w << 6) + lowestBit(bits);
            int next = split.id(part[s], parts);
            if (next == parts) {
              parts++;
            }
            part[s] = next;
          }
        }
      }
      int[] dstClass = new int[dst.size];
      int[] perClass = new int[classes];
      for (int t = 0; t < dst.size; t++) {
        dstClass[t] = dst.nic[t] == null ? -1 : classOfSet[dst.set[t]];
        if (dstClass[t] >= 0) {
          perClass[dstClass[t]]++;
        }
      }
      // The destination positions of each class, ascending.
      int[][] atClass = new int[classes][];
      for (int q = 0; q < classes; q++) {
        atClass[q] = new int[perClass[q]];
        perClass[q] = 0;
      }
      for (int t = 0; t < dst.size; t++) {
        if (dstClass[t] >= 0) {
          atClass[dstClass[t]][perClass[dstClass[t]]++] = t;
        }
      }
      this.dstClass = dstClass;
      this.all = all;
      this.denied = denied;
      admByClass = new long[classes];
      // Whether the last row's source is in each content; the classes whose admissions the row
      // being made changed, once each (by the row's number).
      boolean[] member = new boolean[content.length];
      int[] changedClasses = new int[classes];
      int[] changedIn = new int[classes];
      Arrays.fill(changedIn, -1);
      own = new int[dst.size];
      idAt = new int[dst.size];
      Arrays.fill(idAt, -1);
      moved = new int[dst.size];
      int[] candidates = new int[dst.size];
      int[] seen = new int[dst.size];
      // The kind of the last row's source: its egress id, -1 external, -2 no row yet.
      int lastKind = -2;
      int[] lastOwn = null;
      int[] rowOfPart = new int[parts];
      Arrays.fill(rowOfPart, -1);
      rowOf = new int[src.size];
      // The rows in order of their sources' egress (external first), then of the sources: a row
      // whose egress is another than the last row's reads every destination (or those where the
      // two egresses differ), so rows of one egress are made one after another (on the account
      // preset's JSON run, 12.0 -> 6.3 million destinations visited). A row's part is the same in
      // any order (views by row id, nodes by content).
      long[] order = new long[parts];
      int orderCount = 0;
      for (int s = 0; s < src.size; s++) {
        if (rowOfPart[part[s]] == -1) {
          rowOfPart[part[s]] = -2; // ordered
          long egressKey = src.nic[s] == null ? 0 : egressIdOfSet[src.set[s]] + 1;
          order[orderCount++] = egressKey << 32 | s;
        }
      }
      Arrays.sort(order, 0, orderCount);
      for (int next = 0; next < orderCount; next++) {
        int s = (int) order[next];
        external = src.nic[s] == null;
        int kind = external ? -1 : egressIdOfSet[src.set[s]];
        egress = external ? null : egressMasks.get(kind);
        int[] ownPositions = external ? null : dst.byNic.get(src.nic[s]);
        // The admissions of each class, changed from the last row's where the source's membership
        // of a content differs (a relation's decision admits the source or not: its bit flips),
        // so a row reads each content once, not each class's decisions.
        int word = s >>> 6;
        int changedCount = 0;
        src.index().contentsRead += content.length;
        for (int c = 0; c < content.length; c++) {
          long[] words = content[c];
          boolean in = word < words.length && (words[word] >>> s & 1) != 0;
          if (in != member[c]) {
            member[c] = in;
            for (int e = occurrenceStart[c]; e < occurrenceStart[c + 1]; e++) {
              int q = occurrenceClass[e];
              admByClass[q] ^= occurrenceRelations[e];
              if (changedIn[q] != next) {
                changedIn[q] = next;
                changedClasses[changedCount++] = q;
              }
            }
          }
        }
        Arrays.sort(changedClasses, 0, changedCount);
        stamp = s + 1;
        if (ownPositions != null) {
          for (int t : ownPositions) {
            own[t] = stamp;
          }
        }
        // The positions whose mask may differ from the last row's: with the same egress (or
        // both external), those of the classes whose admissions differ and the two sources'
        // own; with another egress of a NIC, also those where the two egresses differ (unless
        // more than half do); else all of them.
        int count = -1;
        if (kind == lastKind || kind >= 0 && lastKind >= 0) {
          count = 0;
          if (kind != lastKind) {
            long[] before = egressMasks.get(lastKind);
            int most = dst.size / 2;
            for (int t = 0; t < dst.size; t++) {
              if (before[t] != egress[t]) {
                if (count == most) {
                  count = -1;
                  break;
                }
                seen[t] = stamp;
                candidates[count++] = t;
              }
            }
          }
          for (int y = 0; y < changedCount && count >= 0; y++) {
            int[] at = atClass[changedClasses[y]];
            if (count + at.length > dst.size / 2) {
              count = -1;
              break;
            }
            for (int t : at) {
              if (seen[t] != stamp) {
                seen[t] = stamp;
                candidates[count++] = t;
              }
            }
          }
          for (int[] ownOf : new int[][] {lastOwn, ownPositions}) {
            for (int y = 0; ownOf != null && count >= 0 && y < ownOf.length; y++) {
              int t = ownOf[y];
              if (seen[t] != stamp) {
                seen[t] = stamp;
                candidates[count++] = t;
              }
            }
          }
        }
        movedCount = 0;
        if (count < 0) {
          for (int t = 0; t < dst.size; t++) {
            visit(t);
          }
          src.index().rowPositionsVisited += dst.size;
        } else {
          for (int y = 0; y < count; y++) {
            visit(candidates[y]);
          }
          src.index().rowPositionsVisited += count;
        }
        src.index().violationRows++;
        for (View v : views) {
          v.addRow(moved, movedCount, idAt, ids);
        }
        lastKind = kind;
        lastOwn = ownPositions;
        rowOfPart[part[s]] = rows++;
      }
      for (int s = 0; s < src.size; s++) {
        rowOf[s] = rowOfPart[part[s]];
      }
    }

    // The row being made: whether its source is external, its egress masks, its admissions by
    // destination class, the stamp on its own positions.
    private final int[] dstClass;
    private final long all;
    private final boolean denied;
    private final long[] admByClass;
    private final int[] own;
    private boolean external;
    private long[] egress;
    private int stamp;
    /** The mask id of each destination position in the last row made (-1: none). */
    private final int[] idAt;
    /** The positions whose mask id the row being made changed, and how many. */
    private final int[] moved;
    private int movedCount;
    /** The last mask numbered, and its id (neighbours often have the same). */
    private long lastMask;
    private int lastId = -1;

    /**
     * The mask of position {@code t} in the row being made (none for the source's own NIC: a NIC
     * talking to itself is not a flow), recorded when it changed.
     */
    private void visit(int t) {
      int j = dstClass[t];
      long m;
      if (own[t] == stamp || external && j < 0) {
        m = 0; // its own NIC, or two external ends: not a flow
      } else {
        long permitted = (external ? all : egress[t]) & (j < 0 ? all : admByClass[j]);
        m = denied ? permitted : all & ~permitted;
      }
      int id;
      if (m == 0) {
        id = -1;
      } else if (m == lastMask) {
        id = lastId;
      } else {
        id = ids.id(m);
        lastMask = m;
        lastId = id;
      }
      if (idAt[t] != id) {
        idAt[t] = id;
        moved[movedCount++] = t;
      }
    }
  }

  /**
   * Decision bit sets (one per relation, or one per group set of the ends: {@link #decisions}) as
   * a map key by content. Decisions are shared objects,
   * met again and again (each set's for every destination group set it decides alike): each one's
   * hash, a pass over its words, is computed once per build ({@code hashes}, by identity), and
   * equal tuples are mostly the same objects, which {@link BitSet#equals} tells at once.
   */
  private static final class Tuple {
    private final BitSet[] sets;
    private final int hash;

    /** A tuple whose hash (as the other constructor finds it) is known. */
    Tuple(BitSet[] sets, int hash) {
      this.sets = sets;
      this.hash = hash;
    }

    Tuple(BitSet[] sets, Map<BitSet, Integer> hashes) {
      this.sets = sets;
      int h = 1;
      for (BitSet b : sets) {
        h = 31 * h + (b == null ? 0 : hashes.computeIfAbsent(b, BitSet::hashCode));
      }
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tuple t && t.hash == hash && Arrays.equals(t.sets, sets);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * A decision bit set as a map key by content, with its hash (computed once per bit set: {@link
   * Tuple}).
   */
  private static final class Content {
    private final BitSet set;
    private final int hash;

    Content(BitSet set, int hash) {
      this.set = set;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Content c && c.hash == hash && c.set.equals(set);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * The parts a refinement step gives: a new number for each part it splits, the next free one at
   * first sight. Open addressing over the parts (held plus one: 0 is an empty slot), cleared slot
   * by slot.
   */
  private static final class PartIds {
    private final int[] slotPart;
    private final int[] slotId;
    private final int[] used;
    private int usedCount;

    PartIds(int most) {
      int size = Integer.highestOneBit(Math.max(2, 2 * most)) << 1;
      slotPart = new int[size];
      slotId = new int[size];
      used = new int[most];
    }

    void clear() {
      for (int u = 0; u < usedCount; u++) {
        slotPart[used[u]] = 0;
      }
      usedCount = 0;
    }

    /** The new number of the part: {@code fresh} (the caller's next free number) at first sight. */
    int id(int part, int fresh) {
      int n = slotPart.length - 1;
      int i = (int) (((long) part * MIX) >>> 40) & n;
      while (slotPart[i] != 0) {
        if (slotPart[i] == part + 1) {
          return slotId[i];
        }
        i = (i + 1) & n;
      }
      slotPart[i] = part + 1;
      slotId[i] = fresh;
      used[usedCount++] = i;
      return fresh;
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
  private static long[] egressMasks(BitSet[] byRelation, int positions) {
    long[][] rows = new long[byRelation.length][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = byRelation[i].toLongArray();
    }
    return Bits.transpose(rows, (positions + 63) >>> 6, positions, 1);
  }

  /**
   * The violating pairs of one set of decisions, and the protocols and port classes of every
   * combination that has them.
   */
  private static final class Relation {
    final Ends side;
    final Combination c;
    final Expectation expect;
    /** The port cells of the combinations, by protocol (one cell for a port-less one). */
    final Map<Integer, long[]> ports = new LinkedHashMap<>();
    final PortParts portParts;

    Relation(Ends side, Combination c, Expectation expect, PortParts portParts) {
      this.side = side;
      this.c = c;
      this.expect = expect;
      this.portParts = portParts;
    }

    void add(int protocol, int cell) {
      ports.computeIfAbsent(protocol, p -> new long[portParts.words])[cell >>> 6] |= 1L << cell;
    }

  }
}

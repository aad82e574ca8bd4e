package dev.sgproof.flows;

import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exact sets of flows, as reduced interval diagrams (the one flow-set representation of violations,
 * the matrix, diff and lint). A set is a tree of levels in a fixed order: protocol number, source
 * address, destination address, source port, destination port (the ports only under tcp and udp).
 * Each node splits its level's whole domain into intervals, each with the set of the levels below
 * it (or nothing); adjacent intervals never hold the same set, and equal sets are one node
 * (hash-consed). So two sets of one space are equal exactly when their roots are the same node,
 * and the intervals of a node are the coarsest over which the rest of the set is the same: the
 * canonical form of language.md ("Violations"), read off as boxes by {@link FlowSet#boxes}.
 *
 * <p>Addresses of both versions lie on one line, IPv4 first ({@code 0 .. 2^32-1}), then IPv6
 * ({@code 2^32 ..}); a set only ever pairs a source with a destination of its own version, so no
 * interval with something below it crosses from one version to the other.
 *
 * <p>A space is not thread-safe: use one per thread (or per computation). Sets of different spaces
 * do not mix.
 */
public final class FlowSpace {
  static final int PROTOCOL = 0;
  static final int SRC = 1;
  static final int DST = 2;
  static final int SRC_PORT = 3;
  static final int DST_PORT = 4;
  static final int LEAF = 5;

  /** The first IPv6 address on the address line. */
  static final BigInteger V6_START = BigInteger.ONE.shiftLeft(32);
  static final BigInteger ADDRESS_END = V6_START.add(BigInteger.ONE.shiftLeft(128));
  private static final BigInteger PROTOCOL_END = BigInteger.valueOf(Protocols.MAX + 1L);
  private static final BigInteger PORT_START = BigInteger.valueOf(PortRange.MIN);
  private static final BigInteger PORT_END = BigInteger.valueOf(PortRange.MAX + 1L);

  /** The one leaf: every flow below the path that leads to it. */
  final Node full = new Node(LEAF, new BigInteger[0], new Node[0]);
  private final Map<Node, Node> unique = new HashMap<>();
  private final Map<OpKey, Node> memo = new HashMap<>();
  private final FlowSet empty = new FlowSet(this, null);

  /** The empty set of this space. */
  public FlowSet empty() {
    return empty;
  }

  /** The flows of one box. */
  public FlowSet box(FlowBox b) {
    Node below = full;
    if (b.hasPorts()) {
      below = interval(DST_PORT, port(b.dstPorts().orElseThrow().low()),
          port(b.dstPorts().orElseThrow().high()), below);
      below = interval(SRC_PORT, port(b.srcPorts().orElseThrow().low()),
          port(b.srcPorts().orElseThrow().high()), below);
    }
    below = interval(DST, line(b.dstLow()), line(b.dstHigh()), below);
    below = interval(SRC, line(b.srcLow()), line(b.srcHigh()), below);
    // Only flows: icmp is IPv4 only and icmpv6 IPv6 only, so a box of the other version holds
    // no flow of that protocol (and a set never holds such a point).
    int skip = b.srcLow().isV4() ? Protocols.ICMPV6 : Protocols.ICMP;
    Builder p = new Builder(PROTOCOL);
    p.add(BigInteger.valueOf(b.protocolLow()), below);
    if (b.protocolLow() <= skip && skip <= b.protocolHigh()) {
      p.add(BigInteger.valueOf(skip), null);
      p.add(BigInteger.valueOf(skip + 1L), below);
    }
    p.add(BigInteger.valueOf(b.protocolHigh() + 1L), null);
    return wrap(p.build());
  }

  /** The one flow, as a set. */
  public FlowSet of(Flow f) {
    if (f.hasPorts()) {
      PortRange sp = PortRange.single(f.srcPort());
      PortRange dp = PortRange.single(f.dstPort());
      return box(FlowBox.ported(f.protocol(), f.src(), f.src(), f.dst(), f.dst(), sp, dp));
    }
    return box(FlowBox.of(f.protocol(), f.protocol(), f.src(), f.src(), f.dst(), f.dst()));
  }

  // ---- building from the cells of a grid, level by level (bottom up)

  /**
   * A set of the levels below some point of a path (opaque): what {@link #leaf}, {@link
   * #portCells}, {@link #addressCells} return and {@link #protocolCells} takes.
   */
  public static final class Part {
    final Node node;
    /** The node's identity hash (what a node's hash takes of each kid), for {@link Row}. */
    final int nodeHash;

    private Part(Node node) {
      this.node = node;
      this.nodeHash = System.identityHashCode(node);
    }

    public boolean isEmpty() {
      return node == null;
    }

    /** Two parts are equal when they hold the same flows (nodes are hash-consed). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Part p && p.node == node;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(node);
    }
  }

  /** The flows in both parts (parts of the same level: both port parts, or both leaves). */
  public Part intersection(Part a, Part b) {
    return part(apply(Op.INTERSECTION, a.node, b.node));
  }

  /** The flows of {@code a} that are not in {@code b} (parts of the same level). */
  public Part minus(Part a, Part b) {
    return part(apply(Op.DIFFERENCE, a.node, b.node));
  }

  /** The flows in either part (parts of the same level). */
  public Part union(Part a, Part b) {
    return part(apply(Op.UNION, a.node, b.node));
  }

  private Part part(Node n) {
    return n == null ? nothing : n == full ? fullPart : new Part(n);
  }

  /** One cell of a level: an inclusive interval and what lies below it. */
  public record Cell<T>(T low, T high, Part below) {}

  private final Part fullPart = new Part(full);

  /** Everything below a destination address of a port-less protocol, or below the ports. */
  public Part leaf() {
    return fullPart;
  }

  private final Part nothing = new Part(null);

  /** Nothing at all below. */
  public Part nothing() {
    return nothing;
  }

  /**
   * The port part of tcp or udp flows: the union of the (source ports x destination ports)
   * products given.
   */
  public Part portCells(List<PortRange[]> pairs) {
    Optional<Node> grid = grid(pairs);
    if (grid.isPresent()) {
      return new Part(grid.get());
    }
    Node n = null;
    for (PortRange[] pair : pairs) {
      Node one = interval(SRC_PORT, port(pair[0].low()), port(pair[0].high()),
          interval(DST_PORT, port(pair[1].low()), port(pair[1].high()), full));
      n = apply(Op.UNION, n, one);
    }
    return new Part(n);
  }

  /**
   * The port part of products that form a grid (each two either have the same source ports or
   * disjoint ones, and the destination ports of one source range are disjoint: the port classes
   * of a decision table), built in one pass; empty when they do not.
   */
  private Optional<Node> grid(List<PortRange[]> pairs) {
    List<PortRange[]> sorted = new ArrayList<>(pairs);
    sorted.sort((a, b) -> a[0].low() != b[0].low() ? Integer.compare(a[0].low(), b[0].low())
        : Integer.compare(a[1].low(), b[1].low()));
    Builder src = new Builder(SRC_PORT);
    int i = 0;
    while (i < sorted.size()) {
      PortRange s = sorted.get(i)[0];
      Builder dst = new Builder(DST_PORT);
      int lastHigh = -1;
      for (; i < sorted.size() && sorted.get(i)[0].equals(s); i++) {
        PortRange d = sorted.get(i)[1];
        if (d.low() <= lastHigh) {
          return Optional.empty();
        }
        dst.add(port(d.low()), full);
        dst.add(port(d.high() + 1), null);
        lastHigh = d.high();
      }
      if (i < sorted.size() && sorted.get(i)[0].low() <= s.high()) {
        return Optional.empty();
      }
      src.add(port(s.low()), dst.build());
      src.add(port(s.high() + 1), null);
    }
    return Optional.ofNullable(src.build());
  }

  /**
   * A source ({@code destination == false}) or destination address level from disjoint cells, in
   * any order; addresses between cells hold nothing.
   */
  public Part addressCells(boolean destination, List<Cell<IpAddress>> cells) {
    List<Cell<IpAddress>> sorted = new ArrayList<>(cells);
    sorted.sort((a, b) -> a.low().compareTo(b.low()));
    Builder b = new Builder(destination ? DST : SRC);
    BigInteger end = BigInteger.ZERO;
    for (Cell<IpAddress> c : sorted) {
      BigInteger low = line(c.low());
      if (low.compareTo(end) < 0) {
        throw new IllegalArgumentException("overlapping address cells at " + c.low());
      }
      b.add(low, c.below().node);
      end = line(c.high()).add(BigInteger.ONE);
      b.add(end, null);
    }
    return new Part(b.build());
  }

  /**
   * Builds a source ({@code destination == false}) or destination address level from cells given
   * in ascending address order, one at a time (no list of cells is kept: adjacent cells with the
   * same part merge as they come).
   */
  public AddressRows addressRows(boolean destination) {
    return new AddressRows(new Builder(destination ? DST : SRC));
  }

  /** See {@link #addressRows}. */
  public final class AddressRows {
    private final Builder b;
    private BigInteger end = BigInteger.ZERO;

    private AddressRows(Builder b) {
      this.b = b;
    }

    /** Adds the cell {@code low..high}, which must start after every cell added before. */
    public void add(IpAddress low, IpAddress high, Part below) {
      BigInteger from = lineOf(low);
      if (from.compareTo(end) < 0) {
        throw new IllegalArgumentException("address cells out of order at " + low);
      }
      if (!from.equals(end)) {
        b.add(end, null);
      }
      b.add(from, below.node);
      end = lineOf(high).add(BigInteger.ONE);
      lastCells = null;
    }

    /**
     * Adds cell {@code i} of the given cells (which must start after every cell added before):
     * the fast way to add many cells of one list.
     */
    public void add(Cells cells, int i, Part below) {
      add(cells, i, i, below);
    }

    /**
     * Adds cells {@code first..last} of the given cells, which must touch one another (see {@link
     * Cells#touch}), as one interval.
     */
    public void add(Cells cells, int first, int last, Part below) {
      BigInteger from = cells.start[first];
      if (cells == lastCells && first > lastCell) {
        // After the last cell of the same list: no comparison of addresses is needed. The
        // cells are disjoint and ascending, so this one starts after the last one ends, at its
        // end exactly when they touch (then the same object, Cells): each key appended is after
        // the one before, and inside the address line.
        if (from != end) {
          b.append(end, null);
        }
        b.append(from, below.node);
      } else {
        if (from != end && !from.equals(end)) {
          if (from.compareTo(end) < 0) {
            throw new IllegalArgumentException("address cells out of order at " + from);
          }
          b.add(end, null);
        }
        b.add(from, below.node);
      }
      end = cells.end[last];
      lastCells = cells;
      lastCell = last;
    }

    /** The cells of the last {@link #add} of cells, and the last of them. */
    private Cells lastCells;
    private int lastCell;

    public Part build() {
      b.add(end, null);
      return new Part(b.build());
    }
  }

  /**
   * A source ({@code destination == false}) or destination address level over the cells of one
   * list, each cell holding a part (nothing at first) that {@link Row#set} changes; {@link
   * Row#build} gives the level of the cells as they are.
   */
  public Row row(boolean destination, Cells cells) {
    return new Row(destination ? DST : SRC, cells);
  }

  /**
   * See {@link #row}. Made for the violations' rows, thousands of levels over the same thousands
   * of destinations, each row most often differing from the one before in a few cells (on the
   * account preset's JSON run, 27,000 rows of 2,900 cells on average changed 200 each): a build
   * reads only the intervals at the ends of the changed cells, for the node's hash (the last
   * one's plus and minus their shares, {@link Node#share}), its count of boxes and whether it
   * holds anything, and logs the changes. The node's intervals are made from the log when
   * something reads them ({@link Node#keys()}): listing the first boxes reads a few rows, and
   * counting, interning and the levels above read none. (Copying every row's intervals was a
   * fifth of the violations' time there, and most of what their collections kept.) Two nodes of
   * one row are compared by the changes between them ({@link #same}).
   *
   * <p>The intervals are those of the cells in order: at each boundary {@code b} (before cell
   * {@code b}; {@code b == n} after the last) an interval of nothing from the end of cell {@code
   * b - 1} when it holds something and does not touch cell {@code b}, and one from the start of
   * cell {@code b} when it holds something else than what reaches it. So the intervals of a
   * boundary depend only on the cells on its two sides.
   */
  public final class Row {
    private final int level;
    private final Cells cells;
    private final int n;
    private final boolean startsLine;
    private final boolean endsLine;
    /** Each cell's set (null: nothing) and its identity hash. */
    private final Node[] kid;
    private final int[] kidHash;
    /** Each changed cell's set and hash at the last build (where {@link #dirty}). */
    private final Node[] was;
    private final int[] wasHash;
    /** The cells set to something else since the last build, each once. */
    private final int[] changed;
    private final boolean[] dirty;
    private int changedCount;
    /** The hash of the cells' intervals at the last build, and how many hold something. */
    private int hash;
    private int some;
    /**
     * How many canonical boxes the intervals hold (the sum of their sets' counts), kept as the
     * hash is, so that counting a row's node does not read its intervals; unknown when some
     * count does not fit a {@code long} (then counted as any node is).
     */
    private long boxes;
    private boolean boxesUnknown;
    /** The last build, or null before the first. */
    private Part last;
    /**
     * What each build changed: the changes of build k (1, 2, ...) are {@code logStart[k] ..
     * logStart[k + 1] - 1}, each a cell and its set before and after; every {@link #SNAPSHOT}th
     * build also keeps every cell's set. A node is made from them when it is read ({@link
     * #intervals(int)}).
     */
    private int builds;
    private int[] logStart = new int[16];
    private int[] logCell = new int[64];
    private Node[] logBefore = new Node[64];
    private Node[] logAfter = new Node[64];
    private int logSize;
    private final List<Node[]> snapshots = new ArrayList<>();
    /** The intervals of one boundary (at most two): their starts and sets. */
    private final BigInteger[] bKey = new BigInteger[2];
    private final Node[] bKid = new Node[2];
    /** Scratch for {@link #same}: a stamp per cell and the set it had first. */
    private int[] seenStamp;
    private Node[] seenFirst;
    private int stamp;

    private Row(int level, Cells cells) {
      this.level = level;
      this.cells = cells;
      n = cells.start.length;
      startsLine = n > 0 && cells.start[0].signum() == 0;
      endsLine = n > 0 && cells.end[n - 1].compareTo(ADDRESS_END) >= 0;
      kid = new Node[n];
      kidHash = new int[n];
      was = new Node[n];
      wasHash = new int[n];
      changed = new int[n];
      dirty = new boolean[n];
      hash = level;
      for (int b = 0; b <= n; b++) {
        account(b, null, null, 0, 1);
      }
    }

    /** Cell {@code i} holds {@code below} (nothing when it is empty). */
    public void set(int i, Part below) {
      if (kid[i] != below.node) {
        if (!dirty[i]) {
          dirty[i] = true;
          was[i] = kid[i];
          wasHash[i] = kidHash[i];
          changed[changedCount++] = i;
        }
        kid[i] = below.node;
        kidHash[i] = below.nodeHash;
      }
    }

    /**
     * The level of the cells as they are now. Only the intervals at the two ends of each changed
     * cell are read again, for the hash and the count (a boundary's intervals depend only on the
     * cells on its two sides); the node's intervals are made when something reads them.
     */
    public Part build() {
      if (last != null && changedCount == 0) {
        return last;
      }
      Arrays.sort(changed, 0, changedCount);
      int done = -1;
      for (int c = 0; c < changedCount; c++) {
        for (int b = Math.max(changed[c], done + 1); b <= changed[c] + 1; b++) {
          boundariesRead++;
          Node before = b > 0 ? (dirty[b - 1] ? was[b - 1] : kid[b - 1]) : null;
          Node at = b < n ? (dirty[b] ? was[b] : kid[b]) : null;
          int atHash = b < n ? (dirty[b] ? wasHash[b] : kidHash[b]) : 0;
          account(b, before, at, atHash, -1);
          account(b, b > 0 ? kid[b - 1] : null, b < n ? kid[b] : null, b < n ? kidHash[b] : 0, 1);
          done = b;
        }
      }
      builds++;
      if (builds + 1 >= logStart.length) {
        logStart = Arrays.copyOf(logStart, 2 * logStart.length);
      }
      logStart[builds] = logSize;
      for (int c = 0; c < changedCount; c++) {
        int i = changed[c];
        dirty[i] = false;
        if (was[i] != kid[i]) {
          if (logSize == logCell.length) {
            logCell = Arrays.copyOf(logCell, 2 * logSize);
            logBefore = Arrays.copyOf(logBefore, 2 * logSize);
            logAfter = Arrays.copyOf(logAfter, 2 * logSize);
          }
          logCell[logSize] = i;
          logBefore[logSize] = was[i];
          logAfter[logSize++] = kid[i];
        }
        was[i] = null;
      }
      logStart[builds + 1] = logSize;
      changedCount = 0;
      if (builds % SNAPSHOT == 0) {
        snapshots.add(kid.clone());
      }
      if (some == 0) {
        last = nothing;
        return last;
      }
      Node made = intern(new Node(level, hash, this, builds));
      if (!boxesUnknown && made.boxes < 0) {
        made.boxes = boxes;
      }
      last = new Part(made);
      return last;
    }

    /**
     * Adds ({@code sign} 1) or takes off (-1) the shares of the hash, the sets and the count of the
     * intervals of boundary {@code b} between a cell holding {@code before} and one holding {@code
     * at} (whose identity hash is {@code atHash}): the intervals {@link #boundary} makes, read
     * without making them (storing their starts and sets was most of a build).
     */
    private void account(int b, Node before, Node at, int atHash, int sign) {
      if (b == 0) {
        if (n > 0 && startsLine) {
          add(0, at, atHash, sign);
          return;
        }
        add(0, null, 0, sign);
        if (n > 0 && at != null) {
          add(cells.startHash[0], at, atHash, sign);
        }
        return;
      }
      if (b < n && cells.touch(b - 1)) {
        if (at != before) {
          add(cells.startHash[b], at, atHash, sign);
        }
        return;
      }
      if (before != null && (b < n || !endsLine)) {
        add(cells.endHash[b - 1], null, 0, sign);
      }
      if (b < n && at != null) {
        add(cells.startHash[b], at, atHash, sign);
      }
    }

    /** {@link #account} of one interval: its start's hash and its set. */
    private void add(int keyHash, Node set, int setHash, int sign) {
      hash += sign * Node.share(keyHash, setHash);
      if (set != null) {
        some += sign;
        if (!boxesUnknown) {
          long k = boxesOf(set);
          if (k < 0 || sign > 0 && boxes > Long.MAX_VALUE - k) {
            boxesUnknown = true;
          } else {
            boxes += sign * k;
          }
        }
      }
    }

    /**
     * The intervals of boundary {@code b} ({@code b == n} after the last cell) between a cell
     * holding {@code before} and one holding {@code at}, into {@link #bKey} and {@link #bKid};
     * how many. At boundary b: an interval of nothing from the end of cell b - 1
     * when it holds something and does not touch cell b, and one from the start of cell b when
     * it holds something else than what reaches it. Boundary 0 also starts the line. (What
     * {@link #account} reads: the two must agree, which every test of a row's node against the
     * level of its cells checks, by its hash.)
     */
    private int boundary(int b, Node before, Node at) {
      int count = 0;
      if (b == 0) {
        if (n > 0 && startsLine) {
          return put(0, cells.start[0], at);
        }
        count = put(0, BigInteger.ZERO, null);
        if (n > 0 && at != null) {
          count = put(count, cells.start[0], at);
        }
        return count;
      }
      if (b < n && cells.touch(b - 1)) {
        return at != before ? put(0, cells.start[b], at) : 0;
      }
      if (before != null && (b < n || !endsLine)) {
        count = put(count, cells.end[b - 1], null);
      }
      if (b < n && at != null) {
        count = put(count, cells.start[b], at);
      }
      return count;
    }

    private int put(int x, BigInteger key, Node set) {
      bKey[x] = key;
      bKid[x] = set;
      return x + 1;
    }

    /** How many canonical boxes a set has; -1 when that does not fit a {@code long}. */
    private static long boxesOf(Node set) {
      long b = set.boxes;
      if (b < 0) {
        try {
          b = countExact(set);
        } catch (ArithmeticException overflow) {
          return -1;
        }
      }
      return b;
    }

    /**
     * Whether build {@code k}'s cells are those the row has now (built, nothing set since): its
     * snapshot and the changes after it, read without a copy of the cells.
     */
    private boolean sameAsNow(int k) {
      int base = k / SNAPSHOT;
      stamp++;
      for (int e = logStart[base * SNAPSHOT + 1]; e < logStart[k + 1]; e++) {
        seenStamp[logCell[e]] = stamp;
        seenFirst[logCell[e]] = logAfter[e]; // the last change of a cell is its set at k
      }
      Node[] snapshot = base == 0 ? null : snapshots.get(base - 1);
      for (int c = 0; c < n; c++) {
        Node then = seenStamp[c] == stamp ? seenFirst[c] : snapshot == null ? null : snapshot[c];
        if (then != kid[c]) {
          return false;
        }
      }
      return true;
    }

    /** Each cell's set at build {@code k}. */
    private Node[] cellsAt(int k) {
      int base = k / SNAPSHOT;
      Node[] state = base == 0 ? new Node[n] : snapshots.get(base - 1).clone();
      for (int e = logStart[base * SNAPSHOT + 1]; e < logStart[k + 1]; e++) {
        state[logCell[e]] = logAfter[e];
      }
      return state;
    }

    /** The intervals of build {@code k}'s node: its starts and sets. */
    private void intervals(Node node, int k) {
      materialized++;
      Node[] state = cellsAt(k);
      BigInteger[] keys = new BigInteger[2 * n + 2];
      Node[] kids = new Node[2 * n + 2];
      int size = 0;
      for (int b = 0; b <= n; b++) {
        int count = boundary(b, b > 0 ? state[b - 1] : null, b < n ? state[b] : null);
        for (int x = 0; x < count; x++) {
          keys[size] = bKey[x];
          kids[size++] = bKid[x];
        }
      }
      node.keys = Arrays.copyOf(keys, size);
      node.kids = Arrays.copyOf(kids, size);
    }

    /**
     * Whether builds {@code j} and {@code k} have the same cells (so the same intervals): every
     * cell changed between them is back to what it was. Read from the changes between them, or,
     * when those are more than the cells, from the cells of both (those of the last build are
     * the row's own, as interning a new build compares it with an earlier one).
     */
    private boolean same(int j, int k) {
      int lo = Math.min(j, k);
      int hi = Math.max(j, k);
      int from = logStart[lo + 1];
      int to = logStart[hi + 1];
      if (seenStamp == null) {
        seenStamp = new int[n];
        seenFirst = new Node[n];
      }
      if (to - from > 2 * n) {
        return hi == builds && changedCount == 0 ? sameAsNow(lo)
            : Arrays.equals(cellsAt(lo), cellsAt(hi));
      }
      stamp++;
      for (int e = from; e < to; e++) {
        int c = logCell[e];
        if (seenStamp[c] != stamp) {
          seenStamp[c] = stamp;
          seenFirst[c] = logBefore[e];
        }
      }
      // The last change of each cell gives its set at hi.
      for (int e = to - 1; e >= from; e--) {
        int c = logCell[e];
        if (seenStamp[c] == stamp) {
          if (seenFirst[c] != logAfter[e]) {
            return false;
          }
          seenStamp[c] = stamp - 1; // read: its first change after lo is not its last
        }
      }
      return true;
    }
  }

  /** How often a {@link Row} keeps every cell's set (see {@link Row#cellsAt}). */
  private static final int SNAPSHOT = 32;

  /** Address cells with their places on the line computed once, for {@link AddressRows#add}. */
  public static final class Cells {
    final BigInteger[] start;
    final BigInteger[] end;
    /** The hashes of {@link #start} and {@link #end}, for {@link Row}. */
    final int[] startHash;
    final int[] endHash;

    /** Whether cell {@code i} ends where cell {@code i + 1} starts. */
    public boolean touch(int i) {
      return end[i] == start[i + 1];
    }

    public Cells(IpAddress[] lows, IpAddress[] highs) {
      start = new BigInteger[lows.length];
      end = new BigInteger[lows.length];
      for (int i = 0; i < lows.length; i++) {
        start[i] = line(lows[i]);
        end[i] = line(highs[i]).add(BigInteger.ONE);
      }
      // Share the object with the next cell's start when they touch (a cheap equality later).
      for (int i = 0; i + 1 < lows.length; i++) {
        if (end[i].equals(start[i + 1])) {
          end[i] = start[i + 1];
        }
      }
      startHash = new int[lows.length];
      endHash = new int[lows.length];
      for (int i = 0; i < lows.length; i++) {
        startHash[i] = start[i].hashCode();
        endHash[i] = end[i].hashCode();
      }
    }
  }

  /** The place of an address on the line, cached by identity (classes reuse their addresses). */
  private BigInteger lineOf(IpAddress a) {
    if (a.isV4()) {
      return a.value();
    }
    return lines.computeIfAbsent(a, FlowSpace::line);
  }

  private final Map<IpAddress, BigInteger> lines = new IdentityHashMap<>();

  /** The set of protocol cells (each an inclusive range of protocol numbers), disjoint. */
  public FlowSet protocolCells(List<Cell<Integer>> cells) {
    List<Cell<Integer>> sorted = new ArrayList<>(cells);
    sorted.sort((a, b) -> Integer.compare(a.low(), b.low()));
    Builder b = new Builder(PROTOCOL);
    int end = 0;
    for (Cell<Integer> c : sorted) {
      if (c.low() < end) {
        throw new IllegalArgumentException("overlapping protocol cells at " + c.low());
      }
      b.add(BigInteger.valueOf(c.low()), c.below().node);
      end = c.high() + 1;
      b.add(BigInteger.valueOf(end), null);
    }
    return wrap(b.build());
  }

  FlowSet wrap(Node n) {
    return n == null ? empty : new FlowSet(this, n);
  }

  // ---- the address line and domains

  static BigInteger line(IpAddress a) {
    return a.isV4() ? a.value() : a.value().add(V6_START);
  }

  static IpAddress address(BigInteger line) {
    return line.compareTo(V6_START) < 0
        ? IpAddress.of(IpVersion.V4, line)
        : IpAddress.of(IpVersion.V6, line.subtract(V6_START));
  }

  private static BigInteger port(int p) {
    return BigInteger.valueOf(p);
  }

  static BigInteger start(int level) {
    return switch (level) {
      case PROTOCOL, SRC, DST -> BigInteger.ZERO;
      case SRC_PORT, DST_PORT -> PORT_START;
      default -> throw new IllegalArgumentException("level " + level);
    };
  }

  /** One past the last value of the level's domain. */
  static BigInteger end(int level) {
    return switch (level) {
      case PROTOCOL -> PROTOCOL_END;
      case SRC, DST -> ADDRESS_END;
      case SRC_PORT, DST_PORT -> PORT_END;
      default -> throw new IllegalArgumentException("level " + level);
    };
  }

  // ---- nodes

  /**
   * A node: {@code keys[i]} is where interval i starts (keys[0] is the domain's start); interval i
   * ends where i+1 starts, the last at the domain's end; {@code kids[i]} is its set (null: none).
   */
  static final class Node {
    final int level;
    /** The intervals: made on first read for a node of a {@link Row}, else given. */
    private BigInteger[] keys;
    private Node[] kids;
    private final int hash;
    /** The row and the build a node of a {@link Row} is (null otherwise). */
    private final Row row;
    private final int build;

    Node(int level, BigInteger[] keys, Node[] kids) {
      this.level = level;
      this.keys = keys;
      this.kids = kids;
      this.hash = hash(level, keys, kids);
      this.row = null;
      this.build = 0;
    }

    /** The node of build {@code build} of a row, whose hash is known ({@link #hash}). */
    Node(int level, int hash, Row row, int build) {
      this.level = level;
      this.hash = hash;
      this.row = row;
      this.build = build;
    }

    /** Where interval i starts (keys[0] is the domain's start), ascending. */
    BigInteger[] keys() {
      if (keys == null) {
        row.intervals(this, build);
      }
      return keys;
    }

    /** The set of interval i (null: none). */
    Node[] kids() {
      if (kids == null) {
        row.intervals(this, build);
      }
      return kids;
    }

    /**
     * How many canonical boxes the node's set has, once {@link FlowSpace#count} found it in a
     * {@code long}; -1 before. Kept on the node, not in a map per count: a row's destination
     * node has a thousand intervals, each looked up (on the account preset's JSON run, the
     * count's map was 6 % of the samples). A function of the node alone, so never stale.
     */
    private long boxes = -1;

    /** The level plus each interval's {@link #share}. */
    static int hash(int level, BigInteger[] keys, Node[] kids) {
      int h = level;
      for (int i = 0; i < keys.length; i++) {
        h += share(keys[i].hashCode(), System.identityHashCode(kids[i]));
      }
      return h;
    }

    /**
     * An interval's share of its node's hash, from the hashes of its start and its set (the
     * identity hash; 0 for none). The hash is a sum of shares, so that a node made by changing a
     * few intervals of another ({@link Row}) has its hash from the other's and theirs alone.
     */
    static int share(int keyHash, int kidHash) {
      int x = (keyHash * 31 + kidHash) * 0x9E3779B9;
      return x ^ x >>> 16;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Node n) || n.hash != hash || n.level != level) {
        return false;
      }
      if (row != null && n.row == row) {
        return row.same(build, n.build);
      }
      BigInteger[] k = keys();
      Node[] d = kids();
      BigInteger[] nk = n.keys();
      Node[] nd = n.kids();
      if (nk.length != k.length) {
        return false;
      }
      for (int i = 0; i < k.length; i++) {
        if (nd[i] != d[i] || !nk[i].equals(k[i])) {
          return false;
        }
      }
      return true;
    }

    /** The last value of interval i. */
    BigInteger last(int i) {
      BigInteger[] k = keys();
      return (i + 1 < k.length ? k[i + 1] : end(level)).subtract(BigInteger.ONE);
    }

    /** The interval holding the value. */
    int find(BigInteger v) {
      int i = Arrays.binarySearch(keys(), v);
      return i >= 0 ? i : -i - 2;
    }
  }

  /** A node with one interval {@code low..high} holding {@code below}. */
  Node interval(int level, BigInteger low, BigInteger high, Node below) {
    Builder b = new Builder(level);
    b.add(low, below);
    b.add(high.add(BigInteger.ONE), null);
    return b.build();
  }

  /**
   * Builds a node from intervals given in ascending order of their starts: each {@link #add} starts
   * an interval that runs to the next one's start (or to the domain's end). Gaps before the first
   * start hold nothing; adjacent intervals with the same set merge; nothing at all is null.
   */
  final class Builder {
    private final int level;
    private final BigInteger end;
    // Arrays grown by hand, not lists: diagrams of the violations add millions of intervals.
    private BigInteger[] keys = new BigInteger[8];
    private Node[] kids = new Node[8];
    private int size;
    private boolean any;

    Builder(int level) {
      this.level = level;
      this.end = end(level);
      keys[0] = start(level);
      size = 1;
    }

    void add(BigInteger from, Node kid) {
      compared++;
      if (from.compareTo(end) >= 0) {
        return;
      }
      int last = size - 1;
      BigInteger lastKey = keys[last];
      int order = from == lastKey ? 0 : from.compareTo(lastKey);
      if (order < 0) {
        throw new IllegalArgumentException("intervals out of order at level " + level);
      }
      if (order == 0) {
        kids[last] = kid;
        if (last > 0 && kids[last - 1] == kid) {
          keys[last] = null;
          kids[last] = null;
          size--;
        }
      } else if (kids[last] != kid) {
        if (size == keys.length) {
          keys = Arrays.copyOf(keys, 2 * size);
          kids = Arrays.copyOf(kids, 2 * size);
        }
        keys[size] = from;
        kids[size++] = kid;
      }
      any |= kid != null;
    }

    /**
     * {@link #add} of a start known to be after the last one added and before the domain's end
     * (no comparison): a new interval, or the last one extended when it holds the same set.
     */
    void append(BigInteger from, Node kid) {
      if (kids[size - 1] != kid) {
        if (size == keys.length) {
          keys = Arrays.copyOf(keys, 2 * size);
          kids = Arrays.copyOf(kids, 2 * size);
        }
        keys[size] = from;
        kids[size++] = kid;
      }
      any |= kid != null;
    }

    Node build() {
      if (!any) {
        return null;
      }
      boolean some = false;
      for (int i = 0; i < size && !some; i++) {
        some = kids[i] != null;
      }
      if (!some) {
        return null;
      }
      return intern(new Node(level, Arrays.copyOf(keys, size), Arrays.copyOf(kids, size)));
    }
  }

  Node intern(Node n) {
    Node known = unique.putIfAbsent(n, n);
    return known == null ? n : known;
  }

  // ---- set operations

  enum Op { UNION, INTERSECTION, DIFFERENCE }

  private record OpKey(Op op, Node a, Node b) {
    @Override
    public boolean equals(Object o) {
      return o instanceof OpKey k && k.op == op && k.a == a && k.b == b;
    }

    @Override
    public int hashCode() {
      return (op.ordinal() * 31 + System.identityHashCode(a)) * 31 + System.identityHashCode(b);
    }
  }

  Node apply(Op op, Node a, Node b) {
    switch (op) {
      case UNION -> {
        if (a == null || a == b) {
          return b;
        }
        if (b == null) {
          return a;
        }
      }
      case INTERSECTION -> {
        if (a == null || b == null) {
          return null;
        }
        if (a == b) {
          return a;
        }
      }
      case DIFFERENCE -> {
        if (a == null || a == b) {
          return null;
        }
        if (b == null) {
          return a;
        }
      }
    }
    if (a.level != b.level) {
      throw new IllegalStateException("sets of different shapes: levels " + a.level + ", " + b.level);
    }
    if (a.level == LEAF) {
      return a; // both full: handled above
    }
    OpKey key = new OpKey(op, a, b);
    Node known = memo.get(key);
    if (known != null) {
      return known;
    }
    Builder out = new Builder(a.level);
    int i = 0;
    int j = 0;
    BigInteger pos = start(a.level);
    while (true) {
      out.add(pos, apply(op, a.kids()[i], b.kids()[j]));
      BigInteger nextA = i + 1 < a.keys().length ? a.keys()[i + 1] : null;
      BigInteger nextB = j + 1 < b.keys().length ? b.keys()[j + 1] : null;
      if (nextA == null && nextB == null) {
        break;
      }
      if (nextB == null || (nextA != null && nextA.compareTo(nextB) <= 0)) {
        pos = nextA;
        i++;
        if (nextB != null && nextB.equals(nextA)) {
          j++;
        }
      } else {
        pos = nextB;
        j++;
      }
    }
    Node result = out.build();
    if (memo.size() > 1_000_000) {
      memo.clear();
    }
    memo.put(key, result);
    return result;
  }

  /** The part of a node's set whose values at its level lie in {@code low..high}. */
  Node clip(Node n, BigInteger low, BigInteger high) {
    if (n == null) {
      return null;
    }
    Builder out = new Builder(n.level);
    for (int i = 0; i < n.keys().length; i++) {
      BigInteger from = n.keys()[i].max(low);
      BigInteger to = n.last(i).min(high);
      if (from.compareTo(to) <= 0 && n.kids()[i] != null) {
        out.add(from, n.kids()[i]);
        out.add(to.add(BigInteger.ONE), null);
      }
    }
    return out.build();
  }

  /** The set below the interval that holds {@code v} at the node's level (null: none). */
  static Node at(Node n, BigInteger v) {
    return n == null ? null : n.kids()[n.find(v)];
  }

  /** How many canonical boxes a node's set has (paths to the leaf). */
  BigInteger count(Node n) {
    try {
      return BigInteger.valueOf(countExact(n));
    } catch (ArithmeticException overflow) {
      return count(n, new IdentityHashMap<>());
    }
  }

  /** {@link #count} in a {@code long}; ArithmeticException when it does not fit. */
  private static long countExact(Node n) {
    if (n == null) {
      return 0;
    }
    if (n.level == LEAF) {
      return 1;
    }
    if (n.boxes >= 0) {
      return n.boxes;
    }
    long c = 0;
    for (Node k : n.kids()) {
      c = Math.addExact(c, countExact(k));
    }
    n.boxes = c;
    return c;
  }

  /**
   * How many canonical boxes a part has, counted afresh: every node's intervals read, no count
   * kept on a node used (for tests of the counts kept).
   */
  static BigInteger countAfresh(Part p) {
    return count(p.node, new IdentityHashMap<>());
  }

  private static BigInteger count(Node n, Map<Node, BigInteger> seen) {
    if (n == null) {
      return BigInteger.ZERO;
    }
    if (n.level == LEAF) {
      return BigInteger.ONE;
    }
    BigInteger known = seen.get(n);
    if (known != null) {
      return known;
    }
    BigInteger c = BigInteger.ZERO;
    for (Node k : n.kids()) {
      c = c.add(count(k, seen));
    }
    seen.put(n, c);
    return c;
  }

  /** How many intervals were added with comparisons of their starts (for tests). */
  long compared;

  /** How many boundaries {@link Row#build}s read, and how many rows' intervals were made. */
  long boundariesRead;
  long materialized;

  /** How many distinct nodes this space holds (for measurements). */
  public int size() {
    return unique.size();
  }
}

package dev.sgproof.query;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.TrafficSet;
import dev.sgproof.flows.Violations;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.Instance;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Who reaches whom (issue 13, item 3): for each ordered pair of endpoints (instances, groups or
 * NICs, {@code internet} and {@code external}), the traffic permitted <em>always</em> (for every
 * source and destination address of the pair and every source port), <em>sometimes</em> (for
 * some), and nothing else never. Exact: each cell is read off the exact permitted and denied flow sets of
 * the pair. Rows (sources) that behave alike towards every column fold into one row with a
 * count, and so do columns.
 */
public final class Matrix {
  public enum By { INSTANCE, GROUP, NIC }

  /** A row or column: the endpoints folded into it (at least one), in their order. */
  public record Line(List<String> names) {
    public Line {
      names = List.copyOf(names);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("a line names at least one endpoint");
      }
    }

    public int count() {
      return names.size();
    }

    /** {@code web1}, or {@code web1 (+2)} for three folded endpoints. */
    public String label() {
      return names.size() == 1 ? names.get(0) : names.get(0) + " (+" + (names.size() - 1) + ")";
    }
  }

  /**
   * One cell: whether the pair has any flow at all, and the traffic permitted always and
   * sometimes (disjoint).
   */
  public record Cell(TrafficSet possible, TrafficSet always, TrafficSet sometimes) {
    public static final Cell NO_FLOW = new Cell(TrafficSet.NONE, TrafficSet.NONE, TrafficSet.NONE);

    public Cell {
      Objects.requireNonNull(possible, "possible");
      Objects.requireNonNull(always, "always");
      Objects.requireNonNull(sometimes, "sometimes");
    }

    /** Whether the pair has any flow at all. */
    public boolean flows() {
      return !possible.isEmpty();
    }

    /**
     * Traffic of this cell as TRAFFIC items: {@code all} when it is all the traffic the pair can
     * have (icmpv6 between IPv4 ends does not exist, so it does not keep IPv4 ends from {@code
     * all}).
     */
    public String show(TrafficSet t) {
      return !t.isEmpty() && t.equals(possible) ? "all" : t.toString();
    }

    public boolean never() {
      return always.isEmpty() && sometimes.isEmpty();
    }

    /** From the exact permitted and denied flows of the pair. */
    public static Cell of(Violations pair) {
      FlowSet permitted = pair.permitted();
      FlowSet denied = pair.denied();
      TrafficSet p = permitted.traffic();
      TrafficSet always = p.minus(denied.traffic());
      return new Cell(p.union(denied.traffic()), always, p.minus(always));
    }
  }

  /** The matrix: rows, columns and cells by [row][column]. */
  public record Result(By by, List<Line> rows, List<Line> columns, List<List<Cell>> cells,
      List<String> empty) {
    public Result {
      rows = List.copyOf(rows);
      columns = List.copyOf(columns);
      cells = cells.stream().map(List::copyOf).toList();
      empty = List.copyOf(empty);
    }
  }

  /** An endpoint of the matrix: its name and what it denotes. */
  public record Entry(String name, Endpoint endpoint) {}

  /**
   * The endpoints of a matrix by instance, group or NIC, in declaration order, then {@code
   * internet} (the external addresses in public space) and {@code external} (every address no NIC
   * owns, public or not). Groups without members are left out (and listed by {@link
   * #emptyGroups}).
   */
  public static List<Entry> entries(Network n, By by) {
    List<Entry> out = new ArrayList<>();
    switch (by) {
      case INSTANCE -> {
        for (Instance i : n.instances()) {
          out.add(new Entry(i.name(), new Endpoint.InstanceEndpoint(i.name())));
        }
      }
      case GROUP -> {
        for (Group g : n.groups()) {
          if (!n.members(g.name()).isEmpty()) {
            out.add(new Entry(g.name(), new Endpoint.GroupEndpoint(g.name())));
          }
        }
      }
      case NIC -> {
        for (Nic nic : n.nics()) {
          out.add(new Entry(nic.id(), new Endpoint.NicEndpoint(nic.id())));
        }
      }
    }
    out.add(new Entry("internet", new Endpoint.InternetEndpoint()));
    out.add(new Entry("external", new Endpoint.ExternalEndpoint()));
    return out;
  }

  public static List<String> emptyGroups(Network n) {
    return n.groups().stream().map(Group::name).filter(g -> n.members(g).isEmpty()).toList();
  }

  /**
   * Computes the matrix.
   *
   * @param pairs the exact permitted and denied flows from one endpoint to another (all traffic)
   */
  public static Result compute(Network n, By by, Predicate<String> fromFilter,
      Predicate<String> toFilter, BiFunction<Endpoint, Endpoint, Violations> pairs) {
    return computeCells(n, by, fromFilter, toFilter, (a, b) -> Cell.of(pairs.apply(a, b)));
  }

  /**
   * Computes the matrix from the cells of pairs of endpoints ({@link MatrixByTables#of} gives
   * them fast, {@link Cell#of} of {@link #byEnumeration} the reference way).
   */
  public static Result computeCells(Network n, By by, Predicate<String> fromFilter,
      Predicate<String> toFilter, BiFunction<Endpoint, Endpoint, Cell> cellOf) {
    List<Entry> all = entries(n, by);
    List<Entry> from = all.stream().filter(e -> fromFilter.test(e.name())).toList();
    List<Entry> to = all.stream().filter(e -> toFilter.test(e.name())).toList();
    Cell[][] grid = new Cell[from.size()][to.size()];
    for (int i = 0; i < from.size(); i++) {
      for (int j = 0; j < to.size(); j++) {
        Entry a = from.get(i);
        Entry b = to.get(j);
        grid[i][j] = external(a) && external(b)
            ? Cell.NO_FLOW
            : cellOf.apply(a.endpoint(), b.endpoint());
      }
    }
    List<List<Integer>> rowClasses;
    List<List<Integer>> colClasses;
    if (from.equals(to)) {
      rowClasses = swapClasses(from, grid);
      colClasses = rowClasses;
    } else {
      rowClasses = equalVectors(from, to.size(), (i, j) -> grid[i][j]);
      colClasses = equalVectors(to, from.size(), (j, i) -> grid[i][j]);
    }
    List<Line> rows = lines(rowClasses, from);
    List<Line> columns = lines(colClasses, to);
    List<List<Cell>> cells = new ArrayList<>();
    for (List<Integer> rc : rowClasses) {
      List<Cell> row = new ArrayList<>();
      for (List<Integer> cc : colClasses) {
        row.add(folded(grid, rc, cc));
      }
      cells.add(row);
    }
    return new Result(by, rows, columns, cells, by == By.GROUP ? emptyGroups(n) : List.of());
  }

  private static List<Line> lines(List<List<Integer>> classes, List<Entry> entries) {
    List<Line> out = new ArrayList<>();
    for (List<Integer> c : classes) {
      out.add(new Line(c.stream().map(i -> entries.get(i).name()).toList()));
    }
    return out;
  }

  /**
   * The cell of a folded pair: any cell between distinct members (all equal by construction), or
   * the cell of a member with itself when the class has one member.
   */
  private static Cell folded(Cell[][] grid, List<Integer> rows, List<Integer> cols) {
    for (int i : rows) {
      for (int j : cols) {
        if (i != j) {
          return grid[i][j];
        }
      }
    }
    return grid[rows.get(0)][cols.get(0)];
  }

  /**
   * Classes of the entries whose vectors (of the given length) are equal, in first-seen order; the
   * internet and external are never folded.
   */
  private static List<List<Integer>> equalVectors(List<Entry> entries, int length,
      java.util.function.BiFunction<Integer, Integer, Cell> cell) {
    Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      List<Object> v = new ArrayList<>(length + 1);
      if (external(entries.get(i))) {
        v.add(entries.get(i).name());
      }
      for (int j = 0; j < length; j++) {
        v.add(cell.apply(i, j));
      }
      groups.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
    }
    return new ArrayList<>(groups.values());
  }

  /**
   * Classes of endpoints that the matrix cannot tell apart: swapping two members changes no cell
   * (an automorphism, so the relation is an equivalence and every cell between two classes, or
   * between two members of one, is the same), and a member's cell with itself is no flow or
   * that same cell. The internet and external are never folded.
   */
  private static List<List<Integer>> swapClasses(List<Entry> entries, Cell[][] grid) {
    int size = entries.size();
    Map<List<Object>, List<Integer>> candidates = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      List<Object> key = new ArrayList<>();
      if (external(entries.get(i))) {
        key.add(entries.get(i).name());
      }
      key.add(grid[i][i]);
      key.add(multiset(grid[i], i));
      Cell[] column = new Cell[size];
      for (int k = 0; k < size; k++) {
        column[k] = grid[k][i];
      }
      key.add(multiset(column, i));
      candidates.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> out = new ArrayList<>();
    for (List<Integer> cand : candidates.values()) {
      List<List<Integer>> classes = new ArrayList<>();
      for (int x : cand) {
        List<Integer> home = null;
        for (List<Integer> c : classes) {
          if (swappable(grid, c.get(0), x)) {
            home = c;
            break;
          }
        }
        if (home == null) {
          classes.add(new ArrayList<>(List.of(x)));
        } else {
          home.add(x);
        }
      }
      out.addAll(classes);
    }
    out.sort(java.util.Comparator.comparingInt(c -> c.get(0)));
    return out;
  }

  private static Map<Cell, Integer> multiset(Cell[] cells, int skip) {
    Map<Cell, Integer> m = new java.util.HashMap<>();
    for (int k = 0; k < cells.length; k++) {
      if (k != skip) {
        m.merge(cells[k], 1, Integer::sum);
      }
    }
    return m;
  }

  private static boolean swappable(Cell[][] g, int x, int y) {
    if (!g[x][y].equals(g[y][x]) || !g[x][x].equals(g[y][y])
        || g[x][x].flows() && !g[x][x].equals(g[x][y])) {
      return false;
    }
    for (int z = 0; z < g.length; z++) {
      if (z != x && z != y && (!g[x][z].equals(g[y][z]) || !g[z][x].equals(g[z][y]))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the entry denotes addresses no NIC owns (no flow goes between two of those). */
  private static boolean external(Entry e) {
    return e.endpoint() instanceof Endpoint.InternetEndpoint
        || e.endpoint() instanceof Endpoint.ExternalEndpoint;
  }

  /**
   * The exact permitted and denied flows between two endpoints by class enumeration (the
   * reference; fine for specs the size of {@code specs/}).
   */
  public static BiFunction<Endpoint, Endpoint, Violations> byEnumeration(Network n) {
    dev.sgproof.semantics.Evaluator ev = new dev.sgproof.semantics.Evaluator(n);
    dev.sgproof.flows.FlowSpace space = new dev.sgproof.flows.FlowSpace();
    return (a, b) -> {
      dev.sgproof.model.Assertion probe = new dev.sgproof.model.Assertion("",
          dev.sgproof.model.AssertionKind.REACHABLE, a, b, dev.sgproof.model.Traffic.ANY,
          a + " -> " + b, dev.sgproof.diag.SourceSpan.none("matrix"));
      Classes classes = Classes.of(n, probe);
      List<Obligation> both = List.of(
          new Obligation(a, b, dev.sgproof.model.Traffic.ANY, false, Expectation.PERMITTED),
          new Obligation(a, b, dev.sgproof.model.Traffic.ANY, false, Expectation.DENIED));
      return ViolationsByEnumeration.of(n, ev, classes, both, space);
    };
  }
}

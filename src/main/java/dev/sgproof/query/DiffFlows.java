package dev.sgproof.query;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.flows.FlowSpace.Cell;
import dev.sgproof.flows.FlowSpace.Part;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The flows a change opens and closes (language.md, "Diff"), exactly: with P_v the permitted flows
 * of version v (a flow with neither end one of v's NICs, or both ends on one NIC, is not a flow of
 * v and counts as denied there), {@code newlyPermitted} is P_new minus P_old and {@code
 * newlyDenied} P_old minus P_new, in one flow space.
 *
 * <p>Only flows with a <em>changed</em> address at one end can change: an address whose context
 * differs between the versions (owned in one only, or owned in both by NICs that differ in their
 * groups' names or contents or in their addresses). A flow between two unchanged addresses is
 * decided by the same rules on the same memberships in both versions (semantics.md sections 3-7
 * read nothing else), so it is left out. Further, when a changed address x keeps its groups' names
 * (<em>stable</em>), what other NICs' rules and intra-group steps read of it is the same in both
 * versions, so towards an unchanged NIC only x's egress can change, and from one only x's
 * ingress: the unchanged NICs that x's two tables decide alike are skipped.
 *
 * <p>Decisions come from {@link DecisionTables} as the allowed traffic of a peer class, a tuple of
 * parts per protocol class; tuples are numbered and their intersections and differences memoized,
 * and changed addresses are grouped by their pair of tables so that what depends only on the
 * tables (which unchanged NICs they decide differently, the external intervals) is computed once
 * per group. The work grows with the changed addresses times the NICs their tables decide
 * differently, not with the network squared.
 */
public final class DiffFlows {
  /** The flows a change newly permits and newly denies. */
  public record Changes(FlowSet newlyPermitted, FlowSet newlyDenied) {
    public Changes {
      Objects.requireNonNull(newlyPermitted, "newlyPermitted");
      Objects.requireNonNull(newlyDenied, "newlyDenied");
    }

    public boolean isEmpty() {
      return newlyPermitted.isEmpty() && newlyDenied.isEmpty();
    }
  }

  private static final int K = Classes.PROTOCOLS.size();
  private static final int OLD = 0;
  private static final int NEW = 1;

  private final Network[] nets;
  private final DecisionTables tables;
  private final FlowSpace space;
  private final Part allPorts;

  /** Tuples of parts (one per protocol class; null where the protocol is not of the version). */
  private final List<Part[]> tuples = new ArrayList<>();
  private final Map<Tuple, Integer> tupleIds = new HashMap<>();
  private final LongIntMap intersections = new LongIntMap();
  private final LongIntMap differences = new LongIntMap();

  /** Tables by number, and their allowed tuples by peer class. */
  private final List<DecisionTable> tableList = new ArrayList<>();
  private final IdentityHashMap<DecisionTable, Integer> tableIds = new IdentityHashMap<>();
  private final List<Map<DecisionTable.PeerClass, Integer>> tupleOfClass = new ArrayList<>();
  /** Per side, a NIC's [ingress, egress] table numbers (by its sorted group names). */
  private final List<Map<List<String>, int[]>> byGroups = List.of(new HashMap<>(), new HashMap<>());

  /** The cells of the answer, per protocol class: sources with their rows. */
  private final List<List<Cell<IpAddress>>> permittedRows = rows();
  private final List<List<Cell<IpAddress>>> deniedRows = rows();

  private DiffFlows(Network old, Network neu, DecisionTables tables, FlowSpace space) {
    this.nets = new Network[] {old, neu};
    this.tables = tables;
    this.space = space;
    this.allPorts = space.portCells(List.<PortRange[]>of(new PortRange[] {PortRange.ALL,
        PortRange.ALL}));
  }

  /** The changes between two versions. */
  public static Changes of(Network old, Network neu, DecisionTables tables, FlowSpace space) {
    return new DiffFlows(old, neu, tables, space).compute();
  }

  /**
   * The changed addresses of two versions: every NIC address of either whose context differs (see
   * the class comment), both IP versions.
   */
  public static java.util.Set<IpAddress> changedAddresses(Network old, Network neu) {
    java.util.Set<IpAddress> out = new HashSet<>();
    Map<String, Boolean> same = new HashMap<>();
    for (Network net : List.of(old, neu)) {
      for (Nic nic : net.nics()) {
        for (IpAddress a : nic.addresses()) {
          if (!sameContext(old.owner(a).orElse(null), neu.owner(a).orElse(null), old, neu, same)) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether the owners of one address in the two versions (either may be null) decide and are
   * read alike: both exist, with the same addresses, the same group names, and groups of the same
   * contents.
   */
  static boolean sameContext(Nic o, Nic m, Network old, Network neu,
      Map<String, Boolean> sameGroup) {
    if (o == null || m == null) {
      return false;
    }
    if (!new HashSet<>(o.addresses()).equals(new HashSet<>(m.addresses()))
        || !new HashSet<>(o.groups()).equals(new HashSet<>(m.groups()))) {
      return false;
    }
    for (String g : o.groups()) {
      boolean same = sameGroup.computeIfAbsent(g, name -> GroupShape.of(old.groupNamed(name))
          .equals(GroupShape.of(neu.groupNamed(name))));
      if (!same) {
        return false;
      }
    }
    return true;
  }

  private Changes compute() {
    Map<String, Boolean> sameGroup = new HashMap<>();
    for (IpVersion v : IpVersion.values()) {
      new Universe(v, sameGroup).run();
    }
    return new Changes(assemble(permittedRows), assemble(deniedRows));
  }

  private FlowSet assemble(List<List<Cell<IpAddress>>> rows) {
    List<Cell<Integer>> protocols = new ArrayList<>();
    for (int k = 0; k < K; k++) {
      if (rows.get(k).isEmpty()) {
        continue;
      }
      Part part = space.addressCells(false, rows.get(k));
      for (int[] r : ViolationsByEnumeration.protocolRanges(Classes.PROTOCOLS.get(k))) {
        protocols.add(new Cell<>(r[0], r[1], part));
      }
    }
    return space.protocolCells(protocols);
  }

  private static List<List<Cell<IpAddress>>> rows() {
    List<List<Cell<IpAddress>>> out = new ArrayList<>();
    for (int k = 0; k < K; k++) {
      out.add(new ArrayList<>());
    }
    return out;
  }

  // ------------------------------------------------------------------ tuples

  private record Tuple(Part[] parts) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Tuple t && Arrays.equals(t.parts, parts);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(parts);
    }
  }

  private int tuple(Part[] parts) {
    Tuple key = new Tuple(parts);
    Integer id = tupleIds.get(key);
    if (id == null) {
      id = tuples.size();
      tuples.add(parts);
      tupleIds.put(key, id);
    }
    return id;
  }

  private int intersect(int a, int b) {
    if (a == b) {
      return a;
    }
    long key = Math.min(a, b) * (1L << 31) + Math.max(a, b);
    int known = intersections.get(key, -1);
    if (known >= 0) {
      return known;
    }
    Part[] x = tuples.get(a);
    Part[] y = tuples.get(b);
    Part[] out = new Part[K];
    for (int k = 0; k < K; k++) {
      out[k] = x[k] == null ? null : space.intersection(x[k], y[k]);
    }
    int id = tuple(out);
    intersections.put(key, id);
    return id;
  }

  /** The flows of tuple a that are not in tuple b. */
  private int minus(int a, int b) {
    long key = a * (1L << 31) + b;
    int known = differences.get(key, -1);
    if (known >= 0) {
      return known;
    }
    Part[] x = tuples.get(a);
    Part[] y = tuples.get(b);
    Part[] out = new Part[K];
    for (int k = 0; k < K; k++) {
      out[k] = x[k] == null ? null : space.minus(x[k], y[k]);
    }
    int id = tuple(out);
    differences.put(key, id);
    return id;
  }

  private int everything(IpVersion v) {
    Part[] out = new Part[K];
    for (int k = 0; k < K; k++) {
      int p = Classes.PROTOCOLS.get(k);
      if (Protocols.fitsVersion(p, v)) {
        out[k] = Protocols.hasPorts(p) ? allPorts : space.leaf();
      }
    }
    return tuple(out);
  }

  private int nothing(IpVersion v) {
    Part[] out = new Part[K];
    for (int k = 0; k < K; k++) {
      if (Protocols.fitsVersion(Classes.PROTOCOLS.get(k), v)) {
        out[k] = space.nothing();
      }
    }
    return tuple(out);
  }

  // ------------------------------------------------------------------ tables

  private int tableId(DecisionTable t) {
    Integer id = tableIds.get(t);
    if (id == null) {
      id = tableList.size();
      tableList.add(t);
      tableIds.put(t, id);
      tupleOfClass.add(new HashMap<>());
    }
    return id;
  }

  /** The [ingress, egress] table numbers of a NIC in one version. */
  private int[] tablesOf(int side, Nic nic) {
    List<String> key = new ArrayList<>(nic.groups());
    key.sort(null);
    Map<List<String>, int[]> known = byGroups.get(side);
    int[] ids = known.get(key);
    if (ids == null) {
      List<Group> gs = nets[side].groupsOf(nic);
      ids = new int[] {tableId(tables.table(gs, Direction.INGRESS)),
          tableId(tables.table(gs, Direction.EGRESS))};
      known.put(key, ids);
    }
    return ids;
  }

  /** The allowed traffic of the peer address in table {@code t}, as a tuple. */
  private int allowed(int t, IpAddress peer, List<String> ownerGroups) {
    DecisionTable table = tableList.get(t);
    DecisionTable.PeerClass pc = table.peerClass(peer, ownerGroups);
    Map<DecisionTable.PeerClass, Integer> known = tupleOfClass.get(t);
    Integer id = known.get(pc);
    if (id != null) {
      return id;
    }
    Part[] out = new Part[K];
    List<List<PortRange[]>> ported = new ArrayList<>();
    for (int k = 0; k < K; k++) {
      ported.add(new ArrayList<>());
      if (Protocols.fitsVersion(Classes.PROTOCOLS.get(k), pc.version())) {
        out[k] = space.nothing();
      }
    }
    for (DecisionTable.TrafficClass c : table.allowedClasses(pc)) {
      int k = Classes.PROTOCOLS.indexOf(c.protocol());
      if (c.hasPorts()) {
        ported.get(k).add(new PortRange[] {c.srcPorts(), c.dstPorts()});
      } else {
        out[k] = space.leaf();
      }
    }
    for (int k = 0; k < K; k++) {
      if (!ported.get(k).isEmpty()) {
        out[k] = space.portCells(ported.get(k));
      }
    }
    id = tuple(out);
    known.put(pc, id);
    return id;
  }

  // ------------------------------------------------------------------ one IP version

  /**
   * The NIC addresses of one IP version in both versions of the network, by index in ascending
   * order, with their owners and tables on each side, and the diff of the flows of that version.
   */
  private final class Universe {
    private final IpVersion v;
    private final int n;
    private final IpAddress[] addr;
    private final BigInteger[] value;
    private final Nic[][] owner;
    private final int[][] inTable;
    private final int[][] outTable;
    private final boolean[] changed;
    /** The changed addresses (indexes, ascending). */
    private final int[] xs;
    private final boolean[] stable;
    private final int every;
    private final int none;
    /** Per side, the number of each address's owner's set of groups (0: no owner). */
    private final int[][] groupSet = new int[2][];
    private final List<List<String>> groupSets = new ArrayList<>();
    /** Per table: the CIDR class of each address (made on first use). */
    private final List<int[]> cidrOf = new ArrayList<>();
    /** Per table: the tuple by (CIDR class, owner's set of groups). */
    private final List<LongIntMap> tupleOf = new ArrayList<>();

    private void numberGroupSets() {
      Map<List<String>, Integer> ids = new HashMap<>();
      groupSets.add(List.of());
      ids.put(List.of(), 0);
      for (int side = OLD; side <= NEW; side++) {
        groupSet[side] = new int[n];
        for (int i = 0; i < n; i++) {
          Nic o = owner[side][i];
          if (o == null) {
            continue;
          }
          List<String> key = new ArrayList<>(o.groups());
          key.sort(null);
          Integer id = ids.get(key);
          if (id == null) {
            id = groupSets.size();
            groupSets.add(List.copyOf(key));
            ids.put(key, id);
          }
          groupSet[side][i] = id;
        }
      }
    }

    /** The tuple of address i as the peer of table t, with its owner of that side. */
    private int peer(int t, int side, int i) {
      int[] classes = cidrClasses(t);
      while (tupleOf.size() <= t) {
        tupleOf.add(null);
      }
      LongIntMap known = tupleOf.get(t);
      if (known == null) {
        known = new LongIntMap();
        tupleOf.set(t, known);
      }
      int g = groupSet[side][i];
      long key = ((long) classes[i] << 32) | g;
      int id = known.get(key, -1);
      if (id < 0) {
        id = allowed(t, addr[i], groupSets.get(g));
        known.put(key, id);
      }
      return id;
    }

    /** The CIDR class of every address in table t (a walk along the addresses and the cuts). */
    private int[] cidrClasses(int t) {
      while (cidrOf.size() <= t) {
        cidrOf.add(null);
      }
      int[] out = cidrOf.get(t);
      if (out != null) {
        return out;
      }
      DecisionTable table = tableList.get(t);
      List<BigInteger> cuts = table.cuts(v);
      int[] ofInterval = new int[cuts.size()];
      for (int j = 0; j < cuts.size(); j++) {
        ofInterval[j] = table.peerClass(IpAddress.of(v, cuts.get(j)), List.of()).cidrClass();
      }
      out = new int[n];
      int j = 0;
      for (int i = 0; i < n; i++) {
        while (j + 1 < cuts.size() && cuts.get(j + 1).compareTo(value[i]) <= 0) {
          j++;
        }
        out[i] = ofInterval[j];
      }
      cidrOf.set(t, out);
      return out;
    }

    Universe(IpVersion v, Map<String, Boolean> sameGroup) {
      this.v = v;
      TreeSet<IpAddress> all = new TreeSet<>();
      for (Network net : nets) {
        for (Nic nic : net.nics()) {
          for (IpAddress a : nic.addresses()) {
            if (a.version() == v) {
              all.add(a);
            }
          }
        }
      }
      n = all.size();
      addr = all.toArray(IpAddress[]::new);
      value = new BigInteger[n];
      owner = new Nic[2][n];
      inTable = new int[2][n];
      outTable = new int[2][n];
      changed = new boolean[n];
      stable = new boolean[n];
      List<Integer> changedList = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        value[i] = addr[i].value();
        for (int side = OLD; side <= NEW; side++) {
          Nic o = nets[side].owner(addr[i]).orElse(null);
          owner[side][i] = o;
          int[] ts = o == null ? new int[] {-1, -1} : tablesOf(side, o);
          inTable[side][i] = ts[0];
          outTable[side][i] = ts[1];
        }
        changed[i] = !sameContext(owner[OLD][i], owner[NEW][i], nets[OLD], nets[NEW], sameGroup);
        if (changed[i]) {
          changedList.add(i);
          stable[i] = owner[OLD][i] != null && owner[NEW][i] != null
              && new HashSet<>(owner[OLD][i].groups()).equals(new HashSet<>(owner[NEW][i].groups()));
        }
      }
      xs = changedList.stream().mapToInt(Integer::intValue).toArray();
      every = everything(v);
      none = nothing(v);
      numberGroupSets();
    }

    private int externalPeer(int t, BigInteger at) {
      return allowed(t, IpAddress.of(v, at), List.of());
    }

    void run() {
      fromChanged();
      intoChanged();
    }

    // ---------------------------------------------------------------- from changed addresses

    /** Flows from each changed address x towards every address, grouped by x's egress tables. */
    private void fromChanged() {
      for (List<Integer> group : groups(outTable)) {
        int x0 = group.get(0);
        int tOld = outTable[OLD][x0];
        int tNew = outTable[NEW][x0];
        boolean allStable = stable[x0];
        int[] eo = new int[n];
        int[] en = new int[n];
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          eo[i] = tOld < 0 ? every : peer(tOld, OLD, i);
          en[i] = tNew < 0 ? every : peer(tNew, NEW, i);
          if (!allStable || changed[i] || eo[i] != en[i]) {
            items.add(i);
          }
        }
        List<Stretch> external = stretches(tOld, tNew, true);
        for (int x : group) {
          List<List<Cell<IpAddress>>> np = rows();
          List<List<Cell<IpAddress>>> nd = rows();
          int s = 0;
          for (int i : items) {
            while (s < external.size() && external.get(s).low.compareTo(value[i]) < 0) {
              external.get(s++).addTo(np, nd);
            }
            if (i == x) {
              continue;
            }
            int po = pairFrom(OLD, x, i, eo[i]);
            int pn = pairFrom(NEW, x, i, en[i]);
            if (po != pn) {
              add(np, nd, addr[i], addr[i], minus(pn, po), minus(po, pn));
            }
          }
          while (s < external.size()) {
            external.get(s++).addTo(np, nd);
          }
          emit(addr[x], addr[x], np, permittedRows);
          emit(addr[x], addr[x], nd, deniedRows);
        }
      }
    }

    /** The permitted tuple from changed x to NIC address i on one side, given x's egress tuple. */
    private int pairFrom(int side, int x, int i, int egress) {
      Nic ox = owner[side][x];
      Nic od = owner[side][i];
      if (ox == null && od == null || ox != null && ox == od) {
        return none;
      }
      int ingress = od == null ? every : peer(inTable[side][i], side, x);
      return intersect(egress, ingress);
    }

    // ---------------------------------------------------------------- into changed addresses

    /**
     * Flows into each changed address x from every unchanged address, grouped by x's ingress
     * tables; built by source (the order of the flow space) after every group is known.
     */
    private void intoChanged() {
      List<List<Integer>> groups = groups(inTable);
      int[][] io = new int[groups.size()][];
      int[][] in = new int[groups.size()][];
      List<List<Integer>> bySource = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        bySource.add(null);
      }
      List<Entry> external = new ArrayList<>();
      for (int g = 0; g < groups.size(); g++) {
        int x0 = groups.get(g).get(0);
        int tOld = inTable[OLD][x0];
        int tNew = inTable[NEW][x0];
        boolean allStable = stable[x0];
        io[g] = new int[n];
        in[g] = new int[n];
        for (int i = 0; i < n; i++) {
          if (changed[i]) {
            continue; // fromChanged has the flows from changed addresses
          }
          io[g][i] = tOld < 0 ? every : peer(tOld, OLD, i);
          in[g][i] = tNew < 0 ? every : peer(tNew, NEW, i);
          if (!allStable || io[g][i] != in[g][i]) {
            if (bySource.get(i) == null) {
              bySource.set(i, new ArrayList<>());
            }
            bySource.get(i).add(g);
          }
        }
        for (Stretch s : stretches(tOld, tNew, false)) {
          external.add(new Entry(s, g));
        }
      }
      // Unchanged NIC sources, and the external pieces between them, in address order.
      Sweep sweep = new Sweep(external, groups);
      for (int i = 0; i < n; i++) {
        sweep.upTo(value[i]);
        List<Integer> gs = bySource.get(i);
        if (gs == null) {
          continue;
        }
        List<List<Cell<IpAddress>>> np = rows();
        List<List<Cell<IpAddress>>> nd = rows();
        for (int g : gs) {
          for (int x : groups.get(g)) {
            int po = pairInto(OLD, i, x, io[g][i]);
            int pn = pairInto(NEW, i, x, in[g][i]);
            if (po != pn) {
              add(np, nd, addr[x], addr[x], minus(pn, po), minus(po, pn));
            }
          }
        }
        emit(addr[i], addr[i], np, permittedRows);
        emit(addr[i], addr[i], nd, deniedRows);
      }
      sweep.upTo(null);
    }

    /** The permitted tuple from unchanged NIC address i to changed x, given x's ingress tuple. */
    private int pairInto(int side, int i, int x, int ingress) {
      Nic os = owner[side][i];
      int egress = peer(outTable[side][i], side, x);
      return os == null ? none : intersect(egress, ingress);
    }

    /**
     * The external sources: the pieces between NIC addresses and the groups' interval ends, each
     * with the rows of the groups' intervals that hold it (rows are rebuilt only when that set
     * changes).
     */
    private final class Sweep {
      private final List<List<Integer>> groups;
      private final TreeSet<BigInteger> points = new TreeSet<>();
      private final Map<BigInteger, List<Entry>> starting = new HashMap<>();
      private final Map<BigInteger, List<Entry>> ending = new HashMap<>();
      private final LinkedHashMap<Entry, Boolean> active = new LinkedHashMap<>();
      private BigInteger at = BigInteger.ZERO;
      private List<List<Cell<IpAddress>>> rowsP;
      private List<List<Cell<IpAddress>>> rowsD;

      Sweep(List<Entry> entries, List<List<Integer>> groups) {
        this.groups = groups;
        for (Entry e : entries) {
          points.add(e.stretch.low);
          starting.computeIfAbsent(e.stretch.low, k -> new ArrayList<>()).add(e);
          BigInteger end = e.stretch.high.add(BigInteger.ONE);
          points.add(end);
          ending.computeIfAbsent(end, k -> new ArrayList<>()).add(e);
        }
      }

      /**
       * Emits the external pieces from where the sweep stands up to (not including) the NIC
       * address {@code nic} (null: to the end), then steps past that address.
       */
      void upTo(BigInteger nic) {
        BigInteger limit = nic == null ? v.max().add(BigInteger.ONE) : nic;
        while (at.compareTo(limit) < 0) {
          step(at);
          BigInteger next = points.higher(at);
          BigInteger end = next == null || next.compareTo(limit) > 0 ? limit : next;
          if (!active.isEmpty()) {
            emitPiece(at, end.subtract(BigInteger.ONE));
          }
          at = end;
        }
        if (nic != null) {
          step(nic);
          at = nic.add(BigInteger.ONE);
          step(at);
        }
      }

      private void step(BigInteger p) {
        boolean moved = false;
        for (Entry e : ending.getOrDefault(p, List.of())) {
          moved |= active.remove(e) != null;
        }
        for (Entry e : starting.getOrDefault(p, List.of())) {
          moved |= active.put(e, true) == null;
        }
        if (moved) {
          rowsP = null;
        }
      }

      private void emitPiece(BigInteger low, BigInteger high) {
        if (rowsP == null) {
          rowsP = rows();
          rowsD = rows();
          for (int k = 0; k < K; k++) {
            List<Cell<IpAddress>> p = new ArrayList<>();
            List<Cell<IpAddress>> d = new ArrayList<>();
            for (Entry e : active.keySet()) {
              Part pp = tuples.get(e.stretch.permitted)[k];
              Part dd = tuples.get(e.stretch.denied)[k];
              for (int x : groups.get(e.group)) {
                if (pp != null && !pp.isEmpty()) {
                  p.add(new Cell<>(addr[x], addr[x], pp));
                }
                if (dd != null && !dd.isEmpty()) {
                  d.add(new Cell<>(addr[x], addr[x], dd));
                }
              }
            }
            rowsP.get(k).addAll(p);
            rowsD.get(k).addAll(d);
          }
          rowsP = built(rowsP);
          rowsD = built(rowsD);
        }
        IpAddress lo = IpAddress.of(v, low);
        IpAddress hi = IpAddress.of(v, high);
        for (int k = 0; k < K; k++) {
          if (!rowsP.get(k).isEmpty()) {
            permittedRows.get(k).add(new Cell<>(lo, hi, rowsP.get(k).get(0).below()));
          }
          if (!rowsD.get(k).isEmpty()) {
            deniedRows.get(k).add(new Cell<>(lo, hi, rowsD.get(k).get(0).below()));
          }
        }
      }

      /** Destination cells per protocol class, made into one row part each (a one-cell list). */
      private List<List<Cell<IpAddress>>> built(List<List<Cell<IpAddress>>> cells) {
        List<List<Cell<IpAddress>>> out = rows();
        for (int k = 0; k < K; k++) {
          if (!cells.get(k).isEmpty()) {
            Part row = space.addressCells(true, cells.get(k));
            if (!row.isEmpty()) {
              out.get(k).add(new Cell<>(addr[0], addr[0], row));
            }
          }
        }
        return out;
      }
    }

    // ---------------------------------------------------------------- shared

    /**
     * The changed addresses grouped by their pair of tables (old, new) of one direction and
     * whether they are stable, each group ascending, groups by their first address.
     */
    private List<List<Integer>> groups(int[][] table) {
      Map<List<Object>, List<Integer>> out = new LinkedHashMap<>();
      for (int x : xs) {
        List<Object> key = List.of(table[OLD][x], table[NEW][x], stable[x]);
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(x);
      }
      return new ArrayList<>(out.values());
    }

    /**
     * The external addresses (no NIC of either version) of this version on which the tables of a
     * group (old, new; -1 for none) decide differently, as ranges between NIC addresses, each with
     * the tuples it opens and closes. {@code egress}: the group's addresses are sources, so an
     * external destination is decided by their egress alone (and with no NIC on that side, there
     * is no flow); else they are destinations and their ingress decides.
     */
    private List<Stretch> stretches(int tOld, int tNew, boolean egress) {
      TreeSet<BigInteger> cuts = new TreeSet<>(List.of(BigInteger.ZERO));
      for (int t : new int[] {tOld, tNew}) {
        if (t >= 0) {
          cuts.addAll(tableList.get(t).cuts(v));
        }
      }
      List<BigInteger> c = new ArrayList<>(cuts);
      List<Stretch> out = new ArrayList<>();
      for (int j = 0; j < c.size(); j++) {
        BigInteger low = c.get(j);
        BigInteger high = j + 1 < c.size() ? c.get(j + 1).subtract(BigInteger.ONE) : v.max();
        int po = tOld < 0 ? none : externalPeer(tOld, low);
        int pn = tNew < 0 ? none : externalPeer(tNew, low);
        if (po == pn) {
          continue;
        }
        int p = minus(pn, po);
        int d = minus(po, pn);
        int i = Arrays.binarySearch(value, low);
        i = i >= 0 ? i : -i - 1;
        BigInteger from = low;
        for (; i < n && value[i].compareTo(high) <= 0; i++) {
          if (from.compareTo(value[i]) < 0) {
            out.add(new Stretch(from, value[i].subtract(BigInteger.ONE), p, d));
          }
          from = value[i].add(BigInteger.ONE);
        }
        if (from.compareTo(high) <= 0) {
          out.add(new Stretch(from, high, p, d));
        }
      }
      return out;
    }

    /** A range of external addresses with the tuples it opens and closes. */
    private final class Stretch {
      final BigInteger low;
      final BigInteger high;
      final int permitted;
      final int denied;

      Stretch(BigInteger low, BigInteger high, int permitted, int denied) {
        this.low = low;
        this.high = high;
        this.permitted = permitted;
        this.denied = denied;
      }

      void addTo(List<List<Cell<IpAddress>>> np, List<List<Cell<IpAddress>>> nd) {
        add(np, nd, IpAddress.of(v, low), IpAddress.of(v, high), permitted, denied);
      }
    }

    private void add(List<List<Cell<IpAddress>>> np, List<List<Cell<IpAddress>>> nd,
        IpAddress low, IpAddress high, int permitted, int denied) {
      Part[] p = tuples.get(permitted);
      Part[] d = tuples.get(denied);
      for (int k = 0; k < K; k++) {
        if (p[k] != null && !p[k].isEmpty()) {
          np.get(k).add(new Cell<>(low, high, p[k]));
        }
        if (d[k] != null && !d[k].isEmpty()) {
          nd.get(k).add(new Cell<>(low, high, d[k]));
        }
      }
    }
  }

  /** An external range of a group's intervals, with the group's number. */
  private record Entry(Universe.Stretch stretch, int group) {
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  private void emit(IpAddress low, IpAddress high, List<List<Cell<IpAddress>>> destinations,
      List<List<Cell<IpAddress>>> into) {
    for (int k = 0; k < K; k++) {
      if (!destinations.get(k).isEmpty()) {
        Part row = space.addressCells(true, destinations.get(k));
        if (!row.isEmpty()) {
          into.get(k).add(new Cell<>(low, high, row));
        }
      }
    }
  }
}

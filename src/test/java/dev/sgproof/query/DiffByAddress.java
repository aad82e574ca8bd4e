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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference diff for tests, address by address: for every changed address, its flows towards
 * every address and from every unchanged one, each pair decided through the tables (see {@link
 * DiffFlows}, which computes the same sets with indexes, shared work and memoized set operations).
 * The flows a change opens and closes (language.md, "Diff"), exactly: with P_v the permitted flows
 * of version v (a flow with neither end one of v's NICs, or both ends on one NIC, is not a flow of
 * v and counts as denied there), {@code newlyPermitted} is P_new minus P_old and {@code
 * newlyDenied} P_old minus P_new, in one flow space.
 *
 * <p>Only flows with a <em>changed</em> address at one end can change: an address whose context
 * differs between the versions (owned in one only, or owned in both by NICs that differ in their
 * groups' names or contents or in their addresses). A flow between two unchanged addresses is
 * decided by the same rules on the same memberships in both versions (semantics.md sections 3-7
 * read nothing else), so it is left out. Further, when a changed address keeps its groups' names,
 * its memberships (what other NICs' rules and intra-group steps read of it) are the same in both
 * versions, so towards an unchanged NIC only its own egress can change (and from one, only its own
 * ingress): the NICs whose decision on it is the same in both versions are skipped. Decisions come
 * from {@link DecisionTables}, per set of groups and peer class.
 */
final class DiffByAddress {

  private static final int PROTOCOLS = Classes.PROTOCOLS.size();

  private final Side old;
  private final Side neu;
  private final FlowSpace space;
  private final Part allPorts;
  /** Every NIC address of either version, per version, ascending (unique values). */
  private final Map<IpVersion, BigInteger[]> nicAddresses = new java.util.EnumMap<>(IpVersion.class);
  /** The changed addresses. */
  private final Set<IpAddress> changed = new HashSet<>();
  private final Map<DecisionTable, Map<DecisionTable.PeerClass, Part[]>> parts =
      new IdentityHashMap<>();
  /** NIC addresses of a version that the pair of tables decides differently (by pair). */
  private final Map<List<Object>, List<IpAddress>> differing = new HashMap<>();

  private DiffByAddress(Network old, Network neu, DecisionTables tables, FlowSpace space,
      boolean everything) {
    this.old = new Side(old, tables);
    this.neu = new Side(neu, tables);
    this.space = space;
    this.allPorts = space.portCells(List.<PortRange[]>of(new PortRange[] {PortRange.ALL,
        PortRange.ALL}));
    for (IpVersion v : IpVersion.values()) {
      TreeSet<BigInteger> all = new TreeSet<>();
      for (Network n : List.of(old, neu)) {
        for (Nic nic : n.nics()) {
          for (IpAddress a : nic.addresses()) {
            if (a.version() == v) {
              all.add(a.value());
            }
          }
        }
      }
      nicAddresses.put(v, all.toArray(BigInteger[]::new));
    }
    Map<String, Boolean> sameGroup = new HashMap<>();
    for (Network n : List.of(old, neu)) {
      for (Nic nic : n.nics()) {
        for (IpAddress a : nic.addresses()) {
          if (everything || !sameContext(a, sameGroup)) {
            changed.add(a);
          }
        }
      }
    }
  }

  /** The changes between two versions, computing only what the change can affect. */
  static DiffFlows.Changes of(Network old, Network neu, DecisionTables tables, FlowSpace space) {
    return new DiffByAddress(old, neu, tables, space, false).compute();
  }

  /**
   * The same changes with every NIC address counted as changed and nothing skipped: every flow of
   * either version decided twice (for tests of the restriction).
   */
  static DiffFlows.Changes unrestricted(Network old, Network neu, DecisionTables tables, FlowSpace space) {
    return new DiffByAddress(old, neu, tables, space, true).compute();
  }

  // ------------------------------------------------------------------ contexts

  /** Whether the address is owned in both versions by NICs that decide and are read alike. */
  private boolean sameContext(IpAddress a, Map<String, Boolean> sameGroup) {
    Optional<Nic> o = old.network.owner(a);
    Optional<Nic> n = neu.network.owner(a);
    if (o.isEmpty() || n.isEmpty()) {
      return false;
    }
    if (!new HashSet<>(o.get().addresses()).equals(new HashSet<>(n.get().addresses()))
        || !new HashSet<>(o.get().groups()).equals(new HashSet<>(n.get().groups()))) {
      return false;
    }
    for (String g : o.get().groups()) {
      boolean same = sameGroup.computeIfAbsent(g, name -> GroupShape.of(
          old.network.groupNamed(name)).equals(GroupShape.of(neu.network.groupNamed(name))));
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a changed address has the same memberships in both versions (owned in both by NICs
   * with the same group names), so that other NICs' rules read it alike.
   */
  private boolean sameMemberships(IpAddress x) {
    Optional<Nic> o = old.network.owner(x);
    Optional<Nic> n = neu.network.owner(x);
    return o.isPresent() && n.isPresent()
        && new HashSet<>(o.get().groups()).equals(new HashSet<>(n.get().groups()));
  }

  // ------------------------------------------------------------------ the computation

  private DiffFlows.Changes compute() {
    List<IpAddress> xs = new ArrayList<>(changed);
    xs.sort(null);
    Rows permitted = new Rows(space);
    Rows denied = new Rows(space);
    List<FlowSet> intoPermitted = new ArrayList<>();
    List<FlowSet> intoDenied = new ArrayList<>();
    for (IpAddress x : xs) {
      fromChanged(x, permitted, denied);
      Rows p = new Rows(space);
      Rows d = new Rows(space);
      intoChanged(x, p, d);
      intoPermitted.add(p.set());
      intoDenied.add(d.set());
    }
    intoPermitted.add(permitted.set());
    intoDenied.add(denied.set());
    return new DiffFlows.Changes(unionAll(intoPermitted), unionAll(intoDenied));
  }

  private FlowSet unionAll(List<FlowSet> sets) {
    List<FlowSet> level = new ArrayList<>(sets);
    if (level.isEmpty()) {
      return space.empty();
    }
    while (level.size() > 1) {
      List<FlowSet> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        next.add(i + 1 < level.size() ? level.get(i).union(level.get(i + 1)) : level.get(i));
      }
      level = next;
    }
    return level.get(0);
  }

  /** Every changed flow from the changed address {@code x}: towards every address. */
  private void fromChanged(IpAddress x, Rows permitted, Rows denied) {
    IpVersion v = x.version();
    List<Cell<IpAddress>>[] np = cells();
    List<Cell<IpAddress>>[] nd = cells();
    // Destinations that are NICs in either version.
    boolean memberships = sameMemberships(x);
    List<IpAddress> candidates;
    if (memberships) {
      candidates = new ArrayList<>(differing(true, x));
      for (IpAddress d : changed) {
        if (d.version() == v) {
          candidates.add(d);
        }
      }
      candidates.sort(null);
    } else {
      candidates = allNicAddresses(v);
    }
    for (IpAddress d : candidates) {
      if (d.equals(x)) {
        continue;
      }
      Part[] po = pair(old, x, d);
      Part[] pn = pair(neu, x, d);
      addDifference(np, nd, d, d, pn, po);
    }
    // External destinations: only the egress of x decides.
    DecisionTable eo = old.table(x, Direction.EGRESS);
    DecisionTable en = neu.table(x, Direction.EGRESS);
    for (BigInteger[] interval : joint(v, eo, en)) {
      IpAddress first = IpAddress.of(v, interval[0]);
      Part[] po = eo == null ? nothing(v) : parts(eo, eo.peerClass(first, List.of()));
      Part[] pn = en == null ? nothing(v) : parts(en, en.peerClass(first, List.of()));
      if (!Arrays.equals(po, pn)) {
        for (IpAddress[] s : stretches(v, interval[0], interval[1])) {
          addDifference(np, nd, s[0], s[1], pn, po);
        }
      }
    }
    permitted.addRow(x, np);
    denied.addRow(x, nd);
  }

  /** Every changed flow into the changed address {@code x} from an unchanged address. */
  private void intoChanged(IpAddress x, Rows permitted, Rows denied) {
    IpVersion v = x.version();
    Rows.Column np = new Rows.Column(x);
    Rows.Column nd = new Rows.Column(x);
    List<IpAddress> candidates = sameMemberships(x) ? differing(false, x) : allNicAddresses(v);
    for (IpAddress s : candidates) {
      if (changed.contains(s)) {
        continue; // from a changed address: fromChanged(s) has it
      }
      Part[] po = pair(old, s, x);
      Part[] pn = pair(neu, s, x);
      np.add(s, s, difference(pn, po));
      nd.add(s, s, difference(po, pn));
    }
    DecisionTable io = old.table(x, Direction.INGRESS);
    DecisionTable in = neu.table(x, Direction.INGRESS);
    for (BigInteger[] interval : joint(v, io, in)) {
      IpAddress first = IpAddress.of(v, interval[0]);
      Part[] po = io == null ? nothing(v) : parts(io, io.peerClass(first, List.of()));
      Part[] pn = in == null ? nothing(v) : parts(in, in.peerClass(first, List.of()));
      if (!Arrays.equals(po, pn)) {
        Part[] dp = difference(pn, po);
        Part[] dd = difference(po, pn);
        for (IpAddress[] s : stretches(v, interval[0], interval[1])) {
          np.add(s[0], s[1], dp);
          nd.add(s[0], s[1], dd);
        }
      }
    }
    permitted.addColumn(np);
    denied.addColumn(nd);
  }

  /**
   * The NIC addresses (unchanged, of x's version) whose decision with the changed address x
   * differs between the two tables x has on its side: its egress tables ({@code egress}: x as the
   * source, so these are destinations) or its ingress tables (these are sources). Shared by every
   * changed address with the same pair of tables.
   */
  private List<IpAddress> differing(boolean egress, IpAddress x) {
    Direction d = egress ? Direction.EGRESS : Direction.INGRESS;
    DecisionTable to = old.table(x, d);
    DecisionTable tn = neu.table(x, d);
    if (to == tn) {
      return List.of();
    }
    List<Object> key = List.of(new Identity(to), new Identity(tn), x.version(), d);
    List<IpAddress> known = differing.get(key);
    if (known != null) {
      return known;
    }
    List<IpAddress> out = new ArrayList<>();
    for (Nic nic : old.network.nics()) {
      for (IpAddress a : nic.addresses()) {
        if (a.version() != x.version() || changed.contains(a)) {
          continue;
        }
        // Unchanged: the same owner groups in both versions.
        Part[] po = parts(to, to.peerClass(a, nic.groups()));
        Part[] pn = parts(tn, tn.peerClass(a, nic.groups()));
        if (!Arrays.equals(po, pn)) {
          out.add(a);
        }
      }
    }
    out.sort(null);
    differing.put(key, out);
    return out;
  }

  /** A key that compares a table by identity. */
  private record Identity(Object of) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity i && i.of == of;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(of);
    }
  }

  private List<IpAddress> allNicAddresses(IpVersion v) {
    List<IpAddress> out = new ArrayList<>();
    for (BigInteger a : nicAddresses.get(v)) {
      out.add(IpAddress.of(v, a));
    }
    return out;
  }

  /**
   * The permitted traffic from {@code s} to {@code d} in one version, per protocol class: egress
   * at the source's NIC and ingress at the destination's (an external end is not checked); nothing
   * when neither is a NIC of the version or both are one NIC.
   */
  private Part[] pair(Side side, IpAddress s, IpAddress d) {
    Optional<Nic> src = side.network.owner(s);
    Optional<Nic> dst = side.network.owner(d);
    if (src.isEmpty() && dst.isEmpty() || src.isPresent() && src.equals(dst)) {
      return nothing(s.version());
    }
    Part[] e = src.isPresent() ? parts(side.table(src.get(), Direction.EGRESS),
        side.table(src.get(), Direction.EGRESS).peerClass(d, dst.map(Nic::groups).orElse(List.of())))
        : everything(s.version());
    Part[] i = dst.isPresent() ? parts(side.table(dst.get(), Direction.INGRESS),
        side.table(dst.get(), Direction.INGRESS).peerClass(s, src.map(Nic::groups).orElse(List.of())))
        : everything(s.version());
    Part[] out = new Part[PROTOCOLS];
    for (int k = 0; k < PROTOCOLS; k++) {
      out[k] = e[k] == null ? null : space.intersection(e[k], i[k]);
    }
    return out;
  }

  /** The allowed traffic of a table's peer class, per protocol class (null: not of the version). */
  private Part[] parts(DecisionTable t, DecisionTable.PeerClass pc) {
    Map<DecisionTable.PeerClass, Part[]> byClass = parts.computeIfAbsent(t, k -> new HashMap<>());
    Part[] known = byClass.get(pc);
    if (known != null) {
      return known;
    }
    Part[] out = new Part[PROTOCOLS];
    List<List<PortRange[]>> ported = new ArrayList<>();
    for (int k = 0; k < PROTOCOLS; k++) {
      ported.add(new ArrayList<>());
      if (Protocols.fitsVersion(Classes.PROTOCOLS.get(k), pc.version())) {
        out[k] = space.nothing();
      }
    }
    for (DecisionTable.ClassDecision c : t.decisions(pc)) {
      int k = Classes.PROTOCOLS.indexOf(c.protocol());
      if (!c.allowed()) {
        continue;
      }
      if (c.hasPorts()) {
        ported.get(k).add(new PortRange[] {c.srcPorts(), c.dstPorts()});
      } else {
        out[k] = space.leaf();
      }
    }
    for (int k = 0; k < PROTOCOLS; k++) {
      if (!ported.get(k).isEmpty()) {
        out[k] = space.portCells(ported.get(k));
      }
    }
    byClass.put(pc, out);
    return out;
  }

  private Part[] everything(IpVersion v) {
    Part[] out = new Part[PROTOCOLS];
    for (int k = 0; k < PROTOCOLS; k++) {
      int p = Classes.PROTOCOLS.get(k);
      if (Protocols.fitsVersion(p, v)) {
        out[k] = Protocols.hasPorts(p) ? allPorts : space.leaf();
      }
    }
    return out;
  }

  private Part[] nothing(IpVersion v) {
    Part[] out = new Part[PROTOCOLS];
    for (int k = 0; k < PROTOCOLS; k++) {
      if (Protocols.fitsVersion(Classes.PROTOCOLS.get(k), v)) {
        out[k] = space.nothing();
      }
    }
    return out;
  }

  private Part[] difference(Part[] a, Part[] b) {
    Part[] out = new Part[PROTOCOLS];
    for (int k = 0; k < PROTOCOLS; k++) {
      out[k] = a[k] == null || b[k] == null ? space.nothing() : space.minus(a[k], b[k]);
    }
    return out;
  }

  private void addDifference(List<Cell<IpAddress>>[] np, List<Cell<IpAddress>>[] nd,
      IpAddress low, IpAddress high, Part[] neuParts, Part[] oldParts) {
    Part[] p = difference(neuParts, oldParts);
    Part[] d = difference(oldParts, neuParts);
    for (int k = 0; k < PROTOCOLS; k++) {
      if (!p[k].isEmpty()) {
        np[k].add(new Cell<>(low, high, p[k]));
      }
      if (!d[k].isEmpty()) {
        nd[k].add(new Cell<>(low, high, d[k]));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Cell<IpAddress>>[] cells() {
    List<Cell<IpAddress>>[] out = new List[PROTOCOLS];
    for (int k = 0; k < PROTOCOLS; k++) {
      out[k] = new ArrayList<>();
    }
    return out;
  }

  /**
   * The intervals of a version on which two tables (either may be absent) each keep one peer class
   * for external addresses: the elementary intervals of both tables' cuts together.
   */
  private static List<BigInteger[]> joint(IpVersion v, DecisionTable a, DecisionTable b) {
    TreeSet<BigInteger> cuts = new TreeSet<>(List.of(BigInteger.ZERO));
    for (DecisionTable t : new DecisionTable[] {a, b}) {
      if (t != null) {
        cuts.addAll(t.cuts(v));
      }
    }
    List<BigInteger> c = new ArrayList<>(cuts);
    List<BigInteger[]> out = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      BigInteger end = i + 1 < c.size() ? c.get(i + 1).subtract(BigInteger.ONE) : v.max();
      if (c.get(i).compareTo(end) <= 0) {
        out.add(new BigInteger[] {c.get(i), end});
      }
    }
    return out;
  }

  /** The addresses of {@code low..high} that no NIC of either version owns, as ranges. */
  private List<IpAddress[]> stretches(IpVersion v, BigInteger low, BigInteger high) {
    BigInteger[] nics = nicAddresses.get(v);
    int i = Arrays.binarySearch(nics, low);
    i = i >= 0 ? i : -i - 1;
    List<IpAddress[]> out = new ArrayList<>();
    BigInteger from = low;
    for (; i < nics.length && nics[i].compareTo(high) <= 0; i++) {
      if (from.compareTo(nics[i]) < 0) {
        out.add(new IpAddress[] {IpAddress.of(v, from), IpAddress.of(v, nics[i].subtract(BigInteger.ONE))});
      }
      from = nics[i].add(BigInteger.ONE);
    }
    if (from.compareTo(high) <= 0) {
      out.add(new IpAddress[] {IpAddress.of(v, from), IpAddress.of(v, high)});
    }
    return out;
  }

  // ------------------------------------------------------------------ one version

  /** A version: its network and the tables of its NICs (by the NIC's group names). */
  private static final class Side {
    final Network network;
    private final DecisionTables tables;
    private final Map<List<String>, DecisionTable[]> byGroups = new HashMap<>();

    Side(Network network, DecisionTables tables) {
      this.network = network;
      this.tables = tables;
    }

    DecisionTable table(Nic nic, Direction d) {
      List<String> key = new ArrayList<>(nic.groups());
      key.sort(null);
      DecisionTable[] ts = byGroups.computeIfAbsent(key, k -> {
        List<Group> gs = network.groupsOf(nic);
        return new DecisionTable[] {tables.table(gs, Direction.INGRESS),
            tables.table(gs, Direction.EGRESS)};
      });
      return ts[d == Direction.INGRESS ? 0 : 1];
    }

    /** The table of the address's owner in this version; null for an external address. */
    DecisionTable table(IpAddress a, Direction d) {
      Optional<Nic> owner = network.owner(a);
      return owner.isEmpty() ? null : table(owner.get(), d);
    }
  }

  // ------------------------------------------------------------------ building the sets

  /**
   * Rows by source: for each protocol class, the source cells (ascending, disjoint) each with its
   * destination part.
   */
  private static final class Rows {
    private final List<List<Cell<IpAddress>>> sources = new ArrayList<>();
    private final List<FlowSet> extra = new ArrayList<>();
    private final FlowSpace space;

    Rows(FlowSpace space) {
      this.space = space;
      for (int k = 0; k < PROTOCOLS; k++) {
        sources.add(new ArrayList<>());
      }
    }

    /** One source address's row: destination cells per protocol class. */
    void addRow(IpAddress src, List<Cell<IpAddress>>[] destinations) {
      for (int k = 0; k < PROTOCOLS; k++) {
        if (!destinations[k].isEmpty()) {
          Part row = space.addressCells(true, destinations[k]);
          if (!row.isEmpty()) {
            sources.get(k).add(new Cell<>(src, src, row));
          }
        }
      }
    }

    /** The flows of one column (many sources, one destination address). */
    void addColumn(Column c) {
      List<Cell<Integer>> protocols = new ArrayList<>();
      for (int k = 0; k < PROTOCOLS; k++) {
        if (c.sources.get(k).isEmpty()) {
          continue;
        }
        List<Cell<IpAddress>> cells = new ArrayList<>();
        for (Cell<IpAddress> s : c.sources.get(k)) {
          cells.add(new Cell<>(s.low(), s.high(), space.addressCells(true,
              List.of(new Cell<>(c.destination, c.destination, s.below())))));
        }
        Part part = space.addressCells(false, cells);
        for (int[] r : ViolationsByEnumeration.protocolRanges(Classes.PROTOCOLS.get(k))) {
          protocols.add(new Cell<>(r[0], r[1], part));
        }
      }
      if (!protocols.isEmpty()) {
        extra.add(space.protocolCells(protocols));
      }
    }

    FlowSet set() {
      List<Cell<Integer>> protocols = new ArrayList<>();
      for (int k = 0; k < PROTOCOLS; k++) {
        if (sources.get(k).isEmpty()) {
          continue;
        }
        Part part = space.addressCells(false, sources.get(k));
        for (int[] r : ViolationsByEnumeration.protocolRanges(Classes.PROTOCOLS.get(k))) {
          protocols.add(new Cell<>(r[0], r[1], part));
        }
      }
      FlowSet out = space.protocolCells(protocols);
      for (FlowSet e : extra) {
        out = out.union(e);
      }
      return out;
    }

    /** Source cells towards one destination address, per protocol class. */
    static final class Column {
      private final IpAddress destination;
      private final List<List<Cell<IpAddress>>> sources = new ArrayList<>();

      Column(IpAddress destination) {
        this.destination = destination;
        for (int k = 0; k < PROTOCOLS; k++) {
          sources.add(new ArrayList<>());
        }
      }

      void add(IpAddress low, IpAddress high, Part[] parts) {
        // The part below a source is the destination level: one cell, the destination.
        for (int k = 0; k < PROTOCOLS; k++) {
          if (!parts[k].isEmpty()) {
            sources.get(k).add(new Cell<>(low, high, parts[k]));
          }
        }
      }
    }
  }
}

package dev.sgproof.query;

import dev.sgproof.flows.TrafficSet;
import dev.sgproof.flows.Violations;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Endpoint;
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
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The cells of {@link Matrix} between endpoints that denote NICs (groups, instances, NICs), read
 * off the {@link DecisionTable}s instead of enumerating flow classes per pair, so a matrix by
 * group of an account (a thousand groups, ten thousand NICs) takes seconds. Exact: a NIC-to-NIC
 * flow is permitted when the egress table of the source's groups allows it and the ingress table
 * of the destination's groups allows it (semantics.md section 7), and each table decides by its
 * own classes of peer addresses and traffic, so every flow of a pair of classes is decided alike.
 *
 * <p>How: the NICs of an endpoint fall into <em>units</em> by their set of groups (for a group,
 * the unit of a set holds every NIC with that set: each of them is a member). For a unit pair the
 * source addresses are classed by the destination's ingress table and the destination addresses
 * by the source's egress table; each pair of classes of one IP version (owned by two distinct
 * NICs: a NIC's flows to itself are outside the model) gives the traffic permitted for some flow
 * and the traffic denied for some flow. A cell is the union over the unit pairs of its endpoints:
 * always is what is permitted somewhere and denied nowhere, sometimes what is permitted somewhere
 * and denied somewhere ({@link Matrix.Cell#of}). Everything is interned and remembered (allowed
 * sets per table and peer class, their combinations, unit pairs, unions), so the work follows the
 * distinct behaviours rather than the NIC pairs.
 *
 * <p>Between NICs and the internet (public space) or external only the NICs' tables decide: the
 * endpoint's addresses that no NIC owns fall into the peer classes of the table (each elementary interval of its cuts that
 * holds such an address), and the other end allows everything. Endpoints this class does not
 * read go to the reference computation given as the fallback. Checked against {@link
 * Matrix#byEnumeration} on generated networks (matrix by group, instance and NIC).
 */
public final class MatrixByTables {
  private final Network network;
  private final BiFunction<Endpoint, Endpoint, Violations> fallback;
  private final DecisionTables tables = new DecisionTablesByMatching();
  /** Every address of a NIC, in NIC order, with its owner (an index of the NICs). */
  private final IpAddress[] addresses;
  private final int[] addressOwner;
  /** Per NIC (by index), the index of its first address. */
  private final int[] firstAddress;
  private final Map<Nic, Integer> nicIndex = new IdentityHashMap<>();
  /** Per IP version, the indexes of its addresses in ascending order of address. */
  private final Map<IpVersion, int[]> sortedAddresses = new EnumMap<>(IpVersion.class);
  private final Map<DecisionTable, int[]> classOfAddress = new IdentityHashMap<>();
  private final Map<List<String>, SetOfGroups> sets = new HashMap<>();
  private final Map<Unit, Unit> units = new HashMap<>();
  private final Map<Endpoint, List<Unit>> unitsOf = new HashMap<>();
  private final Map<DecisionTable, Map<DecisionTable.PeerClass, Integer>> allowedIds =
      new IdentityHashMap<>();
  private final Map<Allowed, Integer> allowedIndex = new HashMap<>();
  private final List<Allowed> allowed = new ArrayList<>();
  /** Remembered pairs of traffic ids (permitted, denied), by the index {@link #pairs} holds. */
  private final LongIntMap combined = new LongIntMap();
  private final LongIntMap unitPairs = new LongIntMap();
  private final LongIntMap outsidePairs = new LongIntMap();
  private long[] pairs = new long[1024];
  private int pairCount;
  private final Map<TrafficSet, Integer> trafficIndex = new HashMap<>();
  private final List<TrafficSet> traffic = new ArrayList<>();
  private final LongIntMap unions = new LongIntMap();
  private final LongIntMap cellIndex = new LongIntMap();
  private final List<Matrix.Cell> cells = new ArrayList<>();
  private final Map<Endpoint, Long> outsideKeys = new HashMap<>();
  private final Map<Endpoint, Map<DecisionTable, List<DecisionTable.PeerClass>>> outsideClasses =
      new HashMap<>();
  private final Map<IpVersion, BigInteger[]> ownedAddresses = new EnumMap<>(IpVersion.class);
  private final int empty;

  private MatrixByTables(Network network, BiFunction<Endpoint, Endpoint, Violations> fallback) {
    this.network = network;
    this.fallback = fallback;
    List<Nic> nics = network.nics();
    List<IpAddress> all = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    firstAddress = new int[nics.size()];
    for (int i = 0; i < nics.size(); i++) {
      nicIndex.put(nics.get(i), i);
      firstAddress[i] = all.size();
      for (IpAddress a : nics.get(i).addresses()) {
        all.add(a);
        owners.add(i);
      }
    }
    addresses = all.toArray(IpAddress[]::new);
    addressOwner = owners.stream().mapToInt(Integer::intValue).toArray();
    for (IpVersion v : IpVersion.values()) {
      sortedAddresses.put(v, java.util.stream.IntStream.range(0, addresses.length).boxed()
          .filter(i -> addresses[i].version() == v)
          .sorted((x, y) -> addresses[x].value().compareTo(addresses[y].value()))
          .mapToInt(Integer::intValue).toArray());
    }
    empty = intern(TrafficSet.NONE);
  }

  /**
   * The cells of the network's matrix: by the decision tables for endpoints that denote NICs, by
   * {@code fallback} (the exact permitted and denied flows of the pair) for the others. One
   * thread at a time.
   */
  public static BiFunction<Endpoint, Endpoint, Matrix.Cell> of(Network network,
      BiFunction<Endpoint, Endpoint, Violations> fallback) {
    MatrixByTables m = new MatrixByTables(network, fallback);
    return m::cell;
  }

  /** The cells, with {@link Matrix#byEnumeration} for the endpoints that are not NICs. */
  public static BiFunction<Endpoint, Endpoint, Matrix.Cell> of(Network network) {
    return of(network, Matrix.byEnumeration(network));
  }

  private Matrix.Cell cell(Endpoint a, Endpoint b) {
    int permitted = empty;
    int denied = empty;
    if (denotesNics(a) && denotesNics(b)) {
      for (Unit u : unitsOf(a)) {
        for (Unit v : unitsOf(b)) {
          long pd = unitPair(u, v);
          permitted = union(permitted, (int) (pd >>> 32));
          denied = union(denied, (int) pd);
        }
      }
    } else if (denotesNics(b) && space(a) != null) {
      for (Unit v : unitsOf(b)) {
        long pd = fromOutside(a, v);
        permitted = union(permitted, (int) (pd >>> 32));
        denied = union(denied, (int) pd);
      }
    } else if (denotesNics(a) && space(b) != null) {
      for (Unit u : unitsOf(a)) {
        long pd = toOutside(u, b);
        permitted = union(permitted, (int) (pd >>> 32));
        denied = union(denied, (int) pd);
      }
    } else {
      return Matrix.Cell.of(fallback.apply(a, b));
    }
    long key = ((long) permitted << 32) | (denied & 0xffffffffL);
    int c = cellIndex.get(key, -1);
    if (c < 0) {
      TrafficSet p = traffic.get(permitted);
      TrafficSet d = traffic.get(denied);
      TrafficSet always = p.minus(d);
      c = cells.size();
      cells.add(new Matrix.Cell(p.union(d), always, p.minus(always)));
      cellIndex.put(key, c);
    }
    return cells.get(c);
  }

  /** Remembers a pair of traffic ids under the key. */
  private long remember(LongIntMap memo, long key, long pair) {
    if (pairCount == pairs.length) {
      pairs = Arrays.copyOf(pairs, pairs.length * 2);
    }
    pairs[pairCount] = pair;
    memo.put(key, pairCount++);
    return pair;
  }

  private static long pair(int permitted, int denied) {
    return ((long) permitted << 32) | (denied & 0xffffffffL);
  }

  /**
   * The addresses an endpoint of external addresses denotes, before the NICs' addresses are taken
   * out: per IP version, ascending disjoint {@code [first, last]} ranges; null for an endpoint
   * this class does not read (it goes to the fallback).
   */
  private static Map<IpVersion, List<BigInteger[]>> space(Endpoint e) {
    if (e instanceof Endpoint.InternetEndpoint) {
      // Public unicast space (semantics.md section 2.1).
      Map<IpVersion, List<BigInteger[]>> out = new EnumMap<>(IpVersion.class);
      for (IpVersion v : IpVersion.values()) {
        List<BigInteger[]> ranges = new ArrayList<>();
        for (IpAddress[] r : dev.sgproof.model.PublicSpace.ranges(v)) {
          ranges.add(new BigInteger[] {r[0].value(), r[1].value()});
        }
        out.put(v, ranges);
      }
      return out;
    }
    if (e instanceof Endpoint.ExternalEndpoint) {
      Map<IpVersion, List<BigInteger[]>> out = new EnumMap<>(IpVersion.class);
      for (IpVersion v : IpVersion.values()) {
        out.put(v, List.<BigInteger[]>of(new BigInteger[] {BigInteger.ZERO, v.max()}));
      }
      return out;
    }
    return null;
  }

  /** Ingress at the NICs of v decides the flows from the endpoint's addresses (section 7). */
  private long fromOutside(Endpoint outside, Unit v) {
    SetOfGroups t = v.set;
    if (t.ingress == null) {
      t.ingress = tables.table(t.groups, Direction.INGRESS);
    }
    return outside(outside, t.ingress, v, true);
  }

  /** Egress at the NICs of u decides the flows to the endpoint's addresses (section 7). */
  private long toOutside(Unit u, Endpoint outside) {
    SetOfGroups s = u.set;
    if (s.egress == null) {
      s.egress = tables.table(s.groups, Direction.EGRESS);
    }
    return outside(outside, s.egress, u, false);
  }

  private long outside(Endpoint outside, DecisionTable table, Unit unit, boolean inbound) {
    long key = ((long) unit.id << 32) | (outsideKey(outside) << 1) | (inbound ? 1 : 0);
    int known = outsidePairs.get(key, -1);
    if (known >= 0) {
      return pairs[known];
    }
    EnumMap<IpVersion, Boolean> versions = new EnumMap<>(IpVersion.class);
    for (Nic nic : unit.nics) {
      for (IpAddress a : nic.addresses()) {
        versions.put(a.version(), true);
      }
    }
    int permitted = empty;
    int denied = empty;
    for (DecisionTable.PeerClass c : outsideClasses(outside, table)) {
      if (!versions.containsKey(c.version())) {
        continue;
      }
      int other = allowedId(c.version());
      int here = allowedId(table, c);
      long pd = inbound ? combine(other, here) : combine(here, other);
      permitted = union(permitted, (int) (pd >>> 32));
      denied = union(denied, (int) pd);
    }
    return remember(outsidePairs, key, pair(permitted, denied));
  }

  private long outsideKey(Endpoint outside) {
    return outsideKeys.computeIfAbsent(outside, k -> (long) outsideKeys.size());
  }

  /**
   * The peer classes of the table (no membership: no NIC owns these addresses) that hold an
   * address of the endpoint's space that no NIC owns.
   */
  private List<DecisionTable.PeerClass> outsideClasses(Endpoint outside, DecisionTable table) {
    Map<DecisionTable, List<DecisionTable.PeerClass>> byTable =
        outsideClasses.computeIfAbsent(outside, k -> new IdentityHashMap<>());
    List<DecisionTable.PeerClass> known = byTable.get(table);
    if (known != null) {
      return known;
    }
    java.util.LinkedHashSet<DecisionTable.PeerClass> out = new java.util.LinkedHashSet<>();
    Map<IpVersion, List<BigInteger[]>> space = space(outside);
    for (IpVersion v : IpVersion.values()) {
      List<BigInteger> cuts = table.cuts(v);
      for (int i = 0; i < cuts.size(); i++) {
        BigInteger lo = cuts.get(i);
        BigInteger hi = i + 1 < cuts.size() ? cuts.get(i + 1).subtract(BigInteger.ONE) : v.max();
        for (BigInteger[] r : space.get(v)) {
          BigInteger a = lo.max(r[0]);
          BigInteger b = hi.min(r[1]);
          if (a.compareTo(b) <= 0 && holdsUnowned(v, a, b)) {
            out.add(table.peerClass(IpAddress.of(v, a), List.of()));
            break;
          }
        }
      }
    }
    List<DecisionTable.PeerClass> list = List.copyOf(out);
    byTable.put(table, list);
    return list;
  }

  /** Whether {@code [a, b]} holds an address that no NIC owns. */
  private boolean holdsUnowned(IpVersion v, BigInteger a, BigInteger b) {
    BigInteger[] owned = ownedAddresses.computeIfAbsent(v, k -> {
      List<BigInteger> all = new ArrayList<>();
      for (Nic nic : network.nics()) {
        for (IpAddress x : nic.addresses()) {
          if (x.version() == v) {
            all.add(x.value());
          }
        }
      }
      return all.stream().sorted().toArray(BigInteger[]::new);
    });
    int from = Arrays.binarySearch(owned, a);
    from = from >= 0 ? from : -from - 1;
    int to = Arrays.binarySearch(owned, b);
    to = to >= 0 ? to + 1 : -to - 1;
    return BigInteger.valueOf(to - from).compareTo(b.subtract(a).add(BigInteger.ONE)) < 0;
  }

  /** Everything allowed, for the end that no table decides (an address no NIC owns). */
  private int allowedId(IpVersion v) {
    List<DecisionTable.TrafficClass> all = new ArrayList<>();
    for (int protocol : Classes.PROTOCOLS) {
      if (Protocols.fitsVersion(protocol, v)) {
        all.add(new DecisionTable.TrafficClass(protocol, PortRange.ALL, PortRange.ALL));
      }
    }
    Allowed a = Allowed.of(v, all);
    Integer id = allowedIndex.get(a);
    if (id == null) {
      id = allowed.size();
      allowed.add(a);
      allowedIndex.put(a, id);
    }
    return id;
  }

  private static boolean denotesNics(Endpoint e) {
    return e instanceof Endpoint.GroupEndpoint || e instanceof Endpoint.InstanceEndpoint
        || e instanceof Endpoint.NicEndpoint;
  }

  /** A set of groups (sorted by name) with its two tables. */
  private static final class SetOfGroups {
    final List<String> names;
    final List<Group> groups;
    final List<Nic> nics = new ArrayList<>();
    DecisionTable egress;
    DecisionTable ingress;

    SetOfGroups(List<String> names, List<Group> groups) {
      this.names = names;
      this.groups = groups;
    }
  }

  /** NICs of one set of groups (compared by identity of the set and the NICs). */
  private static final class Unit {
    final SetOfGroups set;
    final List<Nic> nics;
    final int hash;
    int id;
    /** The indexes of the NICs' addresses. */
    int[] addresses;

    Unit(SetOfGroups set, List<Nic> nics) {
      this.set = set;
      this.nics = List.copyOf(nics);
      int h = System.identityHashCode(set);
      for (Nic n : this.nics) {
        h = h * 31 + System.identityHashCode(n);
      }
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Unit u) || u.set != set || u.nics.size() != nics.size()) {
        return false;
      }
      for (int i = 0; i < nics.size(); i++) {
        if (u.nics.get(i) != nics.get(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private SetOfGroups setOf(Nic nic) {
    List<String> names = new ArrayList<>(new TreeSet<>(nic.groups()));
    SetOfGroups s = sets.get(names);
    if (s == null) {
      List<Group> groups = new ArrayList<>();
      for (String g : names) {
        groups.add(network.groupNamed(g));
      }
      s = new SetOfGroups(List.copyOf(names), List.copyOf(groups));
      sets.put(s.names, s);
    }
    return s;
  }

  private List<Unit> unitsOf(Endpoint e) {
    List<Unit> us = unitsOf.get(e);
    if (us != null) {
      return us;
    }
    if (sets.isEmpty()) {
      for (Nic nic : network.nics()) {
        setOf(nic).nics.add(nic);
      }
    }
    Map<SetOfGroups, List<Nic>> bySet = new LinkedHashMap<>();
    for (Nic nic : network.nicsOf(e)) {
      bySet.computeIfAbsent(setOf(nic), k -> new ArrayList<>()).add(nic);
    }
    us = new ArrayList<>();
    for (Map.Entry<SetOfGroups, List<Nic>> x : bySet.entrySet()) {
      // A group holds every NIC of each of its sets: one unit per set, shared by all groups.
      List<Nic> nics = e instanceof Endpoint.GroupEndpoint ? x.getKey().nics : x.getValue();
      Unit u = new Unit(x.getKey(), nics);
      Unit known = units.putIfAbsent(u, u);
      if (known == null) {
        u.id = units.size() - 1;
        List<Integer> as = new ArrayList<>();
        for (Nic nic : u.nics) {
          int first = firstAddress[nicIndex.get(nic)];
          for (int k = 0; k < nic.addresses().size(); k++) {
            as.add(first + k);
          }
        }
        u.addresses = as.stream().mapToInt(Integer::intValue).toArray();
      } else {
        u = known;
      }
      us.add(u);
    }
    us = List.copyOf(us);
    unitsOf.put(e, us);
    return us;
  }

  /** The traffic permitted for some flow and denied for some flow from u to v, as two ids. */
  private long unitPair(Unit u, Unit v) {
    long key = ((long) u.id << 32) | (v.id & 0xffffffffL);
    int known = unitPairs.get(key, -1);
    if (known >= 0) {
      return pairs[known];
    }
    SetOfGroups s = u.set;
    SetOfGroups t = v.set;
    if (s.egress == null) {
      s.egress = tables.table(s.groups, Direction.EGRESS);
    }
    if (t.ingress == null) {
      t.ingress = tables.table(t.groups, Direction.INGRESS);
    }
    // Source addresses by their class at the destination's ingress table, destination addresses
    // by their class at the source's egress table; each class with its one owner, or -1 for
    // several.
    Map<DecisionTable.PeerClass, Integer> sources = classes(u, t.ingress, s.names);
    Map<DecisionTable.PeerClass, Integer> destinations = classes(v, s.egress, t.names);
    int permitted = empty;
    int denied = empty;
    for (Map.Entry<DecisionTable.PeerClass, Integer> x : sources.entrySet()) {
      for (Map.Entry<DecisionTable.PeerClass, Integer> y : destinations.entrySet()) {
        if (x.getKey().version() != y.getKey().version()
            || x.getValue() >= 0 && x.getValue().equals(y.getValue())) {
          continue; // no such flow: the versions differ, or both ends are one NIC
        }
        long c = combine(allowedId(s.egress, y.getKey()), allowedId(t.ingress, x.getKey()));
        permitted = union(permitted, (int) (c >>> 32));
        denied = union(denied, (int) c);
      }
    }
    return remember(unitPairs, key, pair(permitted, denied));
  }

  /**
   * The peer classes at the table of the unit's addresses (owned by NICs with the given groups),
   * each with its one owner (an index of the network's NICs), or -1 for several.
   */
  private Map<DecisionTable.PeerClass, Integer> classes(Unit u, DecisionTable table,
      List<String> ownerGroups) {
    int[] classOf = classOfAddress(table);
    Map<Integer, Integer> owners = new LinkedHashMap<>();
    for (int i : u.addresses) {
      int key = classOf[i] * 2 + (addresses[i].version() == IpVersion.V4 ? 0 : 1);
      owners.merge(key, addressOwner[i], (p, q) -> p.equals(q) ? p : -1);
    }
    List<String> ms = table.memberships();
    long[] bits = new long[(ms.size() + 63) >>> 6];
    for (String g : ownerGroups) {
      int i = Collections.binarySearch(ms, g);
      if (i >= 0) {
        bits[i >>> 6] |= 1L << (i & 63);
      }
    }
    Map<DecisionTable.PeerClass, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<Integer, Integer> e : owners.entrySet()) {
      int key = e.getKey();
      out.put(new DecisionTable.PeerClass((key & 1) == 0 ? IpVersion.V4 : IpVersion.V6, key >>> 1,
          bits), e.getValue());
    }
    return out;
  }

  /**
   * The CIDR class at the table of every NIC address (by its index): one sweep of the addresses
   * in order along the table's cuts, each interval's class asked once.
   */
  private int[] classOfAddress(DecisionTable table) {
    int[] known = classOfAddress.get(table);
    if (known != null) {
      return known;
    }
    int[] out = new int[addresses.length];
    for (IpVersion v : IpVersion.values()) {
      List<BigInteger> cuts = table.cuts(v);
      int[] intervalClass = new int[cuts.size()];
      Arrays.fill(intervalClass, -1);
      int i = 0;
      for (int a : sortedAddresses.get(v)) {
        BigInteger x = addresses[a].value();
        while (i + 1 < cuts.size() && cuts.get(i + 1).compareTo(x) <= 0) {
          i++;
        }
        if (intervalClass[i] < 0) {
          intervalClass[i] = table.peerClass(IpAddress.of(v, cuts.get(i)), List.of()).cidrClass();
        }
        out[a] = intervalClass[i];
      }
    }
    classOfAddress.put(table, out);
    return out;
  }

  private int allowedId(DecisionTable table, DecisionTable.PeerClass p) {
    Map<DecisionTable.PeerClass, Integer> m =
        allowedIds.computeIfAbsent(table, k -> new HashMap<>());
    Integer id = m.get(p);
    if (id == null) {
      Allowed a = Allowed.of(p.version(), table.allowedClasses(p));
      id = allowedIndex.get(a);
      if (id == null) {
        id = allowed.size();
        allowed.add(a);
        allowedIndex.put(a, id);
      }
      m.put(p, id);
    }
    return id;
  }

  /**
   * The traffic permitted (allowed at both ends) for some flow and denied (at either end) for
   * some flow, of the flows whose egress decision is {@code egress} and ingress decision {@code
   * ingress} (both of one IP version).
   */
  private long combine(int egress, int ingress) {
    long key = ((long) egress << 32) | (ingress & 0xffffffffL);
    int known = combined.get(key, -1);
    if (known >= 0) {
      return pairs[known];
    }
    Allowed e = allowed.get(egress);
    Allowed in = allowed.get(ingress);
    TrafficSet.Builder permitted = new TrafficSet.Builder();
    TrafficSet.Builder denied = new TrafficSet.Builder();
    for (int k = 0; k < Classes.PROTOCOLS.size(); k++) {
      int protocol = Classes.PROTOCOLS.get(k);
      if (!Protocols.fitsVersion(protocol, e.version)) {
        continue;
      }
      if (!Protocols.hasPorts(protocol)) {
        TrafficSet.Builder to = e.portless[k] && in.portless[k] ? permitted : denied;
        for (int[] r : ViolationsByEnumeration.protocolRanges(protocol)) {
          to.protocols(r[0], r[1]);
        }
        continue;
      }
      Ports pe = e.ports[k];
      Ports pi = in.ports[k];
      int[] src = merge(pe.src, pi.src);
      int[] dst = merge(pe.dst, pi.dst);
      for (int d = 0; d + 1 < dst.length; d++) {
        boolean some = false;
        boolean notAll = false;
        int de = pe.dstIndex(dst[d]);
        int di = pi.dstIndex(dst[d]);
        for (int s = 0; s + 1 < src.length; s++) {
          if (pe.allowed(pe.srcIndex(src[s]), de) && pi.allowed(pi.srcIndex(src[s]), di)) {
            some = true;
          } else {
            notAll = true;
          }
        }
        PortRange r = new PortRange(dst[d], dst[d + 1] - 1);
        if (some) {
          permitted.ports(protocol, r);
        }
        if (notAll) {
          denied.ports(protocol, r);
        }
      }
    }
    return remember(combined, key, pair(intern(permitted.build()), intern(denied.build())));
  }

  private static int[] merge(int[] a, int[] b) {
    TreeSet<Integer> all = new TreeSet<>();
    for (int x : a) {
      all.add(x);
    }
    for (int x : b) {
      all.add(x);
    }
    return all.stream().mapToInt(Integer::intValue).toArray();
  }

  private int intern(TrafficSet t) {
    Integer id = trafficIndex.get(t);
    if (id == null) {
      id = traffic.size();
      traffic.add(t);
      trafficIndex.put(t, id);
    }
    return id;
  }

  private int union(int a, int b) {
    if (a == b || b == empty) {
      return a;
    }
    if (a == empty) {
      return b;
    }
    long key = a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    int known = unions.get(key, -1);
    if (known < 0) {
      known = intern(traffic.get(a).union(traffic.get(b)));
      unions.put(key, known);
    }
    return known;
  }

  /**
   * What one table allows for one peer class: per protocol class of {@link Classes#PROTOCOLS}
   * whether it is allowed (port-less ones), or the allowed region of source and destination ports
   * (tcp, udp) on a grid with no redundant cut. Equal content, equal object.
   */
  private static final class Allowed {
    final IpVersion version;
    final boolean[] portless = new boolean[Classes.PROTOCOLS.size()];
    final Ports[] ports = new Ports[Classes.PROTOCOLS.size()];

    private Allowed(IpVersion version) {
      this.version = version;
    }

    static Allowed of(IpVersion version, List<DecisionTable.TrafficClass> classes) {
      Allowed a = new Allowed(version);
      for (int k = 0; k < Classes.PROTOCOLS.size(); k++) {
        int protocol = Classes.PROTOCOLS.get(k);
        if (Protocols.hasPorts(protocol)) {
          List<DecisionTable.TrafficClass> mine = new ArrayList<>();
          for (DecisionTable.TrafficClass c : classes) {
            if (c.protocol() == protocol) {
              mine.add(c);
            }
          }
          a.ports[k] = Ports.of(mine);
        } else {
          for (DecisionTable.TrafficClass c : classes) {
            a.portless[k] |= c.protocol() == protocol;
          }
        }
      }
      return a;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Allowed a && a.version == version
          && Arrays.equals(a.portless, portless) && Arrays.equals(a.ports, ports);
    }

    @Override
    public int hashCode() {
      return (version.hashCode() * 31 + Arrays.hashCode(portless)) * 31 + Arrays.hashCode(ports);
    }
  }

  /**
   * An allowed region of (source port, destination port): the cuts (each the first port of an
   * interval, then {@code 65536}) and a cell per pair of intervals.
   */
  private static final class Ports {
    final int[] src;
    final int[] dst;
    final boolean[] cells; // [s * (dst.length - 1) + d]

    private Ports(int[] src, int[] dst, boolean[] cells) {
      this.src = src;
      this.dst = dst;
      this.cells = cells;
    }

    static Ports of(List<DecisionTable.TrafficClass> rectangles) {
      TreeSet<Integer> s = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX + 1));
      TreeSet<Integer> d = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX + 1));
      for (DecisionTable.TrafficClass r : rectangles) {
        s.add(r.srcPorts().low());
        s.add(r.srcPorts().high() + 1);
        d.add(r.dstPorts().low());
        d.add(r.dstPorts().high() + 1);
      }
      int[] src = s.stream().mapToInt(Integer::intValue).toArray();
      int[] dst = d.stream().mapToInt(Integer::intValue).toArray();
      int w = dst.length - 1;
      boolean[] cells = new boolean[(src.length - 1) * w];
      for (DecisionTable.TrafficClass r : rectangles) {
        int s0 = Arrays.binarySearch(src, r.srcPorts().low());
        int s1 = Arrays.binarySearch(src, r.srcPorts().high() + 1);
        int d0 = Arrays.binarySearch(dst, r.dstPorts().low());
        int d1 = Arrays.binarySearch(dst, r.dstPorts().high() + 1);
        for (int i = s0; i < s1; i++) {
          for (int j = d0; j < d1; j++) {
            cells[i * w + j] = true;
          }
        }
      }
      return new Ports(src, dst, cells).reduced();
    }

    /** The same region without cuts between two equal rows or two equal columns. */
    private Ports reduced() {
      int w = dst.length - 1;
      int h = src.length - 1;
      List<Integer> keepRows = new ArrayList<>();
      for (int i = 0; i < h; i++) {
        if (i == 0 || !Arrays.equals(cells, i * w, i * w + w, cells, (i - 1) * w, i * w)) {
          keepRows.add(i);
        }
      }
      List<Integer> keepCols = new ArrayList<>();
      for (int j = 0; j < w; j++) {
        boolean same = j > 0;
        for (int i = 0; same && i < h; i++) {
          same = cells[i * w + j] == cells[i * w + j - 1];
        }
        if (!same) {
          keepCols.add(j);
        }
      }
      int[] s = new int[keepRows.size() + 1];
      int[] d = new int[keepCols.size() + 1];
      for (int i = 0; i < keepRows.size(); i++) {
        s[i] = src[keepRows.get(i)];
      }
      s[keepRows.size()] = PortRange.MAX + 1;
      for (int j = 0; j < keepCols.size(); j++) {
        d[j] = dst[keepCols.get(j)];
      }
      d[keepCols.size()] = PortRange.MAX + 1;
      boolean[] c = new boolean[keepRows.size() * keepCols.size()];
      for (int i = 0; i < keepRows.size(); i++) {
        for (int j = 0; j < keepCols.size(); j++) {
          c[i * keepCols.size() + j] = cells[keepRows.get(i) * w + keepCols.get(j)];
        }
      }
      return new Ports(s, d, c);
    }

    /** The interval of the cuts that holds the port. */
    int srcIndex(int port) {
      int i = Arrays.binarySearch(src, port);
      return i >= 0 ? i : -i - 2;
    }

    int dstIndex(int port) {
      int i = Arrays.binarySearch(dst, port);
      return i >= 0 ? i : -i - 2;
    }

    boolean allowed(int s, int d) {
      return cells[s * (dst.length - 1) + d];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ports p && Arrays.equals(p.src, src) && Arrays.equals(p.dst, dst)
          && Arrays.equals(p.cells, cells);
    }

    @Override
    public int hashCode() {
      return (Arrays.hashCode(src) * 31 + Arrays.hashCode(dst)) * 31 + Arrays.hashCode(cells);
    }
  }
}

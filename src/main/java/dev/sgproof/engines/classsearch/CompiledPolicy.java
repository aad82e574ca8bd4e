package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Classes;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rules of a network compiled once into decision tables, as a compiled policy is: for a group
 * set, a direction and one address of the other end (one class of the network's address line),
 * the table holds the set's decision (allowed or not, section 4, then the intra-group allow of
 * section 5 or the default of section 6) for every protocol-and-ports class of the network at
 * once, one bit per cell. The cells are the network's own classes: the protocol classes of {@link
 * Classes#PROTOCOLS}, and for tcp and udp every destination-port class times every source-port
 * class, cut by every rule's port ranges (an assertion's own port cuts only split these, so each
 * of its port classes lies in one cell). Tables are made on first use and kept, so the assertions
 * on one network share them (kept by the engine instance, through its {@link NetworkIndex}).
 *
 * <p>The address line is cut by every rule CIDR and every NIC address (each NIC address a class
 * of its own), so every address class of any assertion lies in one class here, inside or outside
 * every rule CIDR, and a rule's peer matches the whole class or none of it.
 */
final class CompiledPolicy {
  /** Networks with more protocol-and-ports cells than this are not compiled ({@link #of}). */
  static final int MAX_CELLS = 64 * 64;

  /** Tables kept at most; past this many the cache starts again (memory stays bounded). */
  static final int MAX_TABLES = 1 << 18;

  private final NetworkIndex index;
  private final Network network;
  /** The low end of each destination-port and source-port class, ascending. */
  private final int[] dportLows;
  private final int[] sportLows;
  /** The first cell of each protocol class (in the order of {@link Classes#PROTOCOLS}). */
  private final int[] protocolBase = new int[Classes.PROTOCOLS.size()];
  final int cells;
  final int words;
  /** Every cell, and every cell a flow of each IP version can have (no icmpv6 on v4, ...). */
  private final long[] valid;
  private final long[] validV4;
  private final long[] validV6;
  /** The network's address cuts by version, ascending (class k is cuts[k]..cuts[k+1]-1). */
  private final BigInteger[] cutsV4;
  private final BigInteger[] cutsV6;
  /** Per peer number: for a CIDR its version and its run of address classes, else -1s. */
  private final int[] peerVersion;
  private final int[] peerFrom;
  private final int[] peerTo;
  /** The compiled rules of each group set and direction, made on first use. */
  private final SetRules[] setRules;
  private final Map<Long, long[]> tables = new HashMap<>();
  private long tablesMade;

  private CompiledPolicy(NetworkIndex index, int[] dportLows, int[] sportLows) {
    this.index = index;
    this.network = index.network;
    this.dportLows = dportLows;
    this.sportLows = sportLows;
    int cell = 0;
    for (int i = 0; i < Classes.PROTOCOLS.size(); i++) {
      protocolBase[i] = cell;
      cell += Protocols.hasPorts(Classes.PROTOCOLS.get(i)) ? dportLows.length * sportLows.length
          : 1;
    }
    this.cells = cell;
    this.words = (cells + 63) >>> 6;
    this.valid = new long[words];
    setRange(valid, 0, cells);
    this.validV4 = valid.clone();
    this.validV6 = valid.clone();
    clear(validV4, protocolBase[Classes.PROTOCOLS.indexOf(Protocols.ICMPV6)]);
    clear(validV6, protocolBase[Classes.PROTOCOLS.indexOf(Protocols.ICMP)]);
    TreeSet<BigInteger> v4 = new TreeSet<>();
    TreeSet<BigInteger> v6 = new TreeSet<>();
    v4.add(BigInteger.ZERO);
    v6.add(BigInteger.ZERO);
    v4.add(IpVersion.V4.max().add(BigInteger.ONE));
    v6.add(IpVersion.V6.max().add(BigInteger.ONE));
    for (Peer p : index.peers) {
      if (p instanceof Peer.CidrPeer c) {
        TreeSet<BigInteger> s = c.cidr().version() == IpVersion.V4 ? v4 : v6;
        s.add(c.cidr().first().value());
        s.add(c.cidr().last().value().add(BigInteger.ONE));
      }
    }
    for (Nic nic : network.nics()) {
      for (IpAddress a : nic.addresses()) {
        TreeSet<BigInteger> s = a.version() == IpVersion.V4 ? v4 : v6;
        s.add(a.value());
        s.add(a.value().add(BigInteger.ONE));
      }
    }
    this.cutsV4 = v4.toArray(BigInteger[]::new);
    this.cutsV6 = v6.toArray(BigInteger[]::new);
    int k = index.peers.size();
    this.peerVersion = new int[k];
    this.peerFrom = new int[k];
    this.peerTo = new int[k];
    for (int i = 0; i < k; i++) {
      peerVersion[i] = -1;
      if (index.peers.get(i) instanceof Peer.CidrPeer c) {
        IpVersion v = c.cidr().version();
        peerVersion[i] = v.ordinal();
        peerFrom[i] = classOf(v, c.cidr().first().value());
        peerTo[i] = classOf(v, c.cidr().last().value()) + 1;
      }
    }
    this.setRules = new SetRules[2 * index.sets.size()];
  }

  /**
   * The compiled policy of the network of the index, or null when the network has more cells
   * than {@link #MAX_CELLS} (many port ranges): tables would then cost more than they save.
   */
  static CompiledPolicy of(NetworkIndex index) {
    TreeSet<Integer> dport = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX + 1));
    TreeSet<Integer> sport = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX + 1));
    for (Group g : index.network.groups()) {
      for (Rule r : g.rules()) {
        dport.add(r.dstPorts().low());
        dport.add(r.dstPorts().high() + 1);
        sport.add(r.srcPorts().low());
        sport.add(r.srcPorts().high() + 1);
      }
    }
    long ported = (long) (dport.size() - 1) * (sport.size() - 1);
    if (2 * ported + Classes.PROTOCOLS.size() - 2 > MAX_CELLS) {
      return null;
    }
    return new CompiledPolicy(index, lows(dport), lows(sport));
  }

  private static int[] lows(TreeSet<Integer> cuts) {
    int[] out = new int[cuts.size() - 1];
    int i = 0;
    for (int c : cuts) {
      if (i < out.length) {
        out[i++] = c;
      }
    }
    return out;
  }

  /** The class of the network's address line that holds the value. */
  int classOf(IpVersion v, BigInteger value) {
    BigInteger[] cuts = v == IpVersion.V4 ? cutsV4 : cutsV6;
    int lo = 0;
    int hi = cuts.length - 1;
    // The last cut at or below the value.
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (cuts[mid].compareTo(value) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The first cell of the protocol class at that index of {@link Classes#PROTOCOLS}. */
  int protocolBase(int index) {
    return protocolBase[index];
  }

  /** The offset of each destination port's class within a protocol's cells. */
  int[] dportOffsets(List<Integer> ports) {
    int[] out = new int[ports.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = portClass(dportLows, ports.get(i));
    }
    return out;
  }

  /** The offset of each source port's class within a protocol's cells. */
  int[] sportOffsets(List<Integer> ports) {
    int[] out = new int[ports.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = portClass(sportLows, ports.get(i)) * dportLows.length;
    }
    return out;
  }

  /** The cell of a flow's protocol and ports (any port of a protocol without ports). */
  int cell(int protocol, int dport, int sport) {
    int p = Classes.PROTOCOLS.indexOf(protocol);
    if (p < 0) {
      p = Classes.PROTOCOLS.indexOf(Classes.OTHER_PROTOCOL);
    }
    if (!Protocols.hasPorts(protocol)) {
      return protocolBase[p];
    }
    return protocolBase[p] + portClass(sportLows, sport) * dportLows.length
        + portClass(dportLows, dport);
  }

  /** The cells a flow of the version can have. */
  long[] valid(IpVersion v) {
    return v == IpVersion.V4 ? validV4 : validV6;
  }

  private static int portClass(int[] lows, int port) {
    int i = Arrays.binarySearch(lows, port);
    return i >= 0 ? i : -i - 2;
  }

  /**
   * The decision table of group set {@code set} in direction {@code d} against the other end's
   * address {@code a} (owned by {@code owner}, null when external), whose class on the address
   * line is {@code cls}: bit c is set when the set allows every flow of cell c with that other
   * end. For ingress, a source that is a fellow member of an interconnected basic group of the set
   * is allowed whatever the rules say; the caller never asks about a NIC and its own address.
   */
  long[] table(int set, Direction d, IpVersion v, int cls, Nic owner) {
    long key = ((long) set << 40) | ((long) d.ordinal() << 39) | ((long) v.ordinal() << 38) | cls;
    long[] t = tables.get(key);
    if (t == null) {
      if (tables.size() >= MAX_TABLES) {
        tables.clear();
      }
      t = compile(set, d, v, cls, owner);
      tables.put(key, t);
      tablesMade++;
    }
    return t;
  }

  /**
   * The cells among {@code cells} whose flows break the expectation ({@code permitted}: they must
   * be permitted, else denied), given the cells the source's egress allows ({@code out}) and those
   * the destination's ingress allows ({@code in}), either null for an external end, which is not
   * checked (section 7); null when no cell breaks it.
   */
  static long[] breaking(long[] cells, long[] out, long[] in, boolean permitted) {
    long[] bad = new long[cells.length];
    boolean some = false;
    for (int w = 0; w < cells.length; w++) {
      long pass = cells[w];
      if (out != null) {
        pass &= out[w];
      }
      if (in != null) {
        pass &= in[w];
      }
      bad[w] = permitted ? cells[w] & ~pass : pass;
      some |= bad[w] != 0;
    }
    return some ? bad : null;
  }

  /** A policy of at most this many tables of NIC addresses is compiled whole up front. */
  static final int COMPILE_UP_FRONT = 1 << 14;

  /**
   * Makes up front the tables of every group set against every NIC address of the other end, as
   * a compiled policy is made before the queries, when there are at most {@link
   * #COMPILE_UP_FRONT} of them (a few group sets, say; else they are made as assertions ask).
   */
  void compileNicTables() {
    long count = 0;
    for (Nic nic : network.nics()) {
      count += nic.addresses().size();
    }
    if (count * 2 * index.sets.size() > COMPILE_UP_FRONT) {
      return;
    }
    for (GroupSet g : index.sets) {
      for (Nic nic : network.nics()) {
        for (IpAddress a : nic.addresses()) {
          int cls = classOf(a.version(), a.value());
          for (Direction d : Direction.values()) {
            table(g.id, d, a.version(), cls, nic);
          }
        }
      }
    }
  }

  /** How many tables were made (tests check that they are shared). */
  long tablesMade() {
    return tablesMade;
  }

  private long[] compile(int set, Direction d, IpVersion v, int cls, Nic owner) {
    GroupSet g = index.sets.get(set);
    boolean in = d == Direction.INGRESS;
    if (in && owner != null) {
      for (String fellow : g.interconnectedNames) {
        if (owner.groups().contains(fellow)) {
          return valid.clone(); // section 5: the intra-group allow comes before any rule
        }
      }
    }
    SetRules rules = rules(g, in);
    long[] allowed = new long[words];
    long[] decided = new long[words];
    long[] allow = new long[words];
    long[] deny = new long[words];
    int i = 0;
    int k = rules.peer.length;
    while (i < k) {
      int priority = rules.priority[i];
      boolean any = false;
      for (; i < k && rules.priority[i] == priority; i++) {
        if (!matches(rules.peer[i], v, cls, owner)) {
          continue;
        }
        long[] mine = rules.cells[i];
        long[] into = rules.allow[i] ? allow : deny;
        for (int w = 0; w < words; w++) {
          into[w] |= mine[w];
        }
        any = true;
      }
      if (!any) {
        continue;
      }
      boolean full = true;
      for (int w = 0; w < words; w++) {
        allowed[w] |= allow[w] & ~deny[w] & ~decided[w];
        decided[w] |= allow[w] | deny[w];
        full &= decided[w] == valid[w];
        allow[w] = 0L;
        deny[w] = 0L;
      }
      if (full) {
        return allowed;
      }
    }
    if (!in && g.basic) {
      for (int w = 0; w < words; w++) {
        allowed[w] |= valid[w] & ~decided[w]; // section 6: a basic group allows the rest
      }
    }
    return allowed;
  }

  /**
   * The rules of one group set and direction whose peer matches the other end, by priority, each
   * with the cells it matches: what {@link #compile} applies, for those that decide with only some
   * rules kept ({@link CompiledPairs}).
   *
   * @param basic whether the set is basic (its egress default allows what no rule decided)
   */
  record Matching(Rule[] rules, int[] order, int[] priority, boolean[] allow, long[][] cells,
      boolean basic) {}

  /**
   * The rules of group set {@code set} in direction {@code d} that match the other end (address
   * class {@code cls} of version {@code v}, owned by {@code owner}, null when external), each with
   * its place in spec order ({@link NetworkIndex#specOrder}). The intra-group allow is the
   * caller's ({@link GroupSet#interconnectedNames}).
   */
  Matching matching(int set, Direction d, IpVersion v, int cls, Nic owner) {
    // The owner follows from the class: each NIC address is a class of its own, and a class
    // holding no NIC address has none.
    long key = ((long) set << 40) | ((long) d.ordinal() << 39) | ((long) v.ordinal() << 38) | cls;
    Matching m = matchings.get(key);
    if (m == null) {
      if (matchings.size() >= MAX_TABLES) {
        matchings.clear();
      }
      m = matchingAfresh(set, d, v, cls, owner);
      matchings.put(key, m);
    }
    return m;
  }

  /** The matching rules made so far, by the key of {@link #table}. */
  private final Map<Long, Matching> matchings = new HashMap<>();

  /** Scratch for {@link #matchingAfresh} (a policy serves one thread). */
  private int[] matched = new int[0];

  private Matching matchingAfresh(int set, Direction d, IpVersion v, int cls, Nic owner) {
    GroupSet g = index.sets.get(set);
    boolean in = d == Direction.INGRESS;
    SetRules rules = rules(g, in);
    Rule[] all = in ? g.ingress : g.egress;
    if (rules.order == null) {
      int[] order = new int[all.length];
      Map<Rule, Integer> specOrder = index.specOrder();
      for (int i = 0; i < all.length; i++) {
        order[i] = specOrder.get(all[i]);
      }
      rules.order = order;
    }
    // The matching rules' positions, found in one pass (each peer tested once).
    if (matched.length < all.length) {
      matched = new int[all.length];
    }
    int k = 0;
    for (int i = 0; i < all.length; i++) {
      if (matches(rules.peer[i], v, cls, owner)) {
        matched[k++] = i;
      }
    }
    Rule[] mine = new Rule[k];
    int[] order = new int[k];
    int[] priority = new int[k];
    boolean[] allow = new boolean[k];
    long[][] cells = new long[k][];
    for (int j = 0; j < k; j++) {
      int i = matched[j];
      mine[j] = all[i];
      order[j] = rules.order[i];
      priority[j] = rules.priority[i];
      allow[j] = rules.allow[i];
      cells[j] = rules.cells[i];
    }
    return new Matching(mine, order, priority, allow, cells, g.basic);
  }

  /** Whether the peer matches the other end's class (section 3). */
  private boolean matches(int peer, IpVersion v, int cls, Nic owner) {
    if (peerVersion[peer] >= 0) {
      return peerVersion[peer] == v.ordinal() && peerFrom[peer] <= cls && cls < peerTo[peer];
    }
    return owner != null
        && owner.groups().contains(((Peer.GroupPeer) index.peers.get(peer)).group());
  }

  private SetRules rules(GroupSet g, boolean in) {
    int slot = 2 * g.id + (in ? 0 : 1);
    SetRules r = setRules[slot];
    if (r == null) {
      r = new SetRules(in ? g.ingress : g.egress, in ? g.ingressPeer : g.egressPeer);
      setRules[slot] = r;
    }
    return r;
  }

  /** One group set's rules of one direction, by priority, each with the cells it matches. */
  private final class SetRules {
    final int[] peer;
    final int[] priority;
    final boolean[] allow;
    final long[][] cells;
    /** Each rule's place in spec order, made on first use ({@link #matching}). */
    private int[] order;

    SetRules(Rule[] rules, int[] peers) {
      int k = rules.length;
      this.peer = peers;
      this.priority = new int[k];
      this.allow = new boolean[k];
      this.cells = new long[k][];
      for (int i = 0; i < k; i++) {
        Rule r = rules[i];
        priority[i] = r.priority();
        allow[i] = r.action() == Action.ALLOW;
        cells[i] = cellsOf(r);
      }
    }
  }

  /** The cells a rule matches, by protocol and ports (section 3). */
  private long[] cellsOf(Rule r) {
    long[] out = new long[words];
    for (int p = 0; p < Classes.PROTOCOLS.size(); p++) {
      int protocol = Classes.PROTOCOLS.get(p);
      if (r.protocol() != Proto.ALL && r.protocol().number() != protocol) {
        continue;
      }
      if (!Protocols.hasPorts(protocol)) {
        set(out, protocolBase[p]);
        continue;
      }
      int dFrom = portClass(dportLows, r.dstPorts().low());
      int dTo = portClass(dportLows, r.dstPorts().high()) + 1;
      int sFrom = portClass(sportLows, r.srcPorts().low());
      int sTo = portClass(sportLows, r.srcPorts().high()) + 1;
      for (int s = sFrom; s < sTo; s++) {
        int row = protocolBase[p] + s * dportLows.length;
        setRange(out, row + dFrom, row + dTo);
      }
    }
    return out;
  }

  private static void set(long[] bits, int i) {
    bits[i >>> 6] |= 1L << i;
  }

  private static void clear(long[] bits, int i) {
    bits[i >>> 6] &= ~(1L << i);
  }

  private static void setRange(long[] bits, int from, int to) {
    for (int i = from; i < to; i++) {
      bits[i >>> 6] |= 1L << i;
    }
  }
}

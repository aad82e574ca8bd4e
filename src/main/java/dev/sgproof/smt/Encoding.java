package dev.sgproof.smt;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encoding of one network in one solver (semantics.md sections 2-8).
 *
 * <p>A flow is the version flag {@code v6}, 128-bit source and destination addresses (an IPv4
 * address lives in the low 32 bits, the high 96 are zero), an 8-bit protocol and 16-bit ports.
 * The solver holds the flow domain and, defined lazily and once, a Boolean constant per NIC and
 * direction that is true iff that end allows the flow, and one per group and side that is true iff
 * the address belongs to a member of the group. These definitions are conservative (every flow has
 * exactly one extension), so they stay in the solver and every query is guarded by its own literal
 * passed to {@code check(assumptions)}. The terms are cached for the encoding's lifetime while the
 * solvers they are added to change: {@link #forQuery} picks a solver per set of definitions a
 * query needs and adds only those missing from it.
 *
 * <p>When {@code tracked}, each rule takes part only while its own enable literal is true: removing
 * a rule is assuming its literal false (used for dependsOn).
 */
final class Encoding {
  /** Which address of the flow: the source or the destination. */
  enum Side {
    SRC,
    DST
  }

  private final Context ctx;
  private final Network network;
  private Solver solver;
  private final int timeoutMillis;
  private BoolExpr domain;
  private final boolean tracked;

  final BoolExpr v6;
  final BitVecExpr src;
  final BitVecExpr dst;
  final BitVecExpr proto;
  final BitVecExpr sport;
  final BitVecExpr dport;

  private final Map<IpAddress, BitVecNum> numerals = new HashMap<>();
  private final Map<Integer, BitVecNum> protoNumerals = new HashMap<>();
  private final Map<Integer, BitVecNum> portNumerals = new HashMap<>();
  private final List<Map<Cidr, BoolExpr>> cidrTerms = List.of(new HashMap<>(), new HashMap<>());
  private final List<Map<String, BoolExpr>> memberConsts = List.of(new HashMap<>(), new HashMap<>());
  private final List<Map<Nic, BoolExpr>> ownsTerms =
      List.of(new IdentityHashMap<>(), new IdentityHashMap<>());
  private final BoolExpr[] anyOwner = new BoolExpr[2];
  private final Map<String, BoolExpr> policyConsts = new HashMap<>();
  private final Map<Nic, BoolExpr> ingressConsts = new IdentityHashMap<>();
  /** A defined constant's equation and the constants its definition uses. */
  private record Definition(BoolExpr equation, List<BoolExpr> uses) {}
  private final Map<BoolExpr, Definition> definitions = new IdentityHashMap<>();
  /** The defined constants whose definitions are in the current solver; null while recording. */
  private java.util.Set<BoolExpr> defined;
  /** A defined constant's number, for the keys of {@link #slots}. */
  private final Map<BoolExpr, Integer> definitionIndex = new IdentityHashMap<>();
  /** A solver and the definitions in it. */
  private record Slot(Solver solver, java.util.Set<BoolExpr> defined) {}
  /** Solvers by the definitions their queries need, least recently used first. */
  private final java.util.LinkedHashMap<String, Slot> slots =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
          return size() > MAX_SOLVERS;
        }
      };
  /** How many solvers {@link #forQuery} keeps. */
  static final int MAX_SOLVERS = 8;
  /** A query whose definitions have no solver yet joins the last one used while it is this small. */
  static final int GROW_LIMIT = 128;
  private Slot recent;
  /** While a definition is built: the defined constants it uses. */
  private List<BoolExpr> using;
  private final Map<Rule, Integer> ruleIndex = new IdentityHashMap<>();
  private final List<Rule> rules = new ArrayList<>();
  private final Map<Rule, BoolExpr> enable = new IdentityHashMap<>();
  private int guards;

  Encoding(Context ctx, Network network, boolean tracked, int timeoutMillis) {
    this.ctx = ctx;
    this.network = network;
    this.tracked = tracked;
    this.timeoutMillis = timeoutMillis;
    this.v6 = ctx.mkBoolConst("v6");
    this.src = ctx.mkBVConst("src", 128);
    this.dst = ctx.mkBVConst("dst", 128);
    this.proto = ctx.mkBVConst("proto", 8);
    this.sport = ctx.mkBVConst("sport", 16);
    this.dport = ctx.mkBVConst("dport", 16);
    if (tracked) {
      for (Group g : network.groups()) {
        for (Rule r : g.rules()) {
          ruleIndex.put(r, rules.size());
          rules.add(r);
        }
      }
    }
    this.domain = domain();
    freshSolver();
  }

  /**
   * Starts a new, empty solver (the flow domain only) and drops the current one. The terms built
   * so far stay cached: a defined constant used again gets its definition (and those it uses)
   * added to the new solver, without building anything.
   */
  void freshSolver() {
    solver = ctx.mkSolver();
    Params p = ctx.mkParams();
    p.add("timeout", timeoutMillis);
    solver.setParameters(p);
    solver.add(domain);
    defined = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /**
   * Builds a query's term (recording the defined constants it uses, nothing added to any solver)
   * and makes current the solver kept for queries that need the same definitions; failing that,
   * the last solver used while it holds at most {@link #GROW_LIMIT} definitions, else a new one.
   * The definitions the query needs are then added to that solver if not there yet. Queries of the
   * same NICs share a solver, each guarded by its own literal, and no solver grows to the whole
   * network.
   */
  BoolExpr forQuery(java.util.function.Supplier<BoolExpr> query) {
    List<BoolExpr> needed = new ArrayList<>();
    defined = null;
    solver = null;
    using = needed;
    BoolExpr q;
    try {
      q = query.get();
    } finally {
      using = null;
    }
    int[] ids = new int[needed.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = definitionIndex.get(needed.get(i));
    }
    java.util.Arrays.sort(ids);
    String key = java.util.Arrays.toString(java.util.Arrays.stream(ids).distinct().toArray());
    Slot slot = slots.get(key);
    if (slot == null && recent != null && recent.defined().size() + needed.size() <= GROW_LIMIT) {
      slot = recent;
      slots.put(key, slot);
    }
    if (slot == null) {
      freshSolver();
      slot = new Slot(solver, defined);
      slots.put(key, slot);
    } else {
      solver = slot.solver();
      defined = slot.defined();
    }
    recent = slot;
    for (BoolExpr c : needed) {
      require(c);
    }
    return q;
  }

  /** Puts the definition of c (built once) and of the constants it uses in the solver. */
  private BoolExpr require(BoolExpr c) {
    if (using != null) {
      using.add(c);
    }
    if (defined != null && defined.add(c)) {
      Definition d = definitions.get(c);
      List<BoolExpr> outer = using;
      using = null;
      for (BoolExpr u : d.uses()) {
        require(u);
      }
      using = outer;
      solver.add(d.equation());
    }
    return c;
  }

  /** Defines c as the term {@code body} builds; the constants used while building it are noted. */
  private BoolExpr define(BoolExpr c, java.util.function.Supplier<BoolExpr> body) {
    List<BoolExpr> outer = using;
    List<BoolExpr> uses = new ArrayList<>();
    using = uses;
    BoolExpr t;
    try {
      t = body.get();
    } finally {
      using = outer;
    }
    definitions.put(c, new Definition(ctx.mkEq(c, t), uses));
    definitionIndex.put(c, definitionIndex.size());
    return require(c);
  }

  Network network() {
    return network;
  }

  Solver solver() {
    return solver;
  }

  Context ctx() {
    return ctx;
  }

  /** Section 2: same-version addresses, icmp on IPv4 and icmpv6 on IPv6, ports only for tcp/udp. */
  private BoolExpr domain() {
    BitVecNum zero96 = ctx.mkBV(0, 96);
    BoolExpr v4 = ctx.mkNot(v6);
    BoolExpr ports = or(eq(proto, protoNum(Protocols.TCP)), eq(proto, protoNum(Protocols.UDP)));
    BitVecNum zero16 = portNum(0);
    return and(
        ctx.mkImplies(v4, ctx.mkEq(ctx.mkExtract(127, 32, src), zero96)),
        ctx.mkImplies(v4, ctx.mkEq(ctx.mkExtract(127, 32, dst), zero96)),
        ctx.mkImplies(eq(proto, protoNum(Protocols.ICMP)), v4),
        ctx.mkImplies(eq(proto, protoNum(Protocols.ICMPV6)), v6),
        ctx.mkImplies(ports, and(ctx.mkNot(eq(sport, zero16)), ctx.mkNot(eq(dport, zero16)))),
        ctx.mkImplies(ctx.mkNot(ports), and(eq(sport, zero16), eq(dport, zero16))));
  }

  // ---- small term helpers -------------------------------------------------------------------

  BoolExpr and(BoolExpr... xs) {
    return xs.length == 1 ? xs[0] : ctx.mkAnd(xs);
  }

  BoolExpr and(List<BoolExpr> xs) {
    return xs.isEmpty() ? ctx.mkTrue() : and(xs.toArray(new BoolExpr[0]));
  }

  BoolExpr or(BoolExpr... xs) {
    return xs.length == 1 ? xs[0] : ctx.mkOr(xs);
  }

  BoolExpr or(List<BoolExpr> xs) {
    return xs.isEmpty() ? ctx.mkFalse() : or(xs.toArray(new BoolExpr[0]));
  }

  BoolExpr not(BoolExpr x) {
    return ctx.mkNot(x);
  }

  BoolExpr implies(BoolExpr a, BoolExpr b) {
    return ctx.mkImplies(a, b);
  }

  BoolExpr eq(BitVecExpr a, BitVecExpr b) {
    return ctx.mkEq(a, b);
  }

  BoolExpr version(IpVersion v) {
    return v == IpVersion.V6 ? v6 : ctx.mkNot(v6);
  }

  BitVecNum protoNum(int p) {
    return protoNumerals.computeIfAbsent(p, k -> ctx.mkBV(k, 8));
  }

  BitVecNum portNum(int p) {
    return portNumerals.computeIfAbsent(p, k -> ctx.mkBV(k, 16));
  }

  private BitVecNum addressNum(IpAddress a) {
    return numerals.computeIfAbsent(a, k -> ctx.mkBV(k.value().toString(), 128));
  }

  BitVecExpr address(Side s) {
    return s == Side.SRC ? src : dst;
  }

  /** The address on side {@code s} is exactly {@code a} (version included). */
  BoolExpr addressIs(Side s, IpAddress a) {
    return and(version(a.version()), eq(address(s), addressNum(a)));
  }

  /** The port variable is in the range (unsigned comparisons; a bound at the edge is dropped). */
  BoolExpr inRange(BitVecExpr port, PortRange r) {
    if (r.low() == r.high()) {
      return eq(port, portNum(r.low()));
    }
    List<BoolExpr> parts = new ArrayList<>(2);
    if (r.low() > PortRange.MIN) {
      parts.add(ctx.mkBVULE(portNum(r.low()), port));
    }
    if (r.high() < PortRange.MAX) {
      parts.add(ctx.mkBVULE(port, portNum(r.high())));
    }
    return and(parts);
  }

  /**
   * {@code (version, value) <= (hi.version, hi.value)} for the address on side {@code s}: every
   * IPv4 address is below every IPv6 address.
   */
  BoolExpr addressAtMost(Side s, IpAddress hi) {
    BoolExpr le = ctx.mkBVULE(address(s), addressNum(hi));
    return hi.isV4() ? and(not(v6), le) : or(not(v6), le);
  }

  /** The port variable is at most {@code hi} (unsigned). */
  BoolExpr portAtMost(BitVecExpr port, int hi) {
    return ctx.mkBVULE(port, portNum(hi));
  }

  /** The address on side {@code s} lies in the CIDR: version, then extract + equality. */
  BoolExpr inCidr(Side s, Cidr c) {
    return cidrTerms.get(s.ordinal()).computeIfAbsent(c, k -> {
      BoolExpr v = version(k.version());
      if (k.prefix() == 0) {
        return v;
      }
      int bits = k.version().bits();
      BigInteger prefixValue = k.network().value().shiftRight(bits - k.prefix());
      BitVecNum n = ctx.mkBV(prefixValue.toString(), k.prefix());
      return and(v, ctx.mkEq(ctx.mkExtract(bits - 1, bits - k.prefix(), address(s)), n));
    });
  }

  /** The NIC owns the address on side {@code s}. */
  BoolExpr owns(Side s, Nic n) {
    return ownsTerms.get(s.ordinal()).computeIfAbsent(n, k -> {
      List<BoolExpr> parts = new ArrayList<>(k.addresses().size());
      for (IpAddress a : k.addresses()) {
        parts.add(addressIs(s, a));
      }
      return or(parts);
    });
  }

  /** Some NIC of the network owns the address on side {@code s}. */
  BoolExpr ownedByAny(Side s) {
    BoolExpr t = anyOwner[s.ordinal()];
    if (t == null) {
      List<BoolExpr> parts = new ArrayList<>();
      for (Nic n : network.nics()) {
        parts.add(owns(s, n));
      }
      t = or(parts);
      anyOwner[s.ordinal()] = t;
    }
    return t;
  }

  /** A constant, defined once in the solver, true iff the address belongs to a member of g. */
  BoolExpr memberOf(Side s, String group) {
    Map<String, BoolExpr> cache = memberConsts.get(s.ordinal());
    BoolExpr c = cache.get(group);
    if (c == null) {
      c = ctx.mkBoolConst("member!" + s + "!" + group);
      cache.put(group, c);
      return define(c, () -> {
        List<BoolExpr> parts = new ArrayList<>();
        for (Nic m : network.members(group)) {
          parts.add(owns(s, m));
        }
        return or(parts);
      });
    }
    return require(c);
  }

  // ---- policies ---------------------------------------------------------------------------

  /**
   * A constant true iff the egress of NIC n allows the flow (section 6). The decision depends on
   * the NIC's groups only, so NICs with the same groups share one constant.
   */
  BoolExpr egress(Nic n) {
    return policy(n, Direction.EGRESS);
  }

  /** A constant true iff the ingress of NIC n allows the flow (section 5). */
  BoolExpr ingress(Nic n) {
    BoolExpr c = ingressConsts.get(n);
    if (c == null) {
      List<Group> fellowGroups = new ArrayList<>();
      for (Group g : network.groupsOf(n)) {
        if (g.type() == GroupType.BASIC && g.policy() == Policy.INTERCONNECTED) {
          fellowGroups.add(g);
        }
      }
      if (fellowGroups.isEmpty()) {
        c = policy(n, Direction.INGRESS);
        ingressConsts.put(n, c);
        return c;
      }
      c = ctx.mkBoolConst("ingress!" + n.id());
      ingressConsts.put(n, c);
      return define(c, () -> {
        List<BoolExpr> fellows = new ArrayList<>();
        for (Group g : fellowGroups) {
          fellows.add(memberOf(Side.SRC, g.name()));
        }
        BoolExpr intra = and(or(fellows), not(owns(Side.SRC, n)));
        return or(intra, policy(n, Direction.INGRESS));
      });
    }
    return require(c);
  }

  /** The rules' decision for the NIC's groups in one direction: one constant per group set. */
  private BoolExpr policy(Nic n, Direction d) {
    StringBuilder key = new StringBuilder(d == Direction.EGRESS ? "egress!{" : "ingress!{");
    for (Group g : network.groupsOf(n)) {
      key.append(g.name()).append(',');
    }
    String name = key.append('}').toString();
    BoolExpr c = policyConsts.get(name);
    if (c == null) {
      c = ctx.mkBoolConst(name);
      policyConsts.put(name, c);
      boolean defaultAllow = d == Direction.EGRESS && typeOf(n) == GroupType.BASIC;
      return define(c, () -> decision(n, d, defaultAllow));
    }
    return require(c);
  }

  private GroupType typeOf(Nic n) {
    List<Group> gs = network.groupsOf(n);
    return gs.isEmpty() ? GroupType.BASIC : gs.get(0).type();
  }

  /**
   * Section 4 over the merged rules of the NIC's groups: a chain of ite from the highest priority
   * (smallest number) level; at a level where some rule matches, allowed iff no deny matches.
   */
  private BoolExpr decision(Nic n, Direction d, boolean defaultAllow) {
    TreeMap<Integer, List<BoolExpr>> any = new TreeMap<>();
    TreeMap<Integer, List<BoolExpr>> denies = new TreeMap<>();
    Side peer = d == Direction.INGRESS ? Side.SRC : Side.DST;
    for (Group g : network.groupsOf(n)) {
      for (Rule r : g.rules()) {
        if (r.direction() != d) {
          continue;
        }
        BoolExpr m = matches(r, peer);
        any.computeIfAbsent(r.priority(), k -> new ArrayList<>()).add(m);
        if (r.action() == Action.DENY) {
          denies.computeIfAbsent(r.priority(), k -> new ArrayList<>()).add(m);
        }
      }
    }
    BoolExpr chain = defaultAllow ? ctx.mkTrue() : ctx.mkFalse();
    for (int p : any.descendingKeySet()) {
      BoolExpr matched = or(any.get(p));
      BoolExpr denied = or(denies.getOrDefault(p, List.of()));
      chain = (BoolExpr) ctx.mkITE(matched, not(denied), chain);
    }
    return chain;
  }

  /** Section 3: protocol, ports (tcp/udp rules only), peer; and the enable literal if tracked. */
  private BoolExpr matches(Rule r, Side peer) {
    List<BoolExpr> parts = new ArrayList<>(5);
    if (r.protocol() != Proto.ALL) {
      parts.add(eq(proto, protoNum(r.protocol().number())));
    }
    if (r.protocol().hasPorts()) {
      if (!r.dstPorts().isAll()) {
        parts.add(inRange(dport, r.dstPorts()));
      }
      if (!r.srcPorts().isAll()) {
        parts.add(inRange(sport, r.srcPorts()));
      }
    }
    if (r.peer() instanceof Peer.CidrPeer c) {
      parts.add(inCidr(peer, c.cidr()));
    } else {
      parts.add(memberOf(peer, ((Peer.GroupPeer) r.peer()).group()));
    }
    if (tracked) {
      parts.add(enable(r));
    }
    return and(parts);
  }

  // ---- rule tracking ----------------------------------------------------------------------

  private BoolExpr enable(Rule r) {
    return enable.computeIfAbsent(r, k -> ctx.mkBoolConst("enable!" + index(k)));
  }

  private int index(Rule r) {
    Integer i = ruleIndex.get(r);
    if (i == null) {
      throw new IllegalStateException("rule not in the network: " + r);
    }
    return i;
  }

  /** The rules encoded so far (those of NICs some query needed), in spec order. */
  List<Rule> encodedRules() {
    List<Rule> out = new ArrayList<>();
    for (Rule r : rules) {
      if (enable.containsKey(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** The enable literal of an encoded rule (tracked encodings only). */
  BoolExpr enableLiteral(Rule r) {
    BoolExpr e = enable.get(r);
    if (e == null) {
      throw new IllegalStateException("rule not encoded: " + r);
    }
    return e;
  }

  /** A fresh literal that guards one query. */
  BoolExpr freshGuard() {
    return ctx.mkBoolConst("query!" + guards++);
  }
}

package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.PublicSpace;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Traffic;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The translator of one question: the term of a {@link Violation} is true of a flow iff the flow
 * lies in the question's set and the network decides it against the expectation (semantics.md
 * sections 2-7). Built per question, from only what the question touches:
 *
 * <ul>
 *   <li>each endpoint is a set of addresses written as ranges ({@link FlowTerms#inAddresses}), a
 *       CIDR, or the addresses no NIC owns (external; for the internet, those in public space);
 *   <li>the NICs an endpoint may hold are grouped by their set of groups: one implication per
 *       group set and side ("the address is one of these NICs' addresses" implies the set's
 *       policy), so NICs with the same groups share one policy;
 *   <li>a policy is the priority chain of section 4 over the rules of its groups that can match
 *       some flow of the question: a rule whose protocol or ports miss the question's traffic, or
 *       whose peer holds no address of the other endpoint, never matches a flow of the set and is
 *       left out; a group peer is the addresses of its members that lie in the other endpoint.
 * </ul>
 *
 * Every simplification holds on the question's flow set, which the term requires, so the term has
 * exactly the question's answers. When {@code tracked}, each rule takes part only while its enable
 * literal ({@code enable!N}, N its number in spec order) is true: deleting a rule is assuming its
 * literal false (dependsOn).
 */
final class ViolationTerms {
  private final FlowTerms f;
  private final NetworkShape shape;
  private final Network network;
  private final Violation v;
  private final boolean tracked;
  private final End src;
  private final End dst;
  private final Map<Integer, BoolExpr> policies = new HashMap<>();
  private final List<Map<String, List<IpAddress>>> memberAddresses =
      List.of(new HashMap<>(), new HashMap<>());
  private final Map<Rule, BoolExpr> matchTerms = new IdentityHashMap<>();
  private final Narrowing narrowing;

  private ViolationTerms(FlowTerms f, NetworkShape shape, Violation v, boolean tracked,
      List<FlowConstraint> within) {
    this.f = f;
    this.shape = shape;
    this.network = shape.network();
    this.v = v;
    this.tracked = tracked;
    this.narrowing = new Narrowing(within);
    this.src = new End(Side.SRC, v.source());
    this.dst = new End(Side.DST, v.destination());
  }

  /** Some flow of the question's set breaks its expectation. */
  static BoolExpr violation(FlowTerms f, NetworkShape shape, Violation v) {
    return violation(f, shape, v, List.of());
  }

  /**
   * Some flow of the question's set that meets every constraint of {@code within} breaks its
   * expectation: the constraints are part of the term, and what they rule out (protocols, ports,
   * the NIC addresses of an endpoint) is left out of the translation.
   */
  static BoolExpr violation(FlowTerms f, NetworkShape shape, Violation v,
      List<FlowConstraint> within) {
    ViolationTerms t = new ViolationTerms(f, shape, v, false, within);
    List<BoolExpr> parts = new ArrayList<>();
    for (FlowConstraint c : within) {
      parts.add(ConstraintTerms.of(f, c));
    }
    parts.add(t.term());
    return f.and(parts);
  }

  /** The term of a tracked translation and the rules whose enable literals it mentions. */
  record Tracked(BoolExpr term, Set<Rule> rules) {}

  /** {@link #violation} with one enable literal per rule that takes part. */
  static Tracked tracked(FlowTerms f, NetworkShape shape, Violation v) {
    ViolationTerms t = new ViolationTerms(f, shape, v, true, List.of());
    BoolExpr term = t.term();
    Set<Rule> rules = Collections.newSetFromMap(new IdentityHashMap<>());
    rules.addAll(t.matchTerms.keySet());
    return new Tracked(term, rules);
  }

  /** The enable literal of rule number {@code index}. */
  static BoolExpr enableLiteral(FlowTerms f, int index) {
    return f.ctx.mkBoolConst("enable!" + index);
  }

  private BoolExpr term() {
    List<BoolExpr> set = new ArrayList<>();
    set.add(src.inSet());
    set.add(dst.inSet());
    if (!src.nicEndpoint() && !dst.nicEndpoint()) {
      // not external to external
      set.add(f.or(src.internal(), dst.internal()));
    }
    // Not within one NIC: the same address is one NIC or two external ends, and a NIC with more
    // addresses than one is excluded as a whole.
    set.add(f.not(f.eq(f.src, f.dst)));
    Set<Nic> dstNics = Collections.newSetFromMap(new IdentityHashMap<>());
    dstNics.addAll(dst.nics);
    for (Nic n : src.nics) {
      if (n.addresses().size() > 1 && dstNics.contains(n)) {
        set.add(f.not(f.and(src.owns(n), dst.owns(n))));
      }
    }
    BoolExpr inTraffic = traffic(f, v.traffic());
    set.add(v.outsideTraffic() ? f.not(inTraffic) : inTraffic);
    BoolExpr permitted = permitted();
    set.add(v.mustBePermitted() ? f.not(permitted) : permitted);
    return f.and(set);
  }

  /** Section 7: egress at the source NIC if any, and ingress at the destination NIC if any. */
  private BoolExpr permitted() {
    List<BoolExpr> parts = new ArrayList<>();
    for (Map.Entry<NetworkShape.GroupSet, List<IpAddress>> e : src.byGroupSet().entrySet()) {
      parts.add(f.implies(f.inAddresses(Side.SRC, e.getValue()),
          policy(e.getKey(), Direction.EGRESS)));
    }
    for (Map.Entry<NetworkShape.GroupSet, List<IpAddress>> e : dst.byGroupSet().entrySet()) {
      parts.add(f.implies(f.inAddresses(Side.DST, e.getValue()), ingress(e.getKey())));
    }
    return f.and(parts);
  }

  /**
   * Section 5: the intra-group allow of the set's interconnected basic groups (a source address of
   * a fellow member; the same NIC is outside the flow set already), else the rules.
   */
  private BoolExpr ingress(NetworkShape.GroupSet s) {
    if (s.fellows().isEmpty()) {
      return policy(s, Direction.INGRESS);
    }
    List<IpAddress> fellows = new ArrayList<>();
    Set<IpAddress> seen = new java.util.HashSet<>();
    for (Group g : s.fellows()) {
      for (IpAddress a : members(src, g.name())) {
        if (seen.add(a)) {
          fellows.add(a);
        }
      }
    }
    return f.or(f.inAddresses(Side.SRC, fellows), policy(s, Direction.INGRESS));
  }

  /**
   * Section 4 over the set's rules that can match a flow of the question: a chain of ite from the
   * highest priority (smallest number); at a level where some rule matches, allowed iff no deny
   * matches; below every level the default (egress of basic groups allows, the rest denies).
   */
  private BoolExpr policy(NetworkShape.GroupSet s, Direction d) {
    int key = s.id() * 2 + (d == Direction.INGRESS ? 0 : 1);
    BoolExpr known = policies.get(key);
    if (known != null) {
      return known;
    }
    End peer = d == Direction.INGRESS ? src : dst;
    TreeMap<Integer, List<BoolExpr>> any = new TreeMap<>();
    TreeMap<Integer, List<BoolExpr>> denies = new TreeMap<>();
    for (Rule r : s.rules(d)) {
      if (!mayMatch(r, peer)) {
        continue;
      }
      BoolExpr m = match(r, peer);
      any.computeIfAbsent(r.priority(), k -> new ArrayList<>()).add(m);
      if (r.action() == Action.DENY) {
        denies.computeIfAbsent(r.priority(), k -> new ArrayList<>()).add(m);
      }
    }
    boolean defaultAllow = d == Direction.EGRESS && s.type() == GroupType.BASIC;
    BoolExpr chain = f.ctx.mkBool(defaultAllow);
    for (int p : any.descendingKeySet()) {
      BoolExpr matched = f.or(any.get(p));
      BoolExpr denied = f.or(denies.getOrDefault(p, List.of()));
      chain = (BoolExpr) f.ctx.mkITE(matched, f.not(denied), chain);
    }
    policies.put(key, chain);
    return chain;
  }

  /** Section 3: protocol, ports (tcp/udp rules only), peer; and the enable literal if tracked. */
  private BoolExpr match(Rule r, End peer) {
    BoolExpr known = matchTerms.get(r);
    if (known != null) {
      return known;
    }
    List<BoolExpr> parts = new ArrayList<>(5);
    if (r.protocol() != Proto.ALL) {
      parts.add(f.eq(f.proto, f.protoNum(r.protocol().number())));
    }
    if (r.protocol().hasPorts()) {
      if (!r.dstPorts().isAll()) {
        parts.add(f.inRange(f.dport, r.dstPorts()));
      }
      if (!r.srcPorts().isAll()) {
        parts.add(f.inRange(f.sport, r.srcPorts()));
      }
    }
    if (r.peer() instanceof Peer.CidrPeer c) {
      parts.add(f.inCidr(peer.side, c.cidr()));
    } else {
      parts.add(f.inAddresses(peer.side, members(peer, ((Peer.GroupPeer) r.peer()).group())));
    }
    if (tracked) {
      parts.add(enableLiteral(f, shape.index(r)));
    }
    BoolExpr m = f.and(parts);
    matchTerms.put(r, m);
    return m;
  }

  /**
   * Whether the rule can match some flow of the question: its protocol and ports meet the
   * question's traffic (inside it, or outside it), and its peer holds an address of the other
   * endpoint. False only when no flow of the set matches it (then it may be left out).
   */
  private boolean mayMatch(Rule r, End peer) {
    if (!mayMatchTraffic(r)) {
      return false;
    }
    if (r.peer() instanceof Peer.CidrPeer c) {
      return peer.mayMeet(c.cidr());
    }
    return !members(peer, ((Peer.GroupPeer) r.peer()).group()).isEmpty();
  }

  private boolean mayMatchTraffic(Rule r) {
    if (narrowing.protocol != null && !r.protocol().matches(narrowing.protocol)) {
      return false;
    }
    if (r.protocol().hasPorts() && (!meets(r.dstPorts(), narrowing.ports[Side.DST.ordinal()])
        || !meets(r.srcPorts(), narrowing.ports[Side.SRC.ordinal()]))) {
      return false;
    }
    Traffic t = v.traffic();
    if (!v.outsideTraffic()) {
      for (Traffic.Item i : t.items()) {
        if (mayMatchItem(r, i)) {
          return true;
        }
      }
      return false;
    }
    if (t.isAny()) {
      return false; // nothing lies outside all traffic
    }
    if (r.protocol() == Proto.ALL) {
      return true; // traffic that is not all leaves some protocol out
    }
    for (Traffic.Item i : t.items()) {
      if (i.protocol() == r.protocol()) {
        // A rule of an item's protocol matches flows outside the traffic only when some of its
        // ports are outside the item (items are one per protocol).
        return r.protocol().hasPorts() && !i.ports().isEmpty() && !covers(i.ports(), r.dstPorts());
      }
    }
    return true;
  }

  /** Whether the rule matches some flow of the traffic item. */
  private static boolean mayMatchItem(Rule r, Traffic.Item i) {
    if (i.protocol() == Proto.ALL || r.protocol() == Proto.ALL) {
      return true;
    }
    if (r.protocol() != i.protocol()) {
      return false;
    }
    if (!r.protocol().hasPorts() || i.ports().isEmpty()) {
      return true;
    }
    for (PortRange p : i.ports()) {
      if (p.low() <= r.dstPorts().high() && r.dstPorts().low() <= p.high()) {
        return true;
      }
    }
    return false;
  }

  private static boolean meets(PortRange a, PortRange b) {
    return b == null || a.low() <= b.high() && b.low() <= a.high();
  }

  /**
   * What the constraints of a narrowed question rule out, read from those at its top level (and
   * inside {@code AllOf}); others narrow nothing here (they are part of the term all the same).
   */
  private static final class Narrowing {
    Integer protocol;
    final PortRange[] ports = new PortRange[2];
    /** Per side: when set, the only NIC addresses the address may be. */
    @SuppressWarnings("unchecked")
    final Set<IpAddress>[] only = new Set[2];
    @SuppressWarnings("unchecked")
    final Set<IpAddress>[] excluded = new Set[2];
    final IpAddress[] atMost = new IpAddress[2];

    Narrowing(List<FlowConstraint> within) {
      for (FlowConstraint c : within) {
        read(c);
      }
    }

    private void read(FlowConstraint c) {
      if (c instanceof FlowConstraint.ProtocolIs p) {
        protocol = p.protocol();
      } else if (c instanceof FlowConstraint.PortIn p) {
        narrowPorts(p.side(), p.range().low(), p.range().high());
      } else if (c instanceof FlowConstraint.PortAtMost p) {
        narrowPorts(p.side(), PortRange.MIN, Math.max(PortRange.MIN, p.high()));
      } else if (c instanceof FlowConstraint.AddressAmong a) {
        narrowTo(a.side(), a.addresses().subList(0, a.count()));
      } else if (c instanceof FlowConstraint.AddressIs a) {
        narrowTo(a.side(), List.of(a.address()));
      } else if (c instanceof FlowConstraint.AddressAtMost a) {
        IpAddress prev = atMost[a.side().ordinal()];
        atMost[a.side().ordinal()] =
            prev == null || a.high().compareTo(prev) < 0 ? a.high() : prev;
      } else if (c instanceof FlowConstraint.Not n
          && n.part() instanceof FlowConstraint.AddressAmong a) {
        Set<IpAddress> ex = excluded[a.side().ordinal()];
        if (ex == null) {
          ex = new java.util.HashSet<>();
          excluded[a.side().ordinal()] = ex;
        }
        ex.addAll(a.addresses().subList(0, a.count()));
      } else if (c instanceof FlowConstraint.AllOf all) {
        for (FlowConstraint p : all.parts()) {
          read(p);
        }
      }
    }

    private void narrowPorts(Side side, int low, int high) {
      PortRange prev = ports[side.ordinal()];
      int lo = prev == null ? low : Math.max(low, prev.low());
      int hi = prev == null ? high : Math.min(high, prev.high());
      // An empty intersection leaves the narrower of the two (the constraints, part of the term,
      // have no flow then; keeping rules is always exact).
      ports[side.ordinal()] = lo <= hi ? new PortRange(lo, hi) : new PortRange(low, high);
    }

    private void narrowTo(Side side, List<IpAddress> addresses) {
      Set<IpAddress> next = new java.util.HashSet<>(addresses);
      Set<IpAddress> prev = only[side.ordinal()];
      if (prev != null) {
        next.retainAll(prev);
      }
      only[side.ordinal()] = next;
    }

    /** Whether the address may be the address on that side (a NIC address, as narrowed). */
    boolean allows(Side side, IpAddress a) {
      int i = side.ordinal();
      return (only[i] == null || only[i].contains(a))
          && (excluded[i] == null || !excluded[i].contains(a))
          && (atMost[i] == null || a.compareTo(atMost[i]) <= 0);
    }
  }

  /** Whether the ranges together hold every port of {@code r}. */
  private static boolean covers(List<PortRange> ranges, PortRange r) {
    List<PortRange> sorted = new ArrayList<>(ranges);
    Collections.sort(sorted);
    int next = r.low();
    for (PortRange p : sorted) {
      if (p.low() > next) {
        break;
      }
      next = Math.max(next, p.high() + 1);
      if (next > r.high()) {
        return true;
      }
    }
    return next > r.high();
  }

  /** The addresses of the group's members that lie in the endpoint (its NICs' addresses). */
  private List<IpAddress> members(End end, String group) {
    return memberAddresses.get(end.side.ordinal()).computeIfAbsent(group, g -> {
      List<IpAddress> out = new ArrayList<>();
      for (Nic n : network.members(g)) {
        out.addAll(end.addressesIn(n));
      }
      return out;
    });
  }

  /** One side's endpoint: its address set and the NICs that may own an address in it. */
  private final class End {
    final Side side;
    final Endpoint endpoint;
    /** NICs with an address in the set, in declaration order or address order (CIDR). */
    final List<Nic> nics;
    /** The NICs the endpoint holds (before narrowing). */
    final Set<Nic> nicSet = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The NIC addresses in the set, per version, ascending. */
    final Map<IpVersion, BigInteger[]> sorted = new HashMap<>();

    End(Side side, Endpoint endpoint) {
      this.side = side;
      this.endpoint = endpoint;
      if (unowned()) {
        nics = new ArrayList<>();
      } else if (endpoint instanceof Endpoint.CidrEndpoint c) {
        nics = new ArrayList<>();
        for (Nic n : shape.ownersWithin(c.cidr().version(), c.cidr().first().value(),
            c.cidr().last().value())) {
          if (nicSet.add(n)) {
            nics.add(n);
          }
        }
      } else {
        nics = new ArrayList<>();
        for (Nic n : network.nicsOf(endpoint)) {
          if (nicSet.add(n)) {
            nics.add(n);
          }
        }
      }
      // Narrowed: only the NICs with an address the constraints allow.
      nics.removeIf(n -> addressesIn(n).isEmpty());
      Map<IpVersion, List<BigInteger>> values = new HashMap<>();
      for (Nic n : nics) {
        for (IpAddress a : addressesIn(n)) {
          values.computeIfAbsent(a.version(), k -> new ArrayList<>()).add(a.value());
        }
      }
      values.forEach((ver, vs) -> {
        BigInteger[] arr = vs.toArray(new BigInteger[0]);
        java.util.Arrays.sort(arr);
        sorted.put(ver, arr);
      });
    }

    /** An instance, NIC or group endpoint: only NIC addresses. */
    boolean nicEndpoint() {
      return !(unowned() || endpoint instanceof Endpoint.CidrEndpoint);
    }

    /** The internet or external: addresses no NIC owns (for the internet, public ones). */
    boolean unowned() {
      return endpoint instanceof Endpoint.InternetEndpoint
          || endpoint instanceof Endpoint.ExternalEndpoint;
    }

    /** The NIC's addresses that lie in the set (and that the narrowing allows). */
    List<IpAddress> addressesIn(Nic n) {
      if (unowned() || !nicSet.contains(n)) {
        return List.of();
      }
      Cidr within = endpoint instanceof Endpoint.CidrEndpoint c ? c.cidr() : null;
      List<IpAddress> in = new ArrayList<>(n.addresses().size());
      for (IpAddress a : n.addresses()) {
        if ((within == null || within.contains(a)) && narrowing.allows(side, a)) {
          in.add(a);
        }
      }
      return in;
    }

    /** The address on this side lies in the set. */
    BoolExpr inSet() {
      if (unowned()) {
        List<IpAddress> all = new ArrayList<>(shape.allAddresses(IpVersion.V4));
        all.addAll(shape.allAddresses(IpVersion.V6));
        BoolExpr noNic = f.not(f.inAddresses(side, all));
        return endpoint instanceof Endpoint.InternetEndpoint
            ? f.and(noNic, f.isPublic(side)) : noNic;
      }
      if (endpoint instanceof Endpoint.CidrEndpoint c) {
        return f.inCidr(side, c.cidr());
      }
      return internal();
    }

    /** The address on this side is a NIC address of the set. */
    BoolExpr internal() {
      List<IpAddress> all = new ArrayList<>();
      for (Nic n : nics) {
        all.addAll(addressesIn(n));
      }
      return f.inAddresses(side, all);
    }

    /** The address is this NIC's (one in the set). */
    BoolExpr owns(Nic n) {
      return f.inAddresses(side, addressesIn(n));
    }

    /** The addresses in the set of the NICs of each group set, in the order first met. */
    Map<NetworkShape.GroupSet, List<IpAddress>> byGroupSet() {
      Map<NetworkShape.GroupSet, List<IpAddress>> out = new LinkedHashMap<>();
      for (Nic n : nics) {
        out.computeIfAbsent(shape.groupSet(n), k -> new ArrayList<>()).addAll(addressesIn(n));
      }
      return out;
    }

    /**
     * Whether the CIDR may hold an address of the set (false only when it holds none: a NIC
     * endpoint's addresses all miss it, a CIDR endpoint does not overlap it, or every address of
     * the CIDR is a NIC's when the set is the addresses no NIC owns, or for the internet when the
     * CIDR holds no public address).
     */
    boolean mayMeet(Cidr c) {
      BigInteger lo = c.first().value();
      BigInteger hi = c.last().value();
      if (unowned()) {
        if (endpoint instanceof Endpoint.InternetEndpoint && !meetsPublic(c)) {
          return false;
        }
        BigInteger size = hi.subtract(lo).add(BigInteger.ONE);
        return BigInteger.valueOf(shape.countWithin(c.version(), lo, hi)).compareTo(size) < 0;
      }
      if (endpoint instanceof Endpoint.CidrEndpoint e) {
        return e.cidr().contains(c) || c.contains(e.cidr());
      }
      BigInteger[] vs = sorted.get(c.version());
      if (vs == null) {
        return false;
      }
      int i = java.util.Arrays.binarySearch(vs, lo);
      int at = i >= 0 ? i : -i - 1;
      return at < vs.length && vs[at].compareTo(hi) <= 0;
    }
  }

  /** The public intervals ({@link PublicSpace#ranges}), computed once (read only). */
  private static final List<IpAddress[]> PUBLIC_V4 = PublicSpace.ranges(IpVersion.V4);
  private static final List<IpAddress[]> PUBLIC_V6 = PublicSpace.ranges(IpVersion.V6);

  /** Whether the CIDR holds some public address ({@link PublicSpace#ranges}). */
  private static boolean meetsPublic(Cidr c) {
    IpAddress first = c.first();
    IpAddress last = c.last();
    for (IpAddress[] r : c.version() == IpVersion.V4 ? PUBLIC_V4 : PUBLIC_V6) {
      if (r[0].compareTo(last) <= 0 && first.compareTo(r[1]) <= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Traffic.contains: some item's protocol, and for a tcp/udp item with ports, the destination
   * port in one of its ranges.
   */
  static BoolExpr traffic(FlowTerms e, Traffic t) {
    if (t.isAny()) {
      return e.ctx.mkTrue();
    }
    List<BoolExpr> items = new ArrayList<>(t.items().size());
    for (Traffic.Item i : t.items()) {
      BoolExpr p = e.eq(e.proto, e.protoNum(i.protocol().number()));
      if (i.ports().isEmpty()) {
        items.add(p);
        continue;
      }
      List<BoolExpr> ranges = new ArrayList<>(i.ports().size());
      for (PortRange r : i.ports()) {
        ranges.add(e.inRange(e.dport, r));
      }
      items.add(e.and(p, e.or(ranges)));
    }
    return e.or(items);
  }
}

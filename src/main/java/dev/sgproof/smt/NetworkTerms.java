package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The translator: one network's decisions as Z3 terms over the flow (semantics.md sections 3-6).
 *
 * <p>Each NIC and direction gets a Boolean constant that is true iff that end allows the flow, and
 * each group and side one that is true iff the address belongs to a member of the group; they are
 * defined lazily, once, in {@link Definitions} (NICs with the same groups share their policy
 * constants). When {@code tracked}, each rule takes part only while its own enable literal is
 * true: removing a rule is assuming its literal false (used for dependsOn).
 */
final class NetworkTerms {
  private final Context ctx;
  private final FlowTerms f;
  private final Definitions defs;
  private final Network network;
  private final boolean tracked;

  private final List<Map<String, BoolExpr>> memberConsts = List.of(new HashMap<>(), new HashMap<>());
  private final List<Map<Nic, BoolExpr>> ownsTerms =
      List.of(new IdentityHashMap<>(), new IdentityHashMap<>());
  private final BoolExpr[] anyOwner = new BoolExpr[2];
  private final Map<String, BoolExpr> policyConsts = new HashMap<>();
  private final Map<Nic, BoolExpr> ingressConsts = new IdentityHashMap<>();
  private final Map<Rule, Integer> ruleIndex = new IdentityHashMap<>();
  private final List<Rule> rules = new ArrayList<>();
  private final Map<Rule, BoolExpr> enable = new IdentityHashMap<>();

  NetworkTerms(Context ctx, Network network, boolean tracked) {
    this.ctx = ctx;
    this.f = new FlowTerms(ctx);
    this.defs = new Definitions(ctx);
    this.network = network;
    this.tracked = tracked;
    if (tracked) {
      for (Group g : network.groups()) {
        for (Rule r : g.rules()) {
          ruleIndex.put(r, rules.size());
          rules.add(r);
        }
      }
    }
  }

  Network network() {
    return network;
  }

  FlowTerms flow() {
    return f;
  }

  Definitions definitions() {
    return defs;
  }

  // ---- addresses ----------------------------------------------------------------------------

  /** The NIC owns the address on side {@code s}. */
  BoolExpr owns(Side s, Nic n) {
    return ownsTerms.get(s.ordinal()).computeIfAbsent(n, k -> {
      List<BoolExpr> parts = new ArrayList<>(k.addresses().size());
      for (IpAddress a : k.addresses()) {
        parts.add(f.addressIs(s, a));
      }
      return f.or(parts);
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
      t = f.or(parts);
      anyOwner[s.ordinal()] = t;
    }
    return t;
  }

  /** A constant, defined once, true iff the address belongs to a member of the group. */
  BoolExpr memberOf(Side s, String group) {
    Map<String, BoolExpr> cache = memberConsts.get(s.ordinal());
    BoolExpr c = cache.get(group);
    if (c == null) {
      c = ctx.mkBoolConst("member!" + s + "!" + group);
      cache.put(group, c);
      return defs.define(c, () -> {
        List<BoolExpr> parts = new ArrayList<>();
        for (Nic m : network.members(group)) {
          parts.add(owns(s, m));
        }
        return f.or(parts);
      });
    }
    return defs.use(c);
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
      return defs.define(c, () -> {
        List<BoolExpr> fellows = new ArrayList<>();
        for (Group g : fellowGroups) {
          fellows.add(memberOf(Side.SRC, g.name()));
        }
        BoolExpr intra = f.and(f.or(fellows), f.not(owns(Side.SRC, n)));
        return f.or(intra, policy(n, Direction.INGRESS));
      });
    }
    return defs.use(c);
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
      return defs.define(c, () -> decision(n, d, defaultAllow));
    }
    return defs.use(c);
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
      BoolExpr matched = f.or(any.get(p));
      BoolExpr denied = f.or(denies.getOrDefault(p, List.of()));
      chain = (BoolExpr) ctx.mkITE(matched, f.not(denied), chain);
    }
    return chain;
  }

  /** Section 3: protocol, ports (tcp/udp rules only), peer; and the enable literal if tracked. */
  private BoolExpr matches(Rule r, Side peer) {
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
      parts.add(f.inCidr(peer, c.cidr()));
    } else {
      parts.add(memberOf(peer, ((Peer.GroupPeer) r.peer()).group()));
    }
    if (tracked) {
      parts.add(enable(r));
    }
    return f.and(parts);
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

  /** The enable literal of an encoded rule (tracked translations only). */
  BoolExpr enableLiteral(Rule r) {
    BoolExpr e = enable.get(r);
    if (e == null) {
      throw new IllegalStateException("rule not encoded: " + r);
    }
    return e;
  }
}

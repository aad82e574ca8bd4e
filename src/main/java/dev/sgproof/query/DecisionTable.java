package dev.sgproof.query;

import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How one set of groups decides one direction at every NIC that has exactly these groups
 * (semantics.md sections 4-6), over the classes of flows the set can tell apart: a NIC's decision
 * depends only on its groups, the flow's protocol and ports, and the peer address (the source for
 * ingress, the destination for egress) through the rule CIDRs that contain it and the groups its
 * owner belongs to. The same table serves every NIC of the set; which flows exist at a given NIC
 * (not its own addresses, only its IP versions) is for the caller to say.
 *
 * <p>The port behind which {@code diff} and {@code lint} read decisions: {@link
 * DecisionTablesByEvaluator} is the reference (one representative flow per class through the
 * evaluator); a faster implementation must give the same decisions.
 */
public interface DecisionTable {
  Direction direction();

  /** The groups of the set, sorted by name. */
  List<Group> groups();

  /**
   * The decision where no rule matches: allow for egress of basic groups, deny otherwise
   * (semantics.md sections 5-6).
   */
  boolean defaultAllows();

  /**
   * The values where the rule-CIDR part of a peer class may change, of one version, ascending,
   * starting at 0: an address's class depends on the interval between two consecutive cuts it lies
   * in and on its owner's groups, nothing else.
   */
  List<BigInteger> cuts(IpVersion v);

  /**
   * The groups whose membership a peer's class depends on (group peers of the rules, and for
   * ingress the interconnected basic groups of the set, for the intra-group allow), sorted.
   */
  List<String> memberships();

  /**
   * The class of a peer address whose owner is in {@code ownerGroups} (empty for an address no NIC
   * owns; only the groups of {@link #memberships} count).
   */
  PeerClass peerClass(IpAddress peer, List<String> ownerGroups);

  /**
   * The decision of every flow class with this peer class, in protocol order ({@link
   * Classes#PROTOCOLS}, those of the peer's IP version), then source ports, then destination
   * ports, ascending.
   */
  List<ClassDecision> decisions(PeerClass p);

  /**
   * The rules of the table in deciding order: priority, then denies before allows, then spec
   * order (so that among the rules matching a class, the first decides, and the winners are the
   * run of rules after it with its priority and action). {@link #visit} names rules by their
   * index here.
   */
  List<Rule> order();

  /** One class, as {@link #visit} reports it. */
  interface ClassVisitor {
    /**
     * @param matched the rules matching the class, as a bit set over {@link #order} (valid only
     *     during the call)
     * @param winners the deciding rules (a run of {@code matched}); empty unless a rule decides
     */
    void visit(int protocol, PortRange srcPorts, PortRange dstPorts, Decider step,
        boolean allowed, long[] matched, long[] winners);
  }

  /**
   * Every class with this peer class, in the order of {@link #decisions}, with its matching rules
   * and winners as bit sets (what {@code lint} reads for every class of every group set).
   */
  default void visit(PeerClass p, ClassVisitor v) {
    List<Rule> order = order();
    java.util.Map<Rule, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i), i);
    }
    int words = (order.size() + 63) >>> 6;
    for (ClassDecision c : decisions(p)) {
      long[] matched = new long[words];
      long[] winners = new long[words];
      for (Rule r : c.matched()) {
        int i = index.get(r);
        matched[i >>> 6] |= 1L << (i & 63);
      }
      for (Rule r : c.winners()) {
        int i = index.get(r);
        winners[i >>> 6] |= 1L << (i & 63);
      }
      v.visit(c.protocol(), c.srcPorts(), c.dstPorts(), c.step(), c.allowed(), matched, winners);
    }
  }

  /**
   * The flow classes with this peer class that are allowed, in the order of {@link #decisions}
   * (what a diff needs; an implementation may answer it without listing matching rules).
   */
  default List<TrafficClass> allowedClasses(PeerClass p) {
    List<TrafficClass> out = new ArrayList<>();
    for (ClassDecision c : decisions(p)) {
      if (c.allowed()) {
        out.add(new TrafficClass(c.protocol(), c.srcPorts(), c.dstPorts()));
      }
    }
    return out;
  }

  /** A flow class without its peer: a protocol class and, for tcp and udp, the port ranges. */
  record TrafficClass(int protocol, PortRange srcPorts, PortRange dstPorts) {
    public boolean hasPorts() {
      return Protocols.hasPorts(protocol);
    }
  }

  /**
   * A class of peer addresses: its IP version, the class of rule CIDRs that hold it (an index into
   * the table's own numbering) and which of the table's {@link #memberships} its owner is in.
   */
  final class PeerClass {
    private final IpVersion version;
    private final int cidrClass;
    private final long[] members;
    private final int hash;

    public PeerClass(IpVersion version, int cidrClass, long[] members) {
      this.version = Objects.requireNonNull(version, "version");
      this.cidrClass = cidrClass;
      int n = members.length;
      while (n > 0 && members[n - 1] == 0) {
        n--;
      }
      this.members = Arrays.copyOf(members, n);
      this.hash = (version.hashCode() * 31 + cidrClass) * 31 + Arrays.hashCode(this.members);
    }

    public IpVersion version() {
      return version;
    }

    public int cidrClass() {
      return cidrClass;
    }

    /** Whether the owner is in the {@code i}-th group of the table's memberships. */
    public boolean member(int i) {
      int w = i >>> 6;
      return w < members.length && (members[w] & (1L << (i & 63))) != 0;
    }

    /** Whether the owner is in none of the groups the table reads. */
    public boolean noMembership() {
      return members.length == 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PeerClass p && p.hash == hash && p.version == version
          && p.cidrClass == cidrClass && Arrays.equals(p.members, members);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return version + "/" + cidrClass + "/" + Arrays.toString(members);
    }
  }

  /** What decided a class. */
  enum Decider { INTRA_GROUP, RULE, DEFAULT }

  /**
   * The decision of one flow class: the protocol (a representative of {@link Classes#PROTOCOLS};
   * {@link Classes#OTHER_PROTOCOL} stands for every number no keyword names), for tcp and udp the
   * source and destination port ranges (else {@link PortRange#ALL}), what decided, whether it
   * allows, every rule that matches (sorted by priority, denies first, then spec order) and the
   * winners among them (the rules at the deciding priority with the deciding action; empty unless
   * a rule decided).
   */
  record ClassDecision(int protocol, PortRange srcPorts, PortRange dstPorts, Decider step,
      boolean allowed, List<Rule> matched, List<Rule> winners) {
    public ClassDecision {
      Objects.requireNonNull(srcPorts, "srcPorts");
      Objects.requireNonNull(dstPorts, "dstPorts");
      Objects.requireNonNull(step, "step");
      matched = List.copyOf(matched);
      winners = List.copyOf(winners);
      if ((step == Decider.RULE) == winners.isEmpty()) {
        throw new IllegalArgumentException("winners exactly when a rule decides");
      }
    }

    public boolean hasPorts() {
      return Protocols.hasPorts(protocol);
    }

    /**
     * Whether the class would still be decided the same way with {@code deleted} gone from the
     * rules: the intra-group allow does not read rules; otherwise the highest-priority rules left
     * decide (a deny first on ties), or the default when none is left.
     */
    public boolean allowedWithout(java.util.Collection<Rule> deleted, boolean defaultAllows) {
      if (step == Decider.INTRA_GROUP) {
        return allowed;
      }
      List<Rule> left = new ArrayList<>(matched.size());
      for (Rule r : matched) {
        if (!contains(deleted, r)) {
          left.add(r);
        }
      }
      return DecisionTable.decide(left, defaultAllows);
    }

    /** The rules that would decide with {@code deleted} gone (empty: the default). */
    public List<Rule> winnersWithout(java.util.Collection<Rule> deleted) {
      List<Rule> left = new ArrayList<>(matched.size());
      for (Rule r : matched) {
        if (!contains(deleted, r)) {
          left.add(r);
        }
      }
      return DecisionTable.winners(left);
    }

    private static boolean contains(java.util.Collection<Rule> rules, Rule r) {
      for (Rule x : rules) {
        if (x == r) {
          return true;
        }
      }
      return false;
    }
  }

  /** Section 4 over matching rules: allow or deny; the default when none matches. */
  static boolean decide(List<Rule> matched, boolean defaultAllows) {
    if (matched.isEmpty()) {
      return defaultAllows;
    }
    int best = Integer.MAX_VALUE;
    boolean deny = false;
    for (Rule r : matched) {
      if (r.priority() < best) {
        best = r.priority();
        deny = r.action() == Action.DENY;
      } else if (r.priority() == best && r.action() == Action.DENY) {
        deny = true;
      }
    }
    return !deny;
  }

  /** The deciding rules of section 4: the best priority, its denies if any, else its allows. */
  static List<Rule> winners(List<Rule> matched) {
    if (matched.isEmpty()) {
      return List.of();
    }
    int best = Integer.MAX_VALUE;
    boolean deny = false;
    for (Rule r : matched) {
      if (r.priority() < best) {
        best = r.priority();
        deny = r.action() == Action.DENY;
      } else if (r.priority() == best && r.action() == Action.DENY) {
        deny = true;
      }
    }
    Action wins = deny ? Action.DENY : Action.ALLOW;
    List<Rule> out = new ArrayList<>();
    for (Rule r : matched) {
      if (r.priority() == best && r.action() == wins) {
        out.add(r);
      }
    }
    return out;
  }
}

package dev.sgproof.semantics;

import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import dev.sgproof.model.RuleTraffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference semantics of ../shared/semantics.md, implemented directly: no solver, no
 * shortcuts. Every other engine is checked against this class.
 */
public final class Evaluator {
  private final Network network;
  /**
   * The rules of each group (by name) of one direction, in rule order, made on first use: an
   * evaluator kept for many flows then reads only the rules of the direction it decides.
   */
  private final Map<String, GroupRules> ingressRules = new ConcurrentHashMap<>();
  private final Map<String, GroupRules> egressRules = new ConcurrentHashMap<>();

  public Evaluator(Network network) {
    this.network = network;
  }

  public Network network() {
    return network;
  }

  /**
   * Section 7: NIC to NIC needs egress at the source and ingress at the destination; an external
   * end is not checked. External to external and a NIC talking to itself are outside the model.
   */
  public Decision evaluate(Flow f) {
    Optional<Nic> src = network.owner(f.src());
    Optional<Nic> dst = network.owner(f.dst());
    checkInModel(f, src, dst);
    List<NicDecision> steps = new ArrayList<>(2);
    boolean permitted = true;
    if (src.isPresent()) {
      NicDecision e = egress(src.get(), f);
      steps.add(e);
      permitted &= e.allowed();
    }
    if (dst.isPresent()) {
      NicDecision i = ingress(dst.get(), f);
      steps.add(i);
      permitted &= i.allowed();
    }
    return new Decision(f, permitted, steps);
  }

  /** External to external and a NIC talking to itself are outside the model (section 7). */
  private static void checkInModel(Flow f, Optional<Nic> src, Optional<Nic> dst) {
    if (src.isEmpty() && dst.isEmpty()) {
      throw new IllegalArgumentException("flow between two external addresses: " + f);
    }
    if (src.isPresent() && src.equals(dst)) {
      throw new IllegalArgumentException("flow within one NIC: " + f);
    }
  }

  /**
   * Whether the flow is permitted: {@link #evaluate}'s verdict, decided by the same sections
   * without building the trace (no list of matched rules, no decision records). For callers that
   * need only the verdict, such as the replay of every listed violation box; EvaluatorPermitsTest
   * compares it with {@link #evaluate} on generated specs and flows.
   */
  public boolean permits(Flow f) {
    Optional<Nic> src = network.owner(f.src());
    Optional<Nic> dst = network.owner(f.dst());
    checkInModel(f, src, dst);
    if (src.isPresent()) {
      List<Group> groups = network.groupsOf(src.get());
      GroupType type = typeOf(groups);
      if (!allows(groups, Direction.EGRESS, f, f.dst(), dst.orElse(null),
          type == GroupType.BASIC)) {
        return false;
      }
    }
    if (dst.isPresent()) {
      List<Group> groups = network.groupsOf(dst.get());
      if (intraGroup(dst.get(), groups, f.src()).isPresent()) {
        return true;
      }
      return allows(groups, Direction.INGRESS, f, f.src(), src.orElse(null), false);
    }
    return true;
  }

  /**
   * Section 4 over the groups' rules of one direction, without a trace: the smallest priority
   * number among the matching rules decides, a deny winning ties; with no match, the default.
   */
  private boolean allows(List<Group> groups, Direction d, Flow f, IpAddress peerAddress,
      Nic owner, boolean defaultAllow) {
    long best = Long.MAX_VALUE; // priority * 2, plus 1 for an allow: the smallest wins
    for (Group g : groups) {
      best = rules(g, d).best(f, peerAddress, owner, best);
    }
    return best == Long.MAX_VALUE ? defaultAllow : (best & 1) == 1;
  }

  /** Section 5: intra-group allow, then the merged custom ingress rules, then deny. */
  public NicDecision ingress(Nic n, Flow f) {
    List<Group> groups = network.groupsOf(n);
    List<Rule> matched = matching(groups, Direction.INGRESS, f, f.src());
    Optional<Group> fellow = intraGroup(n, groups, f.src());
    if (fellow.isPresent()) {
      Nic srcNic = network.owner(f.src()).orElseThrow();
      List<LostRule> lost = new ArrayList<>();
      for (Rule r : matched) {
        lost.add(new LostRule(r, LostRule.Reason.INTRA_GROUP_ALLOW_WON));
      }
      return new NicDecision(
          n, Direction.INGRESS, true, new Step.IntraGroup(fellow.get(), srcNic), lost);
    }
    return decide(n, Direction.INGRESS, matched, false, typeOf(groups));
  }

  /** Section 6: the merged custom egress rules, then allow (basic) or deny (advanced). */
  public NicDecision egress(Nic n, Flow f) {
    List<Group> groups = network.groupsOf(n);
    List<Rule> matched = matching(groups, Direction.EGRESS, f, f.dst());
    GroupType type = typeOf(groups);
    return decide(n, Direction.EGRESS, matched, type == GroupType.BASIC, type);
  }

  /**
   * The first interconnected basic group of {@code n} that the owner of {@code src} is also a
   * member of (section 5 step 1).
   */
  private Optional<Group> intraGroup(Nic n, List<Group> groups, IpAddress src) {
    Optional<Nic> owner = network.owner(src);
    if (owner.isEmpty() || owner.get().equals(n)) {
      return Optional.empty();
    }
    for (Group g : groups) {
      if (g.type() == GroupType.BASIC
          && g.policy() == Policy.INTERCONNECTED
          && owner.get().groups().contains(g.name())) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** Every rule of the NIC's groups, in group order then rule order, that matches (section 3). */
  private List<Rule> matching(List<Group> groups, Direction d, Flow f, IpAddress peerAddress) {
    List<Rule> out = new ArrayList<>();
    // The owner of the peer address, looked up once for all the rules (group peers need it).
    Nic owner = network.owner(peerAddress).orElse(null);
    for (Group g : groups) {
      rules(g, d).matching(f, peerAddress, owner, out);
    }
    return out;
  }

  /** The group's rules of the direction, in rule order. */
  private GroupRules rules(Group g, Direction d) {
    Map<String, GroupRules> byName = d == Direction.INGRESS ? ingressRules : egressRules;
    GroupRules rules = byName.get(g.name());
    if (rules == null) {
      rules = new GroupRules(
          g.rules().stream().filter(r -> r.direction() == d).toArray(Rule[]::new));
      byName.put(g.name(), rules);
    }
    return rules;
  }

  /**
   * One group's rules of one direction, in rule order, with what section 3 matches on unpacked
   * into arrays: {@link #matches(Rule, Direction, Flow, IpAddress)} over each, without a call per
   * field (an evaluator replays a counterexample against every rule of two NICs).
   */
  private static final class GroupRules {
    /** The kinds of peer. */
    private static final byte V4 = 0;
    private static final byte V6 = 1;
    private static final byte GROUP = 2;

    final Rule[] rules;
    final RuleTraffic traffic;
    final byte[] kind;
    /** For an IPv4 CIDR: the network address and the mask of its prefix, as 32-bit values. */
    final int[] network;
    final int[] mask;
    /**
     * The rules' positions in the order of {@link #rank}, and their ranks in that order: the
     * first match in it is the best.
     */
    final int[] byRank;
    final long[] ranks;

    GroupRules(Rule[] rules) {
      int k = rules.length;
      this.rules = rules;
      // Sorted as (rank, position) pairs in one long each (ranks are small, positions ints).
      long[] pairs = new long[k];
      for (int i = 0; i < k; i++) {
        pairs[i] = rank(rules[i]) << 32 | i;
      }
      java.util.Arrays.sort(pairs);
      byRank = new int[k];
      ranks = new long[k];
      for (int i = 0; i < k; i++) {
        byRank[i] = (int) pairs[i];
        ranks[i] = pairs[i] >>> 32;
      }
      traffic = new RuleTraffic(rules);
      kind = new byte[k];
      network = new int[k];
      mask = new int[k];
      for (int i = 0; i < k; i++) {
        Rule r = rules[i];
        if (r.peer() instanceof Peer.CidrPeer c) {
          kind[i] = c.cidr().version() == IpVersion.V4 ? V4 : V6;
          if (kind[i] == V4) {
            network[i] = c.cidr().first().value().intValue();
            mask[i] = (int) ~((1L << (32 - c.cidr().prefix())) - 1);
          }
        } else {
          kind[i] = GROUP;
        }
      }
    }

    /** Adds the rules that match the flow with the peer address (owned by {@code owner}). */
    void matching(Flow f, IpAddress peerAddress, Nic owner, List<Rule> out) {
      boolean v4 = peerAddress.version() == IpVersion.V4;
      int address = v4 ? peerAddress.value().intValue() : 0;
      for (int i = 0; i < rules.length; i++) {
        if (matches(i, f, peerAddress, v4, address, owner)) {
          out.add(rules[i]);
        }
      }
    }

    /**
     * A rule's rank: {@code priority * 2}, plus 1 when it is an allow, so that the smaller number
     * wins, and of one priority the deny (section 4).
     */
    static long rank(Rule r) {
      return 2L * r.priority() + (r.action() == Action.ALLOW ? 1 : 0);
    }

    /**
     * The smaller of {@code bound} and the best {@link #rank} of the matching rules ({@code
     * Long.MAX_VALUE} for both when none matches): the rules are tried best first, so the first
     * match decides, and none is tried whose rank is not below {@code bound}.
     */
    long best(Flow f, IpAddress peerAddress, Nic owner, long bound) {
      boolean v4 = peerAddress.version() == IpVersion.V4;
      int address = v4 ? peerAddress.value().intValue() : 0;
      for (int k = 0; k < byRank.length && ranks[k] < bound; k++) {
        if (matches(byRank[k], f, peerAddress, v4, address, owner)) {
          return ranks[k];
        }
      }
      return bound;
    }

    /** Whether rule {@code i} matches the flow with the peer address (section 3). */
    private boolean matches(int i, Flow f, IpAddress peerAddress, boolean v4, int address,
        Nic owner) {
      if (!traffic.matches(i, f.protocol(), f.hasPorts(), f.srcPort(), f.dstPort())) {
        return false;
      }
      return switch (kind[i]) {
        case V4 -> v4 && (address & mask[i]) == network[i];
        case V6 -> !v4 && ((Peer.CidrPeer) rules[i].peer()).cidr().contains(peerAddress);
        default -> owner != null
            && owner.groups().contains(((Peer.GroupPeer) rules[i].peer()).group());
      };
    }
  }

  /** Section 3: direction, protocol, ports (tcp/udp only), peer. */
  public boolean matches(Rule r, Direction d, Flow f, IpAddress peerAddress) {
    return matches(r, d, f, peerAddress, network.owner(peerAddress).orElse(null));
  }

  /** As above, {@code owner} the NIC that owns {@code peerAddress} (null: external). */
  private static boolean matches(Rule r, Direction d, Flow f, IpAddress peerAddress, Nic owner) {
    if (r.direction() != d || !r.protocol().matches(f.protocol())) {
      return false;
    }
    if (f.hasPorts()
        && (!r.dstPorts().contains(f.dstPort()) || !r.srcPorts().contains(f.srcPort()))) {
      return false;
    }
    if (r.peer() instanceof Peer.CidrPeer c) {
      return c.cidr().contains(peerAddress);
    }
    return owner != null && owner.groups().contains(((Peer.GroupPeer) r.peer()).group());
  }

  /**
   * Section 4: the smallest priority number among the matching rules decides; at that priority a
   * deny wins over an allow. With no match, the default for the direction and group type.
   */
  private static NicDecision decide(
      Nic n, Direction d, List<Rule> matched, boolean defaultAllow, GroupType type) {
    if (matched.isEmpty()) {
      return new NicDecision(n, d, defaultAllow, new Step.Default(type), List.of());
    }
    int best = Integer.MAX_VALUE;
    for (Rule r : matched) {
      best = Math.min(best, r.priority());
    }
    Rule decider = null;
    for (Rule r : matched) {
      if (r.priority() == best && r.action() == Action.DENY) {
        decider = r;
        break;
      }
    }
    if (decider == null) {
      for (Rule r : matched) {
        if (r.priority() == best) {
          decider = r;
          break;
        }
      }
    }
    List<LostRule> lost = new ArrayList<>();
    for (Rule r : matched) {
      if (r == decider) {
        continue;
      }
      LostRule.Reason why;
      if (r.priority() != best) {
        why = LostRule.Reason.HIGHER_PRIORITY_WON;
      } else if (r.action() != decider.action()) {
        why = LostRule.Reason.EQUAL_PRIORITY_DENY_WON;
      } else {
        why = LostRule.Reason.SAME_DECISION;
      }
      lost.add(new LostRule(r, why));
    }
    return new NicDecision(n, d, decider.action() == Action.ALLOW, new Step.CustomRule(decider), lost);
  }

  /** The type of a NIC's groups (they never mix: the resolver rejects that). */
  private static GroupType typeOf(List<Group> groups) {
    return groups.isEmpty() ? GroupType.BASIC : groups.get(0).type();
  }
}

package dev.sgproof.query;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Instance;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LostRule;
import dev.sgproof.semantics.NicDecision;
import dev.sgproof.semantics.Step;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference {@link DecisionTables}: each class of a table is decided by the concrete evaluator
 * on one representative flow, at a NIC of the set in a network of two NICs (the NIC, and the peer
 * as a NIC in exactly the groups its class says, or an external address). Exact because a table's
 * classes are cut by every CIDR, port range and membership its rules and intra-group step read.
 */
public final class DecisionTablesByEvaluator extends LayoutTables {
  private static final SourceSpan NONE = SourceSpan.none("decision-table");

  @Override
  DecisionTable build(TableLayout layout) {
    return new Table(layout);
  }

  private static final class Table extends LayoutTables.Table {
    private final Comparator<Rule> order;
    private final List<Rule> sorted;

    Table(TableLayout layout) {
      super(layout);
      this.order = ruleOrder(layout.rules);
      List<Rule> rs = new ArrayList<>(layout.rules);
      rs.sort(order);
      this.sorted = List.copyOf(rs);
    }

    @Override
    public List<Rule> order() {
      return sorted;
    }

    @Override
    public List<ClassDecision> decisions(PeerClass p) {
      IpVersion v = p.version();
      IpAddress peer = layout.representative(v, p.cidrClass());
      BigInteger mine = peer.value().compareTo(v.max()) < 0
          ? peer.value().add(BigInteger.ONE) : peer.value().subtract(BigInteger.ONE);
      IpAddress own = IpAddress.of(v, mine);
      Network net = network(layout, own, peer, layout.memberGroups(p));
      Nic nic = net.nic("sgproof-table-nic").orElseThrow();
      Evaluator ev = new Evaluator(net);
      List<ClassDecision> out = new ArrayList<>();
      for (int protocol : Classes.PROTOCOLS) {
        if (!Protocols.fitsVersion(protocol, v)) {
          continue;
        }
        if (!Protocols.hasPorts(protocol)) {
          out.add(decide(ev, nic, own, peer, protocol, PortRange.ALL, PortRange.ALL));
          continue;
        }
        for (PortRange sp : layout.srcPortClasses) {
          for (PortRange dp : layout.dstPortClasses) {
            out.add(decide(ev, nic, own, peer, protocol, sp, dp));
          }
        }
      }
      return out;
    }

    private ClassDecision decide(Evaluator ev, Nic nic, IpAddress own, IpAddress peer,
        int protocol, PortRange sp, PortRange dp) {
      boolean ported = Protocols.hasPorts(protocol);
      int s = ported ? sp.low() : Flow.NO_PORT;
      int d = ported ? dp.low() : Flow.NO_PORT;
      NicDecision nd = layout.direction == Direction.INGRESS
          ? ev.ingress(nic, new Flow(peer, own, protocol, s, d))
          : ev.egress(nic, new Flow(own, peer, protocol, s, d));
      List<Rule> matched = new ArrayList<>();
      List<Rule> winners = new ArrayList<>();
      DecisionTable.Decider step;
      if (nd.decidedBy() instanceof Step.IntraGroup) {
        step = DecisionTable.Decider.INTRA_GROUP;
      } else if (nd.decidedBy() instanceof Step.CustomRule cr) {
        step = DecisionTable.Decider.RULE;
        matched.add(cr.rule());
        winners.add(cr.rule());
      } else {
        step = DecisionTable.Decider.DEFAULT;
      }
      for (LostRule l : nd.lost()) {
        matched.add(l.rule());
        if (l.reason() == LostRule.Reason.SAME_DECISION) {
          winners.add(l.rule());
        }
      }
      matched.sort(order);
      winners.sort(order);
      return new ClassDecision(protocol, ported ? sp : PortRange.ALL, ported ? dp : PortRange.ALL,
          step, nd.allowed(), matched, winners);
    }
  }

  /** Priority, denies first, then the order of the table's rules. */
  static Comparator<Rule> ruleOrder(List<Rule> rules) {
    Map<Rule, Integer> index = new java.util.IdentityHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      index.put(rules.get(i), i);
    }
    return Comparator.<Rule>comparingInt(Rule::priority)
        .thenComparing(r -> r.action() == Action.DENY ? 0 : 1)
        .thenComparingInt(r -> index.getOrDefault(r, Integer.MAX_VALUE));
  }

  /**
   * The network of the table's groups (and empty stand-ins for the other groups it reads the
   * membership of), one NIC in all the table's groups at {@code own}, and at {@code peer} a NIC in
   * exactly {@code peerGroups} (none: the peer is an external address).
   */
  private static Network network(TableLayout layout, IpAddress own, IpAddress peer,
      List<String> peerGroups) {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Group g : layout.groups) {
      groups.put(g.name(), g);
    }
    for (String m : layout.memberships) {
      groups.computeIfAbsent(m, name -> new Group(name, GroupType.BASIC, Policy.ISOLATED, false,
          List.of(), NONE));
    }
    List<Instance> instances = new ArrayList<>();
    Nic self = new Nic("sgproof-table-nic", "sgproof-table-nic", "", List.of(own),
        layout.groups.stream().map(Group::name).toList(), NONE);
    instances.add(new Instance(self.id(), List.of(self), true, NONE));
    if (!peerGroups.isEmpty()) {
      Nic other = new Nic("sgproof-table-peer", "sgproof-table-peer", "", List.of(peer),
          peerGroups, NONE);
      instances.add(new Instance(other.id(), List.of(other), true, NONE));
    }
    return new Network(new ArrayList<>(groups.values()), instances);
  }
}

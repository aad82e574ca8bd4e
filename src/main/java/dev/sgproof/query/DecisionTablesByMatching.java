package dev.sgproof.query;

import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DecisionTables} by bit sets of rules: each rule of a table gets a bit, in the order
 * (priority, denies first, spec order); the rules matching a class are the intersection of the
 * bits that match its protocol, its source and destination ports and its peer class, and the first
 * bit of that intersection decides (section 4: the smallest priority, a deny first). Gives the
 * decisions of {@link DecisionTablesByEvaluator} without running the evaluator per class (checked
 * against it in the tests).
 */
public final class DecisionTablesByMatching extends LayoutTables {
  @Override
  DecisionTable build(TableLayout layout) {
    return new Table(layout);
  }

  private static final class Table extends LayoutTables.Table {
    /** The rules in deciding order: bit i is rule i. */
    private final Rule[] order;
    private final int words;
    private final long[][] byProtocol;
    private final long[][] byDstPort;
    private final long[][] bySrcPort;
    /** Per version and CIDR class: the rules with a CIDR peer that holds the class. */
    private final Map<IpVersion, long[][]> byCidrClass = new EnumMap<>(IpVersion.class);
    /** Per membership: the rules whose group peer is that group. */
    private final long[][] byMembership;
    /** The memberships that give the intra-group allow (interconnected groups of the set). */
    private final long[] intraGroup;

    Table(TableLayout layout) {
      super(layout);
      List<Rule> sorted = new ArrayList<>(layout.rules);
      sorted.sort(DecisionTablesByEvaluator.ruleOrder(layout.rules));
      order = sorted.toArray(Rule[]::new);
      words = (order.length + 63) >>> 6;
      byProtocol = new long[Classes.PROTOCOLS.size()][words];
      byDstPort = new long[layout.dstPortClasses.size()][words];
      bySrcPort = new long[layout.srcPortClasses.size()][words];
      byMembership = new long[layout.memberships.size()][words];
      for (IpVersion v : IpVersion.values()) {
        byCidrClass.put(v, new long[layout.cidrClasses(v)][words]);
      }
      for (int i = 0; i < order.length; i++) {
        Rule r = order[i];
        for (int k = 0; k < Classes.PROTOCOLS.size(); k++) {
          if (r.protocol().matches(Classes.PROTOCOLS.get(k))) {
            set(byProtocol[k], i);
          }
        }
        for (int k = 0; k < layout.dstPortClasses.size(); k++) {
          PortRange c = layout.dstPortClasses.get(k);
          if (r.dstPorts().contains(c.low())) {
            set(byDstPort[k], i);
          }
        }
        for (int k = 0; k < layout.srcPortClasses.size(); k++) {
          if (r.srcPorts().contains(layout.srcPortClasses.get(k).low())) {
            set(bySrcPort[k], i);
          }
        }
        if (r.peer() instanceof Peer.CidrPeer cp) {
          IpVersion v = cp.cidr().version();
          long[][] classes = byCidrClass.get(v);
          for (int c = 0; c < classes.length; c++) {
            if (cp.cidr().contains(layout.representative(v, c))) {
              set(classes[c], i);
            }
          }
        } else {
          set(byMembership[layout.membership(((Peer.GroupPeer) r.peer()).group())], i);
        }
      }
      intraGroup = new long[(layout.memberships.size() + 63) >>> 6];
      if (layout.direction == Direction.INGRESS) {
        for (Group g : layout.groups) {
          if (g.type() == dev.sgproof.model.GroupType.BASIC
              && g.policy() == dev.sgproof.model.Policy.INTERCONNECTED) {
            set(intraGroup, layout.membership(g.name()));
          }
        }
      }
    }

    private static void set(long[] bits, int i) {
      bits[i >>> 6] |= 1L << (i & 63);
    }

    /** The rules whose peer matches the class. */
    private long[] peerBits(PeerClass p) {
      long[] out = byCidrClass.get(p.version())[p.cidrClass()].clone();
      for (int m = 0; m < byMembership.length; m++) {
        if (p.member(m)) {
          long[] b = byMembership[m];
          for (int w = 0; w < words; w++) {
            out[w] |= b[w];
          }
        }
      }
      return out;
    }

    private boolean intra(PeerClass p) {
      for (int m = 0; m < layout.memberships.size(); m++) {
        if (p.member(m) && (intraGroup[m >>> 6] & (1L << (m & 63))) != 0) {
          return true;
        }
      }
      return false;
    }

    /** The first matching rule (the decider), or -1; {@code and} holds the matching bits. */
    private int first(long[] and) {
      for (int w = 0; w < words; w++) {
        if (and[w] != 0) {
          return w * 64 + Long.numberOfTrailingZeros(and[w]);
        }
      }
      return -1;
    }

    private void match(long[] peer, int protocol, int sp, int dp, long[] out) {
      long[] pr = byProtocol[protocol];
      if (sp < 0) {
        for (int w = 0; w < words; w++) {
          out[w] = peer[w] & pr[w];
        }
      } else {
        long[] s = bySrcPort[sp];
        long[] d = byDstPort[dp];
        for (int w = 0; w < words; w++) {
          out[w] = peer[w] & pr[w] & s[w] & d[w];
        }
      }
    }

    @Override
    public List<Rule> order() {
      return List.of(order);
    }

    @Override
    public void visit(PeerClass p, ClassVisitor v) {
      long[] winners = new long[words];
      visit(p, (protocol, sp, dp, bits, intra) -> {
        boolean ported = sp >= 0;
        PortRange s = ported ? layout.srcPortClasses.get(sp) : PortRange.ALL;
        PortRange d = ported ? layout.dstPortClasses.get(dp) : PortRange.ALL;
        int proto = Classes.PROTOCOLS.get(protocol);
        java.util.Arrays.fill(winners, 0);
        if (intra) {
          v.visit(proto, s, d, Decider.INTRA_GROUP, true, bits, winners);
          return;
        }
        int f = first(bits);
        if (f < 0) {
          v.visit(proto, s, d, Decider.DEFAULT, layout.defaultAllows, bits, winners);
          return;
        }
        Rule decider = order[f];
        for (int i = f; i < order.length; i++) {
          Rule r = order[i];
          if (r.priority() != decider.priority() || r.action() != decider.action()) {
            break;
          }
          if ((bits[i >>> 6] & (1L << (i & 63))) != 0) {
            winners[i >>> 6] |= 1L << (i & 63);
          }
        }
        v.visit(proto, s, d, Decider.RULE, decider.action() == Action.ALLOW, bits, winners);
      });
    }

    @Override
    public List<ClassDecision> decisions(PeerClass p) {
      List<ClassDecision> out = new ArrayList<>();
      visit(p, (protocol, sp, dp, bits, intra) -> {
        boolean ported = sp >= 0;
        PortRange s = ported ? layout.srcPortClasses.get(sp) : PortRange.ALL;
        PortRange d = ported ? layout.dstPortClasses.get(dp) : PortRange.ALL;
        int proto = Classes.PROTOCOLS.get(protocol);
        List<Rule> matched = new ArrayList<>();
        for (int w = 0; w < words; w++) {
          long b = bits[w];
          while (b != 0) {
            matched.add(order[w * 64 + Long.numberOfTrailingZeros(b)]);
            b &= b - 1;
          }
        }
        if (intra) {
          out.add(new ClassDecision(proto, s, d, Decider.INTRA_GROUP, true, matched, List.of()));
        } else if (matched.isEmpty()) {
          out.add(new ClassDecision(proto, s, d, Decider.DEFAULT, layout.defaultAllows, matched,
              List.of()));
        } else {
          List<Rule> winners = DecisionTable.winners(matched);
          out.add(new ClassDecision(proto, s, d, Decider.RULE,
              winners.get(0).action() == Action.ALLOW, matched, winners));
        }
      });
      return out;
    }

    /** One class: protocol class, port class numbers (-1 without ports), matching rule bits. */
    private interface Visitor {
      void visit(int protocol, int sp, int dp, long[] bits, boolean intra);
    }

    private void visit(PeerClass p, Visitor v) {
      long[] peer = peerBits(p);
      boolean intra = intra(p);
      long[] bits = new long[words];
      for (int k = 0; k < Classes.PROTOCOLS.size(); k++) {
        int protocol = Classes.PROTOCOLS.get(k);
        if (!Protocols.fitsVersion(protocol, p.version())) {
          continue;
        }
        if (!Protocols.hasPorts(protocol)) {
          match(peer, k, -1, -1, bits);
          v.visit(k, -1, -1, bits, intra);
          continue;
        }
        for (int sp = 0; sp < layout.srcPortClasses.size(); sp++) {
          for (int dp = 0; dp < layout.dstPortClasses.size(); dp++) {
            match(peer, k, sp, dp, bits);
            v.visit(k, sp, dp, bits, intra);
          }
        }
      }
    }

    @Override
    public List<TrafficClass> allowedClasses(PeerClass p) {
      List<TrafficClass> out = new ArrayList<>();
      long[] peer = peerBits(p);
      boolean intra = intra(p);
      long[] bits = new long[words];
      for (int k = 0; k < Classes.PROTOCOLS.size(); k++) {
        int protocol = Classes.PROTOCOLS.get(k);
        if (!Protocols.fitsVersion(protocol, p.version())) {
          continue;
        }
        boolean ported = Protocols.hasPorts(protocol);
        int sps = ported ? layout.srcPortClasses.size() : 1;
        int dps = ported ? layout.dstPortClasses.size() : 1;
        for (int sp = 0; sp < sps; sp++) {
          for (int dp = 0; dp < dps; dp++) {
            boolean allowed;
            if (intra) {
              allowed = true;
            } else {
              match(peer, k, ported ? sp : -1, ported ? dp : -1, bits);
              int f = first(bits);
              allowed = f < 0 ? layout.defaultAllows : order[f].action() == Action.ALLOW;
            }
            if (allowed) {
              out.add(new TrafficClass(protocol,
                  ported ? layout.srcPortClasses.get(sp) : PortRange.ALL,
                  ported ? layout.dstPortClasses.get(dp) : PortRange.ALL));
            }
          }
        }
      }
      return out;
    }
  }
}

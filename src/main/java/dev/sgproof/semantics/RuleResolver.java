package dev.sgproof.semantics;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.syntax.ast.PeerNode;
import dev.sgproof.syntax.ast.PortRangeNode;
import dev.sgproof.syntax.ast.Preposition;
import dev.sgproof.syntax.ast.RuleDecl;
import dev.sgproof.syntax.ast.RuleOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One written rule -> its expanded model rules (one per dst range x src range x peer). A port list
 * is merged first: identical, overlapping and adjacent ranges of one list become one range (a list
 * is shorthand for one rule per range, and rules that differ only in touching ranges decide the
 * same flows as the one rule over their union), so {@code tcp 80,80,81-90,85} is the one rule
 * {@code tcp 80-90}. The quotas still count the rules as written.
 */
final class RuleResolver {
  /**
   * The model rules of one statement, and how many cloud rules it stands for: one per distinct
   * written destination range, source range and peer, as the quotas count them.
   */
  record Expansion(List<Rule> rules, long asWritten) {
    static final Expansion NONE = new Expansion(List.of(), 0);
  }

  private final Reporter out;
  private final Values values;

  RuleResolver(Reporter out, Values values) {
    this.out = out;
    this.values = values;
  }

  /** The expanded rules; none when the rule has an error (which is then reported). */
  Expansion expand(GroupHeader group, RuleDecl r, Map<String, GroupHeader> headers) {
    int before = out.errorCount();
    checkPreposition(r);
    Proto proto = r.protocol().value();
    Optional<List<PortRange>> dst = portsOf(proto, r.ports());
    List<PortRangeNode> sportNodes = List.of();
    int priority = Rule.MIN_PRIORITY;
    boolean sawSport = false;
    boolean sawPriority = false;
    for (RuleOption o : r.options()) {
      if (o instanceof RuleOption.Sport s) {
        sawSport = repeated(sawSport, s);
        sportNodes = s.ports();
      } else if (o instanceof RuleOption.Priority p) {
        sawPriority = repeated(sawPriority, p);
        OptionalInt v = values.priority(p.value());
        priority = v.orElse(priority);
      }
    }
    Optional<List<PortRange>> src = portsOf(proto, sportNodes);
    List<Peer> peers = peers(group, r, headers);
    if (out.errorCount() != before || dst.isEmpty() || src.isEmpty()) {
      return Expansion.NONE;
    }
    long asWritten = (long) distinct(dst.get()) * distinct(src.get()) * peers.size();
    List<PortRange> dstMerged = merged(dst.get());
    List<PortRange> srcMerged = merged(src.get());
    List<Rule> rules = new ArrayList<>();
    for (PortRange d : dstMerged) {
      for (PortRange s : srcMerged) {
        for (Peer p : peers) {
          rules.add(
              new Rule(
                  group.name(),
                  r.direction().value(),
                  r.action().value(),
                  proto,
                  d,
                  s,
                  p,
                  priority,
                  false,
                  r.span()));
        }
      }
    }
    return new Expansion(rules, asWritten);
  }

  private static int distinct(List<PortRange> ranges) {
    return ranges.size() < 2 ? ranges.size() : new HashSet<>(ranges).size();
  }

  /** The union of the ranges as the fewest disjoint ranges, none adjacent to another, sorted. */
  static List<PortRange> merged(List<PortRange> ranges) {
    if (ranges.size() < 2) {
      return ranges;
    }
    List<PortRange> sorted = new ArrayList<>(ranges);
    Collections.sort(sorted);
    List<PortRange> out = new ArrayList<>();
    int low = sorted.get(0).low();
    int high = sorted.get(0).high();
    for (PortRange p : sorted.subList(1, sorted.size())) {
      if (p.low() <= high + 1) {
        high = Math.max(high, p.high());
      } else {
        out.add(new PortRange(low, high));
        low = p.low();
        high = p.high();
      }
    }
    out.add(new PortRange(low, high));
    return out;
  }

  private void checkPreposition(RuleDecl r) {
    boolean ingress = r.direction().value() == Direction.INGRESS;
    boolean from = r.preposition().value() == Preposition.FROM;
    if (ingress != from) {
      out.error(
          DiagnosticCode.SG016,
          r.preposition().span(),
          ingress
              ? "an ingress rule names its peer with 'from', not 'to'"
              : "an egress rule names its peer with 'to', not 'from'");
    }
  }

  private boolean repeated(boolean seen, RuleOption o) {
    if (seen) {
      String word = o instanceof RuleOption.Sport ? "sport" : "priority";
      out.error(DiagnosticCode.SG018, o.keyword(), "'" + word + "' is given twice in one rule");
    }
    return true;
  }

  private Optional<List<PortRange>> portsOf(Proto proto, List<PortRangeNode> nodes) {
    if (!proto.hasPorts() && !nodes.isEmpty()) {
      out.error(
          DiagnosticCode.SG013,
          nodes.get(0).span(),
          proto + " has no ports; only tcp and udp rules name ports");
      return Optional.empty();
    }
    return values.ports(nodes);
  }

  private List<Peer> peers(GroupHeader group, RuleDecl r, Map<String, GroupHeader> headers) {
    PeerNode peer = r.peer();
    if (peer instanceof PeerNode.AnyPeer) {
      return List.of(new Peer.CidrPeer(Cidr.ANY_V4), new Peer.CidrPeer(Cidr.ANY_V6));
    }
    if (peer instanceof PeerNode.AddressPeer a) {
      Optional<Cidr> c = values.cidr(a.address());
      c.ifPresent(cidr -> checkVersion(r.protocol().value(), cidr, a));
      return c.<List<Peer>>map(cidr -> List.of(new Peer.CidrPeer(cidr))).orElse(List.of());
    }
    PeerNode.GroupPeer g = (PeerNode.GroupPeer) peer;
    String name = g.group().text();
    GroupHeader target = headers.get(name);
    if (group.type() == GroupType.ADVANCED) {
      out.error(
          DiagnosticCode.SG022,
          g.span(),
          "advanced group " + group.name() + " cannot name a group as a rule peer; use a CIDR");
    }
    if (target == null) {
      out.error(DiagnosticCode.SG030, g.group().span(),
          "unknown group " + name + out.didYouMean(name, headers.keySet()));
    } else if (target.type() == GroupType.ADVANCED) {
      out.error(
          DiagnosticCode.SG021,
          g.group().span(),
          "advanced group " + name + " cannot be used as a rule peer");
    }
    return List.of(new Peer.GroupPeer(name));
  }

  private void checkVersion(Proto proto, Cidr cidr, PeerNode.AddressPeer a) {
    boolean never =
        (proto == Proto.ICMP && cidr.version() == IpVersion.V6)
            || (proto == Proto.ICMPV6 && cidr.version() == IpVersion.V4);
    if (never) {
      out.warning(
          DiagnosticCode.SG110,
          a.span(),
          proto
              + " rule with an "
              + (cidr.version() == IpVersion.V6 ? "IPv6" : "IPv4")
              + " peer can never match");
    }
  }
}

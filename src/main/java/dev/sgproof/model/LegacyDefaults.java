package dev.sgproof.model;

import dev.sgproof.diag.SourceSpan;
import java.util.List;

/**
 * The priority-110 rules of the older default security group (semantics.md section 8): ingress
 * allow icmp, tcp 22 and tcp 3389 from 0.0.0.0/0 (IPv4 only, as written); egress allow all, to
 * every address: 0.0.0.0/0 and ::/0, so that an IPv6 NIC of such a group gets out as the cloud
 * lets it. They carry the span of their group's name.
 */
public final class LegacyDefaults {
  private LegacyDefaults() {}

  public static List<Rule> rules(String group, SourceSpan groupSpan) {
    Peer any4 = new Peer.CidrPeer(Cidr.ANY_V4);
    return List.of(
        rule(group, Direction.INGRESS, Proto.ICMP, PortRange.ALL, any4, groupSpan),
        rule(group, Direction.INGRESS, Proto.TCP, PortRange.single(22), any4, groupSpan),
        rule(group, Direction.INGRESS, Proto.TCP, PortRange.single(3389), any4, groupSpan),
        rule(group, Direction.EGRESS, Proto.ALL, PortRange.ALL, any4, groupSpan),
        rule(group, Direction.EGRESS, Proto.ALL, PortRange.ALL, new Peer.CidrPeer(Cidr.ANY_V6),
            groupSpan));
  }

  private static Rule rule(
      String g, Direction d, Proto p, PortRange ports, Peer peer, SourceSpan span) {
    return new Rule(
        g, d, Action.ALLOW, p, ports, PortRange.ALL, peer, Rule.LEGACY_PRIORITY, true, span);
  }
}

package dev.sgproof.testing;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import java.util.List;

/**
 * The four priority-110 rules of the older default security group (semantics.md section 8):
 * ingress allow icmp, tcp 22 and tcp 3389 from 0.0.0.0/0; egress allow all to 0.0.0.0/0. They
 * carry the span of their group.
 */
public final class LegacyRules {
  private LegacyRules() {}

  public static List<Rule> of(String group, SourceSpan groupSpan) {
    Peer anyV4 = new Peer.CidrPeer(Cidr.ANY_V4);
    return List.of(
        legacy(group, Direction.INGRESS, Proto.ICMP, PortRange.ALL, anyV4, groupSpan),
        legacy(group, Direction.INGRESS, Proto.TCP, PortRange.single(22), anyV4, groupSpan),
        legacy(group, Direction.INGRESS, Proto.TCP, PortRange.single(3389), anyV4, groupSpan),
        legacy(group, Direction.EGRESS, Proto.ALL, PortRange.ALL, anyV4, groupSpan));
  }

  private static Rule legacy(
      String group, Direction d, Proto p, PortRange ports, Peer peer, SourceSpan span) {
    return new Rule(
        group, d, Action.ALLOW, p, ports, PortRange.ALL, peer, Rule.LEGACY_PRIORITY, true, span);
  }
}

package dev.sgproof.imports;

import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import java.util.Locale;
import java.util.Optional;

/**
 * The fields of one rule as an input names them (API or Terraform), normalised by {@link
 * #normalise} following the checklist of alibaba-inputs.md section 7: case folding, priority as
 * string or integer, bare addresses as /32 or /128, {@code -1/-1} as any, empty strings as absent,
 * peer precedence CIDR over group over prefix list.
 */
final class RuleInput {
  JsonAt where;
  String ruleId = "";
  JsonAt direction;
  JsonAt protocol;
  JsonAt portRange;
  JsonAt sourcePortRange;
  JsonAt policy;
  JsonAt priority;
  JsonAt nicType;
  /** The remote side: Source* for ingress, Dest* for egress. */
  JsonAt cidr;
  JsonAt ipv6Cidr;
  JsonAt group;
  /** A group peer already resolved to a key (Terraform plan references); else empty. */
  Optional<String> groupKey = Optional.empty();
  JsonAt groupOwner;
  JsonAt prefixList;
  /** A prefix-list peer already resolved to a key (Terraform plan references); else empty. */
  Optional<String> prefixKey = Optional.empty();
  /** The local side (Dest* for ingress, Source* for egress): set means a quintuple rule. */
  JsonAt localCidr;
  JsonAt localIpv6Cidr;
  JsonAt portRangeList;
  JsonAt description;

  Account.RuleInfo normalise() {
    Account.RuleInfo r = new Account.RuleInfo();
    r.where = where;
    r.ruleId = ruleId;
    String dir = lower(direction).orElseThrow(() -> direction.error("is missing"));
    r.direction = switch (dir) {
      case "ingress" -> Direction.INGRESS;
      case "egress" -> Direction.EGRESS;
      default -> throw direction.error("\"" + dir + "\" is not a direction (ingress or egress)");
    };
    String proto = lower(protocol).orElseThrow(() -> protocol.error("is missing"));
    r.protocol = switch (proto) {
      case "tcp" -> Proto.TCP;
      case "udp" -> Proto.UDP;
      case "icmp" -> Proto.ICMP;
      case "icmpv6" -> Proto.ICMPV6;
      case "gre" -> Proto.GRE;
      case "all" -> Proto.ALL;
      default -> throw protocol.error(
          "\"" + protocol.text().orElse(proto) + "\" is not a known protocol (tcp, udp, icmp, icmpv6, gre or all)");
    };
    r.ports = ports(portRange, r.protocol);
    r.sourcePorts = sourcePortRange == null ? PortRange.ALL : ports(sourcePortRange, r.protocol);
    String pol = lower(policy).orElse("accept");
    r.action = switch (pol) {
      case "accept", "allow" -> Action.ALLOW;
      case "drop", "deny" -> Action.DENY;
      default -> throw policy.error("\"" + pol + "\" is not a policy (accept or drop)");
    };
    int prio = priority.integer().orElse(1);
    if (!(prio >= 1 && prio <= 100) && prio != 110) {
      throw priority.error(prio + " is not a valid priority (1..100, or the legacy 110)");
    }
    r.priority = prio;
    r.description = description == null ? "" : description.text().orElse("");
    String nic = lower(nicType).orElse("intranet");
    Optional<Cidr> v4 = cidr(cidr);
    Optional<Cidr> v6 = cidr(ipv6Cidr);
    Optional<String> grp = groupKey.isPresent() ? groupKey : group.text();
    Optional<String> prefix = prefixKey.isPresent() ? prefixKey
        : prefixList == null ? Optional.empty() : prefixList.text();
    r.cidr = v4.isPresent() ? v4 : v6;
    if (r.cidr.isEmpty()) {
      r.peerGroup = grp;
      r.peerOwner = groupOwner == null ? "" : groupOwner.text().orElse("");
    }
    String side = r.direction == Direction.INGRESS ? "source" : "destination";
    r.summary = summary(r, grp, prefix, nic);
    if (r.cidr.isEmpty() && grp.isEmpty()) {
      if (prefix.isPresent()) {
        r.prefixList = prefix;
      } else {
        throw where.error("rule has no " + side + " (no CIDR, group or prefix list)");
      }
    }
    Optional<String> local = localCidr == null ? Optional.empty() : localCidr.text();
    if (local.isEmpty() && localIpv6Cidr != null) {
      local = localIpv6Cidr.text();
    }
    if (local.isPresent() && r.unsupported.isEmpty()) {
      r.unsupported = "it restricts the local address to " + local.get()
          + " (a quintuple rule), which sgproof cannot model";
    }
    if (portRangeList != null && portRangeList.isPresent() && r.unsupported.isEmpty()) {
      r.unsupported = "its ports are port list " + portRangeList.text().orElse("")
          + ", which sgproof cannot model";
    }
    if (nic.equals("internet") && r.unsupported.isEmpty()) {
      r.unsupported = "its NicType is internet (a public NIC of the classic network), which"
          + " sgproof cannot model";
    } else if (!nic.equals("internet") && !nic.equals("intranet")) {
      throw nicType.error("\"" + nic + "\" is not a NIC type (intranet or internet)");
    }
    return r;
  }

  private static String summary(
      Account.RuleInfo r, Optional<String> grp, Optional<String> prefix, String nic) {
    StringBuilder b = new StringBuilder();
    b.append(r.direction.keyword()).append(' ').append(r.action.keyword()).append(' ')
        .append(r.protocol.keyword());
    if (!r.ports.isAll()) {
      b.append(' ').append(r.ports);
    }
    b.append(r.direction == Direction.INGRESS ? " from " : " to ");
    if (r.cidr.isPresent()) {
      b.append(r.cidr.get());
    } else if (grp.isPresent()) {
      b.append("group ").append(grp.get());
    } else if (prefix.isPresent()) {
      b.append("prefix-list ").append(prefix.get());
    }
    if (!r.sourcePorts.isAll()) {
      b.append(" sport ").append(r.sourcePorts);
    }
    if (r.priority != 1) {
      b.append(" priority ").append(r.priority);
    }
    if (nic.equals("internet")) {
      b.append(" nic-type internet");
    }
    return b.toString();
  }

  static Optional<String> lower(JsonAt j) {
    return j == null ? Optional.empty() : j.text().map(s -> s.toLowerCase(Locale.ROOT));
  }

  /** A CIDR or a bare address (/32 or /128); empty when absent. Host bits set are an error. */
  static Optional<Cidr> cidr(JsonAt j) {
    if (j == null) {
      return Optional.empty();
    }
    Optional<String> t = j.text();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Optional<Cidr> c = Cidr.parse(t.get(), false);
    if (c.isEmpty()) {
      if (Cidr.parse(t.get(), true).isPresent()) {
        throw j.error("\"" + t.get() + "\" is not a valid CIDR block (host bits are set)");
      }
      throw j.error("\"" + t.get() + "\" is not a valid CIDR block or address");
    }
    return c;
  }

  /** {@code N/M}; {@code -1/-1} or absent means any; only tcp and udp may name ports. */
  static PortRange ports(JsonAt j, Proto protocol) {
    Optional<String> t = j == null ? Optional.empty() : j.text();
    if (t.isEmpty() || t.get().equals("-1/-1")) {
      return PortRange.ALL;
    }
    String s = t.get();
    String[] parts = s.split("/", -1);
    if (parts.length != 2 || !parts[0].matches("[0-9]{1,5}") || !parts[1].matches("[0-9]{1,5}")) {
      throw j.error("\"" + s + "\" is not a valid range (N/M or -1/-1)");
    }
    int lo = Integer.parseInt(parts[0]);
    int hi = Integer.parseInt(parts[1]);
    if (lo < PortRange.MIN || hi > PortRange.MAX || lo > hi) {
      throw j.error("\"" + s + "\" is not a valid range");
    }
    PortRange r = new PortRange(lo, hi);
    if (!protocol.hasPorts()) {
      if (r.isAll()) {
        return r;
      }
      throw j.error("\"" + s + "\" is not a valid range for " + protocol.keyword()
          + " (only -1/-1)");
    }
    return r;
  }
}

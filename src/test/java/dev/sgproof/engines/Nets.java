package dev.sgproof.engines;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Instance;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.model.Traffic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Terse builders of model records for the SMT tests. */
final class Nets {
  private static int line = 1;

  private Nets() {}

  static SourceSpan span() {
    return new SourceSpan("t.sg", line++, 1, 1);
  }

  static Peer peer(String text) {
    if (text.startsWith("group ")) {
      return new Peer.GroupPeer(text.substring(6));
    }
    return new Peer.CidrPeer(cidr(text));
  }

  static Cidr cidr(String text) {
    return text.contains("/") ? Cidr.of(text) : Cidr.host(IpAddress.of(text));
  }

  static PortRange ports(String text) {
    if (text == null || text.isEmpty()) {
      return PortRange.ALL;
    }
    int dash = text.indexOf('-');
    return dash < 0
        ? PortRange.single(Integer.parseInt(text))
        : new PortRange(
            Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
  }

  /** {@code rule("G", INGRESS, ALLOW, "tcp", "22", "10.0.0.0/8", 1)}; ports may be "". */
  static Rule rule(String group, Direction d, Action a, String proto, String dports, String peer,
      int priority) {
    return rule(group, d, a, proto, dports, "", peer, priority);
  }

  static Rule rule(String group, Direction d, Action a, String proto, String dports, String sports,
      String peer, int priority) {
    return new Rule(group, d, a, Proto.fromKeyword(proto), ports(dports), ports(sports),
        peer(peer), priority, false, span());
  }

  static Rule in(String group, Action a, String proto, String dports, String peer, int priority) {
    return rule(group, Direction.INGRESS, a, proto, dports, peer, priority);
  }

  static Rule out(String group, Action a, String proto, String dports, String peer, int priority) {
    return rule(group, Direction.EGRESS, a, proto, dports, peer, priority);
  }

  static Group basic(String name, Rule... rules) {
    return new Group(name, GroupType.BASIC, Policy.INTERCONNECTED, false, List.of(rules), span());
  }

  static Group isolated(String name, Rule... rules) {
    return new Group(name, GroupType.BASIC, Policy.ISOLATED, false, List.of(rules), span());
  }

  static Group advanced(String name, Rule... rules) {
    return new Group(name, GroupType.ADVANCED, Policy.ISOLATED, false, List.of(rules), span());
  }

  /** A basic group carrying the legacy default group's priority-110 rules after its own. */
  static Group legacy(String name, Policy policy, Rule... rules) {
    SourceSpan s = span();
    List<Rule> all = new ArrayList<>(Arrays.asList(rules));
    for (String[] r : new String[][] {{"icmp", ""}, {"tcp", "22"}, {"tcp", "3389"}}) {
      all.add(new Rule(name, Direction.INGRESS, Action.ALLOW, Proto.fromKeyword(r[0]),
          ports(r[1]), PortRange.ALL, new Peer.CidrPeer(Cidr.ANY_V4), Rule.LEGACY_PRIORITY, true,
          s));
    }
    for (Cidr any : List.of(Cidr.ANY_V4, Cidr.ANY_V6)) {
      all.add(new Rule(name, Direction.EGRESS, Action.ALLOW, Proto.ALL, PortRange.ALL,
          PortRange.ALL, new Peer.CidrPeer(any), Rule.LEGACY_PRIORITY, true, s));
    }
    return new Group(name, GroupType.BASIC, policy, true, all, s);
  }

  /** A one-NIC instance: {@code inst("A", "10.0.0.1,2001:db8::1", "G1", "G2")}. */
  static Instance inst(String name, String addresses, String... groups) {
    return new Instance(name, List.of(nic(name, "", addresses, groups)), true, span());
  }

  static Nic nic(String instance, String nicName, String addresses, String... groups) {
    List<IpAddress> addrs = new ArrayList<>();
    for (String a : addresses.split(",")) {
      addrs.add(IpAddress.of(a.trim()));
    }
    String id = nicName.isEmpty() ? instance : instance + "." + nicName;
    return new Nic(id, instance, nicName, addrs, List.of(groups), span());
  }

  static Instance multi(String name, Nic... nics) {
    return new Instance(name, List.of(nics), false, span());
  }

  static Network net(List<Group> groups, Instance... instances) {
    return new Network(groups, List.of(instances));
  }

  /** "internet", "external", "group G", an address or CIDR, "I.nic" or an instance name. */
  static Endpoint ep(String text) {
    if (text.equals("internet")) {
      return new Endpoint.InternetEndpoint();
    }
    if (text.equals("external")) {
      return new Endpoint.ExternalEndpoint();
    }
    if (text.startsWith("group ")) {
      return new Endpoint.GroupEndpoint(text.substring(6));
    }
    if (IpAddress.parse(text.split("/")[0]).isPresent()) {
      return new Endpoint.CidrEndpoint(cidr(text));
    }
    if (text.contains(".")) {
      return new Endpoint.NicEndpoint(text);
    }
    return new Endpoint.InstanceEndpoint(text);
  }

  /** "all", "tcp", "tcp 22", "tcp 80,443,8000-8080". */
  /** {@code tcp 80,443}, {@code udp}, {@code all}, or a union {@code tcp 80 + icmp}. */
  static Traffic traffic(String text) {
    List<Traffic.Item> items = new ArrayList<>();
    for (String item : text.split("\\+")) {
      String[] parts = item.trim().split(" ");
      Proto p = Proto.fromKeyword(parts[0]);
      List<PortRange> ports = new ArrayList<>();
      if (parts.length > 1) {
        for (String r : parts[1].split(",")) {
          ports.add(ports(r));
        }
      }
      items.add(new Traffic.Item(p, ports));
    }
    return new Traffic(items);
  }

  static Assertion assertion(String left, AssertionKind kind, String right, String traffic) {
    String text = left + (kind.bidirectional() ? " <-> " : " -> ") + right + " " + kind.keyword()
        + " " + traffic;
    return new Assertion("", kind, ep(left), ep(right), traffic(traffic), text, span());
  }

  static Spec spec(Network n, Assertion... assertions) {
    return new Spec("t.sg", n, List.of(assertions));
  }
}

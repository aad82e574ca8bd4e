package dev.sgproof.testing;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
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
import dev.sgproof.semantics.Evaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Network} in code so tests read like specs:
 *
 * <pre>
 * Network n = new NetworkBuilder()
 *     .group("Web", BASIC, INTERCONNECTED)
 *       .rule("ingress allow tcp 80,443 from 0.0.0.0/0")
 *       .rule("ingress deny all from any priority 100")
 *     .group("Vault", ADVANCED, ISOLATED).legacyDefault()
 *     .instance("ECS1", "10.0.0.1, 2001:db8::1", "Web")
 *     .instance("ECS2", nic("eth0", "10.0.0.2", "Web"), nic("eth1", "10.0.1.2", "Vault"))
 *     .build();
 * </pre>
 *
 * Every declaration takes the next line of the virtual file {@value #FILE}, so each rule has a
 * distinct line that traces can be asserted against ({@link #lineOf} tells which). A rule text
 * follows the spec language: {@code DIRECTION ACTION PROTO [PORTS] (from|to) PEER [sport PORTS]
 * [priority N]}; port lists and {@code any} expand to several rules with the same line.
 */
public final class NetworkBuilder {
  public static final String FILE = "test.sg";

  private final Map<String, GroupDraft> groups = new LinkedHashMap<>();
  private final List<Instance> instances = new ArrayList<>();
  private final List<Rule> ruleLog = new ArrayList<>();
  private GroupDraft current;
  private int line = 0;

  /** One NIC of a multi-NIC instance: name, comma-separated addresses, groups. */
  public record NicSpec(String name, String addresses, List<String> groups) {}

  public static NicSpec nic(String name, String addresses, String... groups) {
    return new NicSpec(name, addresses, List.of(groups));
  }

  private static final class GroupDraft {
    final String name;
    final GroupType type;
    final Policy policy;
    final SourceSpan span;
    boolean legacy;
    final List<Rule> rules = new ArrayList<>();

    GroupDraft(String name, GroupType type, Policy policy, SourceSpan span) {
      this.name = name;
      this.type = type;
      this.policy = policy;
      this.span = span;
    }
  }

  private SourceSpan nextSpan() {
    return new SourceSpan(FILE, ++line, 1, 1);
  }

  /** A basic interconnected group. */
  public NetworkBuilder group(String name) {
    return group(name, GroupType.BASIC, Policy.INTERCONNECTED);
  }

  /** Declares a group; the following {@link #rule} calls add to it. */
  public NetworkBuilder group(String name, GroupType type, Policy policy) {
    if (groups.containsKey(name)) {
      throw new IllegalArgumentException("duplicate group " + name);
    }
    current = new GroupDraft(name, type, policy, nextSpan());
    groups.put(name, current);
    return this;
  }

  /** Gives the current group the four legacy default rules (priority 110) and the flag. */
  public NetworkBuilder legacyDefault() {
    requireGroup();
    current.legacy = true;
    for (Rule r : dev.sgproof.model.LegacyDefaults.rules(current.name, current.span)) {
      current.rules.add(r);
      ruleLog.add(r);
    }
    return this;
  }

  /** Adds one rule, written in the spec language, to the current group on a line of its own. */
  public NetworkBuilder rule(String text) {
    requireGroup();
    List<Rule> parsed = parseRule(current.name, text, nextSpan());
    current.rules.addAll(parsed);
    ruleLog.addAll(parsed);
    return this;
  }

  /** Adds a ready-made rule to the current group (its group name is replaced by the current). */
  public NetworkBuilder rule(Rule r) {
    requireGroup();
    Rule own =
        new Rule(
            current.name,
            r.direction(),
            r.action(),
            r.protocol(),
            r.dstPorts(),
            r.srcPorts(),
            r.peer(),
            r.priority(),
            r.legacy(),
            r.span());
    current.rules.add(own);
    ruleLog.add(own);
    return this;
  }

  /** A one-NIC instance (NIC id = instance name) with comma-separated addresses. */
  public NetworkBuilder instance(String name, String addresses, String... groupNames) {
    SourceSpan span = nextSpan();
    Nic n = new Nic(name, name, "", addresses(addresses), List.of(groupNames), span);
    instances.add(new Instance(name, List.of(n), true, span));
    return this;
  }

  /** A multi-NIC instance; NIC ids are {@code INSTANCE.NIC}. */
  public NetworkBuilder instance(String name, NicSpec... nics) {
    SourceSpan span = nextSpan();
    List<Nic> out = new ArrayList<>();
    for (NicSpec s : nics) {
      out.add(
          new Nic(name + "." + s.name(), name, s.name(), addresses(s.addresses()), s.groups(),
              nextSpan()));
    }
    instances.add(new Instance(name, out, false, span));
    return this;
  }

  public Network build() {
    List<Group> out = new ArrayList<>();
    for (GroupDraft d : groups.values()) {
      out.add(new Group(d.name, d.type, d.policy, d.legacy, d.rules, d.span));
    }
    return new Network(out, instances);
  }

  public Evaluator evaluator() {
    return new Evaluator(build());
  }

  /** The line of the first rule whose text (as {@link Rule#text()}) equals {@code text}. */
  public int lineOf(String ruleText) {
    return ruleLog.stream()
        .filter(r -> r.text().equals(ruleText))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rule " + ruleText))
        .line();
  }

  /** The line of a group declaration. */
  public int lineOfGroup(String name) {
    return groups.get(name).span.line();
  }

  private void requireGroup() {
    if (current == null) {
      throw new IllegalStateException("rule before any group");
    }
  }

  private static List<IpAddress> addresses(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).map(IpAddress::of).toList();
  }

  /** Parses one rule of the spec language (test helper, not the real parser). */
  public static List<Rule> parseRule(String group, String text, SourceSpan span) {
    String[] t = text.trim().split("\\s+");
    int i = 0;
    Direction d = Direction.valueOf(t[i++].toUpperCase());
    Action a =
        switch (t[i++]) {
          case "allow", "accept" -> Action.ALLOW;
          case "deny", "drop" -> Action.DENY;
          default -> throw new IllegalArgumentException("action in " + text);
        };
    Proto p = Proto.fromKeyword(t[i++]);
    List<PortRange> dst = List.of(PortRange.ALL);
    if (!t[i].equals("from") && !t[i].equals("to")) {
      dst = ports(t[i++]);
    }
    String kw = t[i++];
    if (!kw.equals(d == Direction.INGRESS ? "from" : "to")) {
      throw new IllegalArgumentException("from/to in " + text);
    }
    List<Peer> peers;
    if (t[i].equals("group")) {
      peers = List.of(new Peer.GroupPeer(t[i + 1]));
      i += 2;
    } else if (t[i].equals("any")) {
      peers = List.of(new Peer.CidrPeer(Cidr.ANY_V4), new Peer.CidrPeer(Cidr.ANY_V6));
      i++;
    } else {
      String c = t[i++];
      peers =
          List.of(
              new Peer.CidrPeer(
                  c.contains("/") ? Cidr.of(c) : Cidr.host(IpAddress.of(c))));
    }
    List<PortRange> src = List.of(PortRange.ALL);
    int priority = Rule.MIN_PRIORITY;
    while (i < t.length) {
      switch (t[i++]) {
        case "sport" -> src = ports(t[i++]);
        case "priority" -> priority = Integer.parseInt(t[i++]);
        default -> throw new IllegalArgumentException("trailing words in " + text);
      }
    }
    List<Rule> out = new ArrayList<>();
    for (PortRange dr : dst) {
      for (PortRange sr : src) {
        for (Peer peer : peers) {
          out.add(new Rule(group, d, a, p, dr, sr, peer, priority, false, span));
        }
      }
    }
    return out;
  }

  private static List<PortRange> ports(String text) {
    List<PortRange> out = new ArrayList<>();
    for (String part : text.split(",")) {
      int dash = part.indexOf('-');
      out.add(
          dash < 0
              ? PortRange.single(Integer.parseInt(part))
              : new PortRange(
                  Integer.parseInt(part.substring(0, dash)),
                  Integer.parseInt(part.substring(dash + 1))));
    }
    return out;
  }
}

package dev.sgproof.imports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.gen.Gen;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Generates small cloud accounts (security groups with rules, prefix lists, network interfaces,
 * instances) and writes them as the API responses and as {@code terraform show -json} state, for
 * the importer's property tests. {@link #hostile} rewrites every free-text field (IDs, names,
 * descriptions, Terraform resource names and addresses, owner accounts) with newlines, carriage
 * returns, U+2028/2029, NUL, comment starts, quotes, backslashes, braces and spec keywords, the
 * same way wherever a value recurs, so the hostile account means exactly what the clean one does.
 */
final class CloudGen {
  private CloudGen() {}

  record PrefixList(String id, String name, boolean v6, List<String> entries) {}

  /**
   * One rule; {@code peerKind} is cidr, group or list. {@code local} (a quintuple rule), {@code
   * portList} and an owner of a group not in the input make the rule unmodellable.
   */
  record RuleSpec(String id, boolean ingress, String protocol, String ports, String sourcePorts,
      boolean allow, int priority, String peerKind, String peer, String owner, String local,
      String portList, String description) {}

  record GroupSpec(String id, String name, boolean enterprise, boolean drop, String description,
      List<RuleSpec> rules) {}

  /** The first ENI of an instance is its primary one. */
  record EniSpec(String id, String instance, boolean primary, List<String> addresses,
      List<String> groups) {}

  record InstanceSpec(String id, String name) {}

  record Cloud(List<GroupSpec> groups, List<PrefixList> lists, List<EniSpec> enis,
      List<InstanceSpec> instances, String owner) {}

  private static final List<String> NAMES = List.of("web", "db", "app tier", "group", "allow",
      "x-", "9lives", "caf\u00e9", "web", "bastion", "a.b", "");
  private static final List<String> V4 = List.of("0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24",
      "10.0.1.5", "192.0.2.0/24", "203.0.113.7/32", "10.0.2.0/25");
  private static final List<String> V6 = List.of("::/0", "2001:db8::/32", "2408:4000::/64",
      "2408:4000::3");
  private static final List<String> PORTS = List.of("22/22", "80/443", "1/65535", "1000/2000",
      "53/53");

  /**
   * An account. With {@code unmodelled}, some rules are quintuple rules, use port lists, or name
   * groups of another account, and some prefix lists are only named; with {@code terraform}, only
   * what Terraform can say (no source ports, no quintuple rules, no port lists).
   */
  static Cloud generate(Gen g, boolean unmodelled, boolean terraform) {
    List<PrefixList> lists = new ArrayList<>();
    int nLists = g.intBetween(0, 3);
    for (int i = 0; i < nLists; i++) {
      boolean v6 = g.chance(0.3);
      List<String> pool = v6 ? V6 : V4;
      Set<String> entries = new java.util.TreeSet<>();
      int n = g.intBetween(0, 3);
      for (int k = 0; k < n; k++) {
        entries.add(g.pick(pool));
      }
      lists.add(new PrefixList("pl-" + i, g.pick(NAMES), v6, normalised(entries)));
    }
    int nGroups = g.intBetween(1, 4);
    List<Boolean> enterprise = new ArrayList<>();
    for (int i = 0; i < nGroups; i++) {
      enterprise.add(g.chance(0.2));
    }
    List<GroupSpec> groups = new ArrayList<>();
    int ruleNo = 0;
    for (int i = 0; i < nGroups; i++) {
      List<RuleSpec> rules = new ArrayList<>();
      int nRules = g.intBetween(0, 5);
      for (int k = 0; k < nRules; k++) {
        rules.add(rule(g, "sgr-" + ruleNo++, i, enterprise, lists, unmodelled, terraform));
      }
      groups.add(new GroupSpec("sg-" + i, g.pick(NAMES), enterprise.get(i), g.chance(0.5),
          g.chance(0.5) ? "" : "tier " + i, rules));
    }
    int nInstances = g.intBetween(1, 3);
    List<InstanceSpec> instances = new ArrayList<>();
    for (int i = 0; i < nInstances; i++) {
      instances.add(new InstanceSpec("i-" + i, g.pick(NAMES)));
    }
    List<EniSpec> enis = new ArrayList<>();
    int addressNo = 1;
    int nEnis = g.intBetween(1, 4);
    for (int i = 0; i < nEnis; i++) {
      String instance = i < nInstances ? "i-" + i : "i-" + g.nextInt(nInstances);
      boolean primary = enis.stream().noneMatch(e -> e.instance().equals(instance));
      boolean advanced = g.chance(0.3);
      List<String> pool = new ArrayList<>();
      for (int k = 0; k < nGroups; k++) {
        if (enterprise.get(k) == advanced) {
          pool.add("sg-" + k);
        }
      }
      if (pool.isEmpty()) {
        for (int k = 0; k < nGroups; k++) {
          if (enterprise.get(k) == enterprise.get(0)) {
            pool.add("sg-" + k);
          }
        }
      }
      Set<String> in = new java.util.LinkedHashSet<>();
      int nIn = g.intBetween(1, Math.min(2, pool.size()));
      while (in.size() < nIn) {
        in.add(g.pick(pool));
      }
      List<String> addresses = new ArrayList<>();
      addresses.add(i % 2 == 0 ? "10.0.1." + addressNo : "10.0.2." + addressNo);
      addressNo++;
      if (g.chance(0.3)) {
        addresses.add("10.0.1." + addressNo++);
      }
      if (g.chance(0.3)) {
        addresses.add("2408:4000::" + Integer.toHexString(addressNo++));
      }
      enis.add(new EniSpec("eni-" + i, instance, primary, addresses, new ArrayList<>(in)));
    }
    // An instance without an ENI gets none: it imports as nothing, in both forms alike.
    return new Cloud(groups, lists, enis, instances, "1234567890123456");
  }

  private static List<String> normalised(Set<String> entries) {
    return new ArrayList<>(entries);
  }

  private static RuleSpec rule(Gen g, String id, int group, List<Boolean> enterprise,
      List<PrefixList> lists, boolean unmodelled, boolean terraform) {
    boolean ingress = g.chance(0.6);
    String protocol = g.pick(List.of("tcp", "tcp", "udp", "icmp", "all", "gre"));
    boolean ports = protocol.equals("tcp") || protocol.equals("udp");
    String range = ports ? g.pick(PORTS) : "-1/-1";
    String sport = ports && !terraform && g.chance(0.15) ? g.pick(PORTS) : "";
    int priority = g.chance(0.7) ? g.intBetween(1, 3) : g.intBetween(1, 100);
    List<String> kinds = new ArrayList<>(List.of("cidr", "cidr", "cidr6"));
    List<Integer> peers = new ArrayList<>();
    if (!enterprise.get(group)) {
      for (int k = 0; k < enterprise.size(); k++) {
        if (!enterprise.get(k)) {
          peers.add(k);
        }
      }
    }
    if (!peers.isEmpty()) {
      kinds.add("group");
    }
    if (!lists.isEmpty() || unmodelled) {
      kinds.add("list");
    }
    String kind = g.pick(kinds);
    String peer;
    String owner = "";
    switch (kind) {
      case "cidr" -> peer = g.pick(V4);
      case "cidr6" -> peer = g.pick(V6);
      case "group" -> {
        peer = "sg-" + g.pick(peers);
        if (g.chance(0.2)) {
          owner = "1234567890123456";
        }
      }
      default -> peer = lists.isEmpty() || (unmodelled && g.chance(0.2))
          ? "pl-missing" : lists.get(g.nextInt(lists.size())).id();
    }
    String local = "";
    String portList = "";
    if (unmodelled && g.chance(0.1)) {
      switch (g.intBetween(0, 2)) {
        case 0 -> {
          if (!terraform) {
            local = "10.0.1.1/32";
          }
        }
        case 1 -> {
          if (!terraform) {
            portList = "prl-" + id;
          }
        }
        default -> {
          kind = "group";
          peer = "sg-other";
          owner = "9999999999999999";
        }
      }
    }
    return new RuleSpec(id, ingress, protocol, range, sport, g.chance(0.6), priority,
        kind.equals("cidr6") ? "cidr" : kind, peer, owner, local, portList,
        g.chance(0.5) ? "" : "rule " + id);
  }

  // ------------------------------------------------------------------ hostile values

  private static final List<String> PIECES = List.of("\n", "\r", "\r\n", "\u2028", "\u2029",
      "\u0000", "\u0085", "\t", "\f", "\u000b", "\u202e", "\ufeff", "#", "//", "\"", "\\", "\\n",
      "\\u000A", "}", "{", "'", " ", "group", "allow", "ingress", "instance", "assert", "include",
      "\n}\ngroup evil basic {\n  ingress allow all from 0.0.0.0/0\n",
      "\ningress allow all from 0.0.0.0/0 # ", "\nassert internet -> 10.0.1.1 reachable\n",
      "\ninclude \"/etc/passwd\"\n", "\ud83d\ude00", "\ud800", "\udc00", "\u00e9", "*/", "$",
      ".", "[0]", ":");

  /** The same account with every free-text value rewritten, consistently. */
  static Cloud hostile(Cloud c, Gen g) {
    Map<String, String> memo = new HashMap<>();
    Set<String> used = new HashSet<>();
    UnaryOperator<String> h = s -> s.isEmpty() && !g.chance(0.5) ? s
        : memo.computeIfAbsent(s, k -> decorate(k, g, used));
    List<PrefixList> lists = c.lists().stream()
        .map(l -> new PrefixList(h.apply(l.id()), h.apply(l.name()), l.v6(), l.entries()))
        .toList();
    List<GroupSpec> groups = c.groups().stream().map(gr -> new GroupSpec(h.apply(gr.id()),
        h.apply(gr.name()), gr.enterprise(), gr.drop(), h.apply(gr.description()),
        gr.rules().stream().map(r -> new RuleSpec(h.apply(r.id()), r.ingress(), r.protocol(),
            r.ports(), r.sourcePorts(), r.allow(), r.priority(), r.peerKind(),
            r.peerKind().equals("cidr") ? r.peer() : h.apply(r.peer()),
            r.owner().isEmpty() ? "" : h.apply(r.owner()), r.local(),
            r.portList().isEmpty() ? "" : h.apply(r.portList()), h.apply(r.description())))
            .toList())).toList();
    List<EniSpec> enis = c.enis().stream().map(e -> new EniSpec(h.apply(e.id()),
        h.apply(e.instance()), e.primary(), e.addresses(),
        e.groups().stream().map(h).toList())).toList();
    List<InstanceSpec> instances = c.instances().stream()
        .map(i -> new InstanceSpec(h.apply(i.id()), h.apply(i.name()))).toList();
    return new Cloud(groups, lists, enis, instances, h.apply(c.owner()));
  }

  /** {@code s} with pieces before, inside and after it; unique and non-blank when trimmed. */
  private static String decorate(String s, Gen g, Set<String> used) {
    for (int attempt = 0; ; attempt++) {
      StringBuilder b = new StringBuilder();
      int cut = s.isEmpty() ? 0 : g.intBetween(0, s.length());
      for (int k = g.intBetween(0, 2); k > 0; k--) {
        b.append(g.pick(PIECES));
      }
      b.append(s, 0, cut);
      for (int k = g.intBetween(1, 3); k > 0; k--) {
        b.append(g.pick(PIECES));
      }
      b.append(s.substring(cut));
      for (int k = g.intBetween(0, 2); k > 0; k--) {
        b.append(g.pick(PIECES));
      }
      if (attempt > 20) {
        b.append("#").append(used.size());
      }
      String t = b.toString();
      String trimmed = t.trim();
      if (!t.isBlank() && !trimmed.isEmpty() && used.add(trimmed)) {
        return t;
      }
    }
  }

  // ------------------------------------------------------------------ API responses

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);

  static String json(ObjectNode n) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The API responses, by file name: DescribeSecurityGroups, one DescribeSecurityGroupAttribute
   * per group, DescribeNetworkInterfaces, DescribeInstances, one DescribePrefixListAttributes per
   * list (except those in {@code withoutLists}).
   */
  static Map<String, String> api(Cloud c, Set<Integer> withoutLists) {
    Map<String, String> files = new LinkedHashMap<>();
    ObjectNode groups = F.objectNode();
    groups.put("RequestId", "r-1");
    ArrayNode gs = groups.putObject("SecurityGroups").putArray("SecurityGroup");
    for (GroupSpec g : c.groups()) {
      ObjectNode o = gs.addObject();
      o.put("SecurityGroupId", g.id());
      o.put("SecurityGroupName", g.name());
      o.put("SecurityGroupType", g.enterprise() ? "enterprise" : "normal");
      o.put("Description", g.description());
    }
    files.put("groups.json", json(groups));
    for (int i = 0; i < c.groups().size(); i++) {
      GroupSpec g = c.groups().get(i);
      ObjectNode a = F.objectNode();
      a.put("SecurityGroupId", g.id());
      a.put("SecurityGroupName", g.name());
      a.put("Description", g.description());
      a.put("InnerAccessPolicy", g.drop() ? "Drop" : "Accept");
      ArrayNode ps = a.putObject("Permissions").putArray("Permission");
      for (RuleSpec r : g.rules()) {
        ObjectNode p = ps.addObject();
        String remote = r.ingress() ? "Source" : "Dest";
        String local = r.ingress() ? "Dest" : "Source";
        p.put("SecurityGroupRuleId", r.id());
        p.put("Direction", r.ingress() ? "ingress" : "egress");
        p.put("IpProtocol", r.protocol().toUpperCase(java.util.Locale.ROOT));
        p.put("PortRange", r.ports());
        p.put("SourcePortRange", r.sourcePorts());
        p.put("Policy", r.allow() ? "Accept" : "Drop");
        p.put("Priority", r.priority());
        p.put("NicType", "intranet");
        p.put("Description", r.description());
        switch (r.peerKind()) {
          case "cidr" -> p.put((r.peer().contains(":") ? "Ipv6" + remote : remote) + "CidrIp",
              r.peer());
          case "group" -> {
            p.put(remote + "GroupId", r.peer());
            p.put(remote + "GroupOwnerAccount", r.owner());
          }
          default -> p.put(remote + "PrefixListId", r.peer());
        }
        p.put(local + "CidrIp", r.local());
        p.put("PortRangeListId", r.portList());
      }
      files.put("attribute_" + i + ".json", json(a));
    }
    ObjectNode enis = F.objectNode();
    ArrayNode es = enis.putObject("NetworkInterfaceSets").putArray("NetworkInterfaceSet");
    for (EniSpec e : c.enis()) {
      ObjectNode o = es.addObject();
      o.put("NetworkInterfaceId", e.id());
      o.put("Type", e.primary() ? "Primary" : "Secondary");
      o.put("InstanceId", e.instance());
      ArrayNode v4 = o.putObject("PrivateIpSets").putArray("PrivateIpSet");
      ArrayNode v6 = o.putObject("Ipv6Sets").putArray("Ipv6Set");
      boolean first = true;
      for (String a : e.addresses()) {
        if (a.contains(":")) {
          v6.addObject().put("Ipv6Address", a);
        } else {
          v4.addObject().put("PrivateIpAddress", a).put("Primary", first);
          first = false;
        }
      }
      ArrayNode sg = o.putObject("SecurityGroupIds").putArray("SecurityGroupId");
      e.groups().forEach(sg::add);
    }
    files.put("interfaces.json", json(enis));
    ObjectNode inst = F.objectNode();
    ArrayNode is = inst.putObject("Instances").putArray("Instance");
    for (InstanceSpec i : c.instances()) {
      List<EniSpec> mine = c.enis().stream().filter(e -> e.instance().equals(i.id())).toList();
      if (mine.isEmpty()) {
        continue;
      }
      ObjectNode o = is.addObject();
      o.put("InstanceId", i.id());
      o.put("InstanceName", i.name());
      ArrayNode sg = o.putObject("SecurityGroupIds").putArray("SecurityGroupId");
      mine.get(0).groups().forEach(sg::add);
      ArrayNode nics = o.putObject("NetworkInterfaces").putArray("NetworkInterface");
      for (EniSpec e : mine) {
        nics.addObject().put("NetworkInterfaceId", e.id())
            .put("Type", e.primary() ? "Primary" : "Secondary");
      }
    }
    files.put("instances.json", json(inst));
    for (int i = 0; i < c.lists().size(); i++) {
      if (withoutLists.contains(i)) {
        continue;
      }
      PrefixList l = c.lists().get(i);
      ObjectNode o = F.objectNode();
      o.put("PrefixListId", l.id());
      o.put("PrefixListName", l.name());
      o.put("AddressFamily", l.v6() ? "IPv6" : "IPv4");
      ArrayNode entries = o.putObject("Entries").putArray("Entry");
      l.entries().forEach(cidr -> entries.addObject().put("Cidr", cidr).put("Description", ""));
      files.put("prefix_list_" + i + ".json", json(o));
    }
    return files;
  }

  // ------------------------------------------------------------------ Terraform

  /** {@code terraform show -json} state: resource names (and so addresses) from the IDs. */
  static String terraform(Cloud c, Set<Integer> withoutLists) {
    ObjectNode root = F.objectNode();
    root.put("format_version", "1.0");
    ObjectNode module = root.putObject("values").putObject("root_module");
    ArrayNode rs = module.putArray("resources");
    for (int i = 0; i < c.lists().size(); i++) {
      if (withoutLists.contains(i)) {
        continue;
      }
      PrefixList l = c.lists().get(i);
      ObjectNode v = resource(rs, "alicloud_ecs_prefix_list", l.id());
      v.put("id", l.id());
      v.put("prefix_list_name", l.name());
      v.put("address_family", l.v6() ? "IPv6" : "IPv4");
      ArrayNode entries = v.putArray("entry");
      l.entries().forEach(cidr -> entries.addObject().put("cidr", cidr).put("description", ""));
    }
    for (GroupSpec g : c.groups()) {
      ObjectNode v = resource(rs, "alicloud_security_group", g.id());
      v.put("id", g.id());
      v.put("security_group_name", g.name());
      v.put("security_group_type", g.enterprise() ? "enterprise" : "normal");
      v.put("inner_access_policy", g.drop() ? "Drop" : "Accept");
      v.put("description", g.description());
      for (RuleSpec r : g.rules()) {
        ObjectNode rv = resource(rs, "alicloud_security_group_rule", r.id());
        rv.put("security_group_rule_id", r.id());
        rv.put("security_group_id", g.id());
        rv.put("type", r.ingress() ? "ingress" : "egress");
        rv.put("ip_protocol", r.protocol());
        rv.put("port_range", r.ports());
        rv.put("policy", r.allow() ? "accept" : "drop");
        rv.put("priority", r.priority());
        rv.put("nic_type", "intranet");
        rv.put("description", r.description());
        rv.put("cidr_ip", "");
        rv.put("ipv6_cidr_ip", "");
        rv.put("source_security_group_id", "");
        rv.put("prefix_list_id", "");
        switch (r.peerKind()) {
          case "cidr" -> rv.put(r.peer().contains(":") ? "ipv6_cidr_ip" : "cidr_ip", r.peer());
          case "group" -> {
            rv.put("source_security_group_id", r.peer());
            rv.put("source_group_owner_account", r.owner());
          }
          default -> rv.put("prefix_list_id", r.peer());
        }
      }
    }
    for (InstanceSpec i : c.instances()) {
      List<EniSpec> mine = c.enis().stream().filter(e -> e.instance().equals(i.id())).toList();
      if (mine.isEmpty()) {
        continue;
      }
      EniSpec primary = mine.get(0);
      ObjectNode v = resource(rs, "alicloud_instance", i.id());
      v.put("id", i.id());
      v.put("instance_name", i.name());
      List<String> v4 = primary.addresses().stream().filter(a -> !a.contains(":")).toList();
      v.put("private_ip", v4.get(0));
      ArrayNode secondary = v.putArray("secondary_private_ips");
      v4.subList(1, v4.size()).forEach(secondary::add);
      ArrayNode v6 = v.putArray("ipv6_addresses");
      primary.addresses().stream().filter(a -> a.contains(":")).forEach(v6::add);
      ArrayNode sg = v.putArray("security_groups");
      primary.groups().forEach(sg::add);
      for (EniSpec e : mine.subList(1, mine.size())) {
        ObjectNode ev = resource(rs, "alicloud_ecs_network_interface", e.id());
        ev.put("id", e.id());
        List<String> e4 = e.addresses().stream().filter(a -> !a.contains(":")).toList();
        ev.put("primary_ip_address", e4.get(0));
        ArrayNode more = ev.putArray("private_ip_addresses");
        e4.subList(1, e4.size()).forEach(more::add);
        ArrayNode e6 = ev.putArray("ipv6_addresses");
        e.addresses().stream().filter(a -> a.contains(":")).forEach(e6::add);
        ArrayNode esg = ev.putArray("security_group_ids");
        e.groups().forEach(esg::add);
        ObjectNode av = resource(rs, "alicloud_ecs_network_interface_attachment", e.id() + "_at");
        av.put("network_interface_id", e.id());
        av.put("instance_id", i.id());
      }
    }
    return json(root);
  }

  private static ObjectNode resource(ArrayNode rs, String type, String name) {
    ObjectNode r = rs.addObject();
    r.put("address", type + "." + name);
    r.put("mode", "managed");
    r.put("type", type);
    r.put("name", name);
    r.put("provider_name", "registry.terraform.io/aliyun/alicloud");
    return r.putObject("values");
  }
}

package dev.sgproof.imports;

import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Policy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the JSON responses of DescribeSecurityGroupAttribute, DescribeSecurityGroups,
 * DescribeNetworkInterfaces, DescribeInstances (alibaba-inputs.md sections 1-4),
 * DescribePrefixListAttributes and DescribePrefixLists ("Prefix lists"), told apart by content,
 * into an {@link Account}. Pages of one call and repeated objects merge by ID.
 */
public final class AlibabaImporter {
  private final Account account;

  public AlibabaImporter(Account account) {
    this.account = account;
  }

  /** Reads one response; throws {@link ImportException} on malformed input. */
  public void read(String file, String text) {
    JsonAt root = Json.parse(file, text);
    if (!root.isObject()) {
      throw root.error("expected a JSON object (an API response), found " + root.kind());
    }
    if (root.get("Permissions").isPresent()
        || (root.has("SecurityGroupId") && !root.get("SecurityGroups").isPresent())) {
      attribute(root);
    } else if (root.get("SecurityGroups").isPresent()) {
      for (JsonAt g : root.at("SecurityGroups", "SecurityGroup").elements()) {
        securityGroup(g);
      }
    } else if (root.get("NetworkInterfaceSets").isPresent()) {
      for (JsonAt e : root.at("NetworkInterfaceSets", "NetworkInterfaceSet").elements()) {
        networkInterface(e);
      }
    } else if (root.get("Instances").isPresent()) {
      for (JsonAt i : root.at("Instances", "Instance").elements()) {
        instance(i);
      }
    } else if (root.get("PrefixLists").isPresent()) {
      for (JsonAt p : root.at("PrefixLists", "PrefixList").elements()) {
        prefixListName(p);
      }
    } else if (root.has("PrefixListId")) {
      prefixListAttributes(root);
    } else {
      throw root.error("not a known response (expected DescribeSecurityGroupAttribute,"
          + " DescribeSecurityGroups, DescribeNetworkInterfaces, DescribeInstances,"
          + " DescribePrefixListAttributes or DescribePrefixLists)");
    }
  }

  // ------------------------------------------------------------------ prefix lists

  /** DescribePrefixListAttributes: one list with its entries. */
  private void prefixListAttributes(JsonAt root) {
    String id = root.get("PrefixListId").requireText();
    Account.PrefixListInfo pl = account.prefixList(id, root);
    root.get("PrefixListName").text().ifPresent(n -> pl.name = n);
    pl.family(root.get("AddressFamily"));
    JsonAt entries = root.get("Entries");
    List<JsonAt> items;
    if (entries.isAbsent()) {
      // Entries unknown: a rule that names the list stays out (an omission), never matches nothing.
      return;
    } else if (entries.isObject()) {
      items = entries.get("Entry").elements();
    } else {
      items = entries.elements();
    }
    pl.entriesKnown = true;
    for (JsonAt e : items) {
      e.requireObject();
      pl.add(e.get("Cidr"));
    }
  }

  /** DescribePrefixLists: names lists (and their families), not their entries. */
  private void prefixListName(JsonAt p) {
    p.requireObject();
    String id = p.get("PrefixListId").requireText();
    Account.PrefixListInfo pl = account.prefixList(id, p);
    p.get("PrefixListName").text().ifPresent(n -> pl.name = n);
    pl.family(p.get("AddressFamily"));
  }

  // ------------------------------------------------------------------ groups

  private void attribute(JsonAt root) {
    String id = root.get("SecurityGroupId").requireText();
    Account.GroupInfo g = account.group(id, root);
    g.rulesKnown = true;
    root.get("SecurityGroupName").text().ifPresent(n -> g.cloudName = n);
    root.get("Description").text().ifPresent(d -> g.description = d);
    JsonAt policy = root.get("InnerAccessPolicy");
    RuleInput.lower(policy).ifPresent(p -> g.policy = Optional.of(switch (p) {
      case "accept" -> Policy.INTERCONNECTED;
      case "drop" -> Policy.ISOLATED;
      default -> throw policy.error("\"" + p + "\" is not an InnerAccessPolicy (Accept or Drop)");
    }));
    JsonAt perms = root.get("Permissions");
    if (perms.isPresent()) {
      perms.requireObject();
    }
    for (JsonAt p : perms.get("Permission").elements()) {
      p.requireObject();
      Account.RuleInfo r = permission(p);
      g.rules.putIfAbsent(r.key(), r);
    }
  }

  private static Account.RuleInfo permission(JsonAt p) {
    RuleInput in = new RuleInput();
    in.where = p;
    in.ruleId = p.get("SecurityGroupRuleId").text().orElse("");
    in.direction = p.get("Direction");
    String dir = RuleInput.lower(in.direction).orElse("");
    boolean ingress = !dir.equals("egress");
    String remote = ingress ? "Source" : "Dest";
    String local = ingress ? "Dest" : "Source";
    in.protocol = p.get("IpProtocol");
    in.portRange = p.get("PortRange");
    in.sourcePortRange = p.get("SourcePortRange");
    in.policy = p.get("Policy");
    in.priority = p.get("Priority");
    in.nicType = p.get("NicType");
    in.cidr = p.get(remote + "CidrIp");
    in.ipv6Cidr = p.get("Ipv6" + remote + "CidrIp");
    in.group = p.get(remote + "GroupId");
    in.groupOwner = p.get(remote + "GroupOwnerAccount");
    in.prefixList = p.get(remote + "PrefixListId");
    in.localCidr = p.get(local + "CidrIp");
    in.localIpv6Cidr = p.get("Ipv6" + local + "CidrIp");
    in.portRangeList = p.get("PortRangeListId");
    in.description = p.get("Description");
    return in.normalise();
  }

  private void securityGroup(JsonAt s) {
    s.requireObject();
    String id = s.get("SecurityGroupId").requireText();
    Account.GroupInfo g = account.group(id, s);
    s.get("SecurityGroupName").text().ifPresent(n -> g.cloudName = n);
    s.get("Description").text().ifPresent(d -> g.description = d);
    JsonAt type = s.get("SecurityGroupType");
    RuleInput.lower(type).ifPresent(t -> g.type = Optional.of(groupType(type, t)));
  }

  static GroupType groupType(JsonAt where, String t) {
    return switch (t) {
      case "normal" -> GroupType.BASIC;
      case "enterprise" -> GroupType.ADVANCED;
      default -> throw where.error(
          "\"" + t + "\" is not a security group type (normal or enterprise)");
    };
  }

  // ------------------------------------------------------------------ interfaces and instances

  private void networkInterface(JsonAt e) {
    e.requireObject();
    String id = e.get("NetworkInterfaceId").requireText();
    Account.EniInfo eni = account.eni(id, e);
    eni.authoritative = true;
    eni.groupsKnown = true;
    Optional<String> instance = e.get("InstanceId").text();
    if (instance.isEmpty()) {
      instance = e.at("Attachment", "InstanceId").text();
    }
    instance.ifPresent(i -> eni.instanceId = i);
    e.at("Attachment", "DeviceIndex").integer().ifPresent(d -> eni.deviceIndex = Optional.of(d));
    RuleInput.lower(e.get("Type")).ifPresent(t -> eni.primary = Optional.of(t.equals("primary")));
    address(e.get("PrivateIpAddress")).ifPresent(eni.addresses::add);
    addresses(eni, e.at("PrivateIpSets", "PrivateIpSet"), "PrivateIpAddress");
    addresses(eni, e.at("Ipv6Sets", "Ipv6Set"), "Ipv6Address");
    prefixes(eni, e.at("Ipv4PrefixSets", "Ipv4PrefixSet"), "Ipv4Prefix");
    prefixes(eni, e.at("Ipv6PrefixSets", "Ipv6PrefixSet"), "Ipv6Prefix");
    eni.groups.addAll(e.at("SecurityGroupIds", "SecurityGroupId").strings());
  }

  private void instance(JsonAt i) {
    i.requireObject();
    String id = i.get("InstanceId").requireText();
    Account.InstanceInfo inst = account.instance(id, i);
    i.get("InstanceName").text().ifPresent(n -> inst.cloudName = n);
    List<String> groups = i.at("SecurityGroupIds", "SecurityGroupId").strings();
    inst.groups.addAll(groups);
    List<JsonAt> nics = i.at("NetworkInterfaces", "NetworkInterface").elements();
    if (nics.isEmpty()) {
      // Classic network, or a response without the interface list: one NIC.
      Account.EniInfo eni = account.eni(id, i);
      eni.synthetic = true;
      eni.instanceId = id;
      eni.primary = Optional.of(true);
      for (String f : List.of("VpcAttributes.PrivateIpAddress.IpAddress", "InnerIpAddress.IpAddress")) {
        for (JsonAt a : i.at(f.split("\\.")).elements()) {
          address(a).ifPresent(eni.addresses::add);
        }
      }
      eni.groupsKnown = true;
      eni.groups.addAll(groups);
      return;
    }
    for (JsonAt n : nics) {
      n.requireObject();
      String eniId = n.get("NetworkInterfaceId").requireText();
      Account.EniInfo eni = account.eni(eniId, n);
      if (eni.instanceId.isEmpty()) {
        eni.instanceId = id;
      }
      String type = RuleInput.lower(n.get("Type")).orElse("");
      boolean primary = type.equals("primary");
      if (eni.primary.isEmpty() && !type.isEmpty()) {
        eni.primary = Optional.of(primary);
      }
      if (eni.authoritative) {
        continue;
      }
      address(n.get("PrimaryIpAddress")).ifPresent(eni.addresses::add);
      addresses(eni, n.at("PrivateIpSets", "PrivateIpSet"), "PrivateIpAddress");
      addresses(eni, n.at("Ipv6Sets", "Ipv6Set"), "Ipv6Address");
      prefixes(eni, n.at("Ipv4PrefixSets", "Ipv4PrefixSet"), "Ipv4Prefix");
      prefixes(eni, n.at("Ipv6PrefixSets", "Ipv6PrefixSet"), "Ipv6Prefix");
      if (primary) {
        // A13: DescribeInstances gives the groups of the primary ENI only.
        eni.groupsKnown = true;
        eni.groups.addAll(groups);
      }
    }
  }

  /** Addresses of a set, primary ones first. */
  private static void addresses(Account.EniInfo eni, JsonAt set, String field) {
    List<JsonAt> items = set.elements();
    for (boolean primaryPass : new boolean[] {true, false}) {
      for (JsonAt item : items) {
        boolean primary = item.get("Primary").bool().orElse(false);
        if (primary == primaryPass) {
          address(item.get(field)).ifPresent(eni.addresses::add);
        }
      }
    }
  }

  private static void prefixes(Account.EniInfo eni, JsonAt set, String field) {
    for (JsonAt item : set.elements()) {
      JsonAt p = item.get(field);
      RuleInput.cidr(p).ifPresent(c -> eni.prefixes.putIfAbsent(c.toString(), p));
    }
  }

  /** An address in canonical text; empty when absent; an error when malformed. */
  static Optional<String> address(JsonAt j) {
    Optional<String> t = j.text();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Optional<IpAddress> a = IpAddress.parse(t.get().toLowerCase(Locale.ROOT));
    if (a.isEmpty()) {
      throw j.error("\"" + t.get() + "\" is not a valid IP address");
    }
    return Optional.of(a.get().toString());
  }
}

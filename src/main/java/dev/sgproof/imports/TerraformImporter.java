package dev.sgproof.imports;

import dev.sgproof.model.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code terraform show -json} output (alibaba-inputs.md sections 5-6): the state form
 * ({@code values.root_module}) or the plan form ({@code planned_values.root_module}), recursing
 * into {@code child_modules}. In a plan, an attribute that is unknown until apply (omitted from
 * the planned values, marked in {@code after_unknown}) is resolved through {@code
 * configuration...expressions.ATTR.references}. Objects whose ID is unknown are keyed {@code
 * tf:ADDRESS} and named after their resource name. {@code alicloud_ecs_prefix_list} gives prefix
 * lists.
 */
public final class TerraformImporter {
  private final Account account;
  private final Map<String, String> keyByAddress = new HashMap<>();
  private final Map<String, String> fallbacks = new HashMap<>();
  private final Map<String, JsonAt> expressions = new HashMap<>();

  public TerraformImporter(Account account) {
    this.account = account;
  }

  private record Resource(JsonAt node, String address, String type, String name, JsonAt values) {}

  /** Reads the file and returns the spec text; throws {@link ImportException} when malformed. */
  public String read(String file, String text) {
    JsonAt root = Json.parse(file, text);
    if (!root.isObject()) {
      throw root.error("expected a JSON object (terraform show -json output), found " + root.kind());
    }
    JsonAt module;
    if (root.get("values").isPresent()) {
      module = root.at("values", "root_module");
    } else if (root.get("planned_values").isPresent()) {
      module = root.at("planned_values", "root_module");
      configuration(root.at("configuration", "root_module"), "");
    } else {
      throw root.error("not terraform show -json output (no values or planned_values)");
    }
    List<Resource> resources = new ArrayList<>();
    if (module.isPresent()) {
      module.requireObject();
      collect(module, resources);
    }
    for (Resource r : resources) {
      switch (r.type) {
        case "alicloud_security_group" -> group(r);
        case "alicloud_ecs_prefix_list" -> prefixList(r);
        case "alicloud_instance", "alicloud_ecs_network_interface" -> {
          String key = key(r);
          keyByAddress.put(r.address, key);
          keyByAddress.putIfAbsent(stripIndexes(r.address), key);
        }
        default -> { }
      }
    }
    for (Resource r : resources) {
      switch (r.type) {
        case "alicloud_security_group_rule" -> rule(r);
        case "alicloud_instance" -> instance(r);
        case "alicloud_ecs_network_interface" -> networkInterface(r);
        default -> { }
      }
    }
    for (Resource r : resources) {
      if (r.type.equals("alicloud_ecs_network_interface_attachment")) {
        attachment(r);
      }
    }
    return SpecWriter.write(account, fallbacks);
  }

  private void collect(JsonAt module, List<Resource> out) {
    for (JsonAt r : module.get("resources").elements()) {
      r.requireObject();
      if (!r.get("mode").text().orElse("managed").equals("managed")) {
        continue;
      }
      String type = r.get("type").requireText();
      if (!type.startsWith("alicloud_")) {
        continue;
      }
      String address = r.get("address").requireText();
      JsonAt values = r.get("values");
      values.requireObject();
      out.add(new Resource(r, address, type, r.get("name").text().orElse(type), values));
    }
    for (JsonAt child : module.get("child_modules").elements()) {
      collect(child, out);
    }
  }

  private void configuration(JsonAt module, String prefix) {
    for (JsonAt r : module.get("resources").elements()) {
      r.get("address").text().ifPresent(a -> expressions.put(prefix + a, r.get("expressions")));
    }
    JsonAt calls = module.get("module_calls");
    if (calls.isObject()) {
      calls.node().fieldNames().forEachRemaining(name ->
          configuration(calls.at(name, "module"), prefix + "module." + name + "."));
    }
  }

  private String key(Resource r) {
    Optional<String> id = r.values.get("id").text();
    if (id.isPresent()) {
      return id.get();
    }
    String key = "tf:" + r.address;
    fallbacks.put(key, r.name + indexSuffix(r.address));
    return key;
  }

  private static String indexSuffix(String address) {
    int b = address.lastIndexOf('[');
    if (b < 0 || address.indexOf('.', b) >= 0) {
      return "";
    }
    return "_" + address.substring(b + 1, address.length() - 1).replace("\"", "");
  }

  private static String stripIndexes(String address) {
    return address.replaceAll("\\[[^\\]]*\\]", "");
  }

  // ------------------------------------------------------------------ resources

  private void group(Resource r) {
    String key = key(r);
    keyByAddress.put(r.address, key);
    keyByAddress.putIfAbsent(stripIndexes(r.address), key);
    JsonAt v = r.values;
    Account.GroupInfo g = account.group(key, r.node);
    g.rulesKnown = true;
    Optional<String> name = v.get("security_group_name").text();
    g.cloudName = name.or(() -> v.get("name").text()).orElse("");
    v.get("description").text().ifPresent(d -> g.description = d);
    JsonAt type = v.get("security_group_type");
    RuleInput.lower(type).ifPresent(t -> g.type = Optional.of(AlibabaImporter.groupType(type, t)));
    JsonAt policy = v.get("inner_access_policy");
    Optional<String> p = RuleInput.lower(policy);
    if (p.isPresent()) {
      g.policy = Optional.of(switch (p.get()) {
        case "accept" -> Policy.INTERCONNECTED;
        case "drop" -> Policy.ISOLATED;
        default -> throw policy.error(
            "\"" + p.get() + "\" is not an inner_access_policy (Accept or Drop)");
      });
    } else {
      v.get("inner_access").bool().ifPresent(b ->
          g.policy = Optional.of(b ? Policy.INTERCONNECTED : Policy.ISOLATED));
    }
  }

  /** {@code alicloud_ecs_prefix_list}: {@code entry[]{cidr}}; entries unknown in a plan stay unknown. */
  private void prefixList(Resource r) {
    String key = key(r);
    keyByAddress.put(r.address, key);
    keyByAddress.putIfAbsent(stripIndexes(r.address), key);
    JsonAt v = r.values;
    Account.PrefixListInfo pl = account.prefixList(key, r.node);
    v.get("prefix_list_name").text().ifPresent(n -> pl.name = n);
    pl.family(v.get("address_family"));
    JsonAt entries = v.get("entry");
    if (entries.isAbsent()) {
      return;
    }
    pl.entriesKnown = true;
    for (JsonAt e : entries.elements()) {
      e.requireObject();
      pl.add(e.get("cidr"));
    }
  }

  private void rule(Resource r) {
    JsonAt v = r.values;
    String group = reference(r, "security_group_id")
        .orElseThrow(() -> v.get("security_group_id").error("is missing"));
    RuleInput in = new RuleInput();
    in.where = r.node;
    in.ruleId = v.get("security_group_rule_id").text().orElse(r.address);
    in.direction = v.get("type");
    in.protocol = v.get("ip_protocol");
    in.portRange = v.get("port_range");
    in.policy = v.get("policy");
    in.priority = v.get("priority");
    in.nicType = v.get("nic_type");
    in.cidr = v.get("cidr_ip");
    in.ipv6Cidr = v.get("ipv6_cidr_ip");
    in.group = v.get("source_security_group_id");
    if (in.group.isAbsent()) {
      in.groupKey = unknownReference(r, "source_security_group_id");
    }
    in.groupOwner = v.get("source_group_owner_account").isPresent()
        ? v.get("source_group_owner_account") : v.get("source_group_owner_id");
    in.prefixList = v.get("prefix_list_id");
    if (in.prefixList.isAbsent()) {
      in.prefixKey = unknownReference(r, "prefix_list_id");
    }
    in.description = v.get("description");
    Account.RuleInfo rule = in.normalise();
    Account.GroupInfo g = account.groups.get(group);
    if (g == null) {
      account.warn(v.get("security_group_id").warning("rule " + r.address + " belongs to security"
          + " group " + group + ", which is not in the input: not imported"));
      return;
    }
    g.rules.putIfAbsent(rule.key(), rule);
  }

  private void instance(Resource r) {
    JsonAt v = r.values;
    String key = keyByAddress.get(r.address);
    Account.InstanceInfo inst = account.instance(key, r.node);
    inst.cloudName = v.get("instance_name").text().orElse(fallbacks.getOrDefault(key, ""));
    Account.EniInfo eni = account.eni(key, r.node);
    eni.synthetic = true;
    eni.instanceId = key;
    eni.primary = Optional.of(true);
    eni.groupsKnown = true;
    eni.authoritative = true;
    AlibabaImporter.address(v.get("private_ip")).ifPresent(eni.addresses::add);
    for (JsonAt a : v.get("secondary_private_ips").elements()) {
      AlibabaImporter.address(a).ifPresent(eni.addresses::add);
    }
    for (JsonAt a : v.get("ipv6_addresses").elements()) {
      AlibabaImporter.address(a).ifPresent(eni.addresses::add);
    }
    eni.groups.addAll(references(r, "security_groups"));
  }

  private void networkInterface(Resource r) {
    JsonAt v = r.values;
    String key = keyByAddress.get(r.address);
    Account.EniInfo eni = account.eni(key, r.node);
    eni.authoritative = true;
    eni.groupsKnown = true;
    eni.primary = Optional.of(false);
    AlibabaImporter.address(v.get("primary_ip_address")).ifPresent(eni.addresses::add);
    for (JsonAt a : v.get("private_ip_addresses").elements()) {
      AlibabaImporter.address(a).ifPresent(eni.addresses::add);
    }
    for (JsonAt a : v.get("ipv6_addresses").elements()) {
      AlibabaImporter.address(a).ifPresent(eni.addresses::add);
    }
    List<String> groups = references(r, "security_group_ids");
    if (groups.isEmpty()) {
      groups = references(r, "security_groups");
    }
    eni.groups.addAll(groups);
  }

  private void attachment(Resource r) {
    JsonAt v = r.values;
    String eniKey = reference(r, "network_interface_id")
        .orElseThrow(() -> v.get("network_interface_id").error("is missing"));
    String instanceKey = reference(r, "instance_id")
        .orElseThrow(() -> v.get("instance_id").error("is missing"));
    Account.EniInfo eni = account.enis.get(eniKey);
    if (eni == null) {
      account.warn(v.get("network_interface_id").warning("network interface " + eniKey
          + " is not in the input: attachment " + r.address + " not imported"));
      return;
    }
    eni.instanceId = instanceKey;
  }

  // ------------------------------------------------------------------ references

  /** A string attribute, or when unknown in a plan, the resource its expression references. */
  private Optional<String> reference(Resource r, String attr) {
    Optional<String> known = r.values.get(attr).text();
    return known.isPresent() ? known : unknownReference(r, attr);
  }

  private Optional<String> unknownReference(Resource r, String attr) {
    List<String> keys = resolve(r, attr);
    return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
  }

  /** A list attribute: its known strings, plus the resources its expression references. */
  private List<String> references(Resource r, String attr) {
    Set<String> out = new LinkedHashSet<>(r.values.get(attr).strings());
    if (out.isEmpty() || r.values.get(attr).isAbsent()) {
      out.addAll(resolve(r, attr));
    }
    return new ArrayList<>(out);
  }

  private List<String> resolve(Resource r, String attr) {
    JsonAt expr = expressions.get(stripIndexes(r.address));
    List<String> out = new ArrayList<>();
    if (expr == null) {
      return out;
    }
    Map<String, String> seen = new TreeMap<>();
    for (String ref : referencesOf(expr.get(attr))) {
      String target = ref.endsWith(".id") ? ref.substring(0, ref.length() - 3) : ref;
      String key = keyByAddress.get(target);
      if (key != null && !seen.containsValue(key)) {
        seen.put(target, key);
        out.add(key);
      }
    }
    return out;
  }

  /** The references of an expression, including those inside list elements. */
  private static List<String> referencesOf(JsonAt expr) {
    List<String> out = new ArrayList<>(expr.get("references").strings());
    if (expr.node() != null && expr.node().isArray()) {
      for (JsonAt e : expr.elements()) {
        out.addAll(referencesOf(e));
      }
    }
    return out;
  }
}

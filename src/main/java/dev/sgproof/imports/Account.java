package dev.sgproof.imports;

import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The import model: what the cloud inputs say about groups, rules, network interfaces and
 * instances, keyed by cloud ID and merged across files and pages, before names are chosen. Mutable
 * while the importers read; {@link SpecWriter} turns it into a spec.
 */
public final class Account {
  final Map<String, GroupInfo> groups = new TreeMap<>();
  final Map<String, EniInfo> enis = new TreeMap<>();
  final Map<String, InstanceInfo> instances = new TreeMap<>();
  final Map<String, PrefixListInfo> prefixLists = new TreeMap<>();
  final List<ImportWarning> warnings = new ArrayList<>();
  final List<Omission> omissions = new ArrayList<>();

  /** The warnings so far, in the order found. */
  public List<ImportWarning> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * What the written spec leaves out of the input (filled by {@link SpecWriter}): when there is
   * any, a verdict on the spec can be false for the real cloud.
   */
  public List<Omission> omissions() {
    return List.copyOf(omissions);
  }

  GroupInfo group(String id, JsonAt where) {
    return groups.computeIfAbsent(id, k -> new GroupInfo(id, where));
  }

  EniInfo eni(String id, JsonAt where) {
    return enis.computeIfAbsent(id, k -> new EniInfo(id, where));
  }

  InstanceInfo instance(String id, JsonAt where) {
    return instances.computeIfAbsent(id, k -> new InstanceInfo(id, where));
  }

  PrefixListInfo prefixList(String id, JsonAt where) {
    return prefixLists.computeIfAbsent(id, k -> new PrefixListInfo(id, where));
  }

  void warn(ImportWarning w) {
    warnings.add(w);
  }

  void omit(JsonAt where, Omission.Kind kind, String subject, String why) {
    omissions.add(new Omission(where.file, where.path, kind, subject, why));
  }

  static final class GroupInfo {
    final String id;
    final JsonAt where;
    String cloudName = "";
    String description = "";
    Optional<GroupType> type = Optional.empty();
    Optional<Policy> policy = Optional.empty();
    /** Whether some input listed the group's rules (DescribeSecurityGroupAttribute, Terraform). */
    boolean rulesKnown;
    /** By rule ID (or by content when a rule has none), in the order first seen. */
    final Map<String, RuleInfo> rules = new LinkedHashMap<>();

    GroupInfo(String id, JsonAt where) {
      this.id = id;
      this.where = where;
    }
  }

  /**
   * One rule. {@code unsupported} is empty when the model covers it, else the reason it is not
   * imported; {@code summary} describes it in the API's words for the comment that replaces it.
   */
  static final class RuleInfo {
    String ruleId = "";
    JsonAt where;
    Direction direction;
    Action action;
    Proto protocol;
    PortRange ports = PortRange.ALL;
    PortRange sourcePorts = PortRange.ALL;
    Optional<Cidr> cidr = Optional.empty();
    /** The cloud ID (or Terraform key) of a group peer. */
    Optional<String> peerGroup = Optional.empty();
    /** The group peer's owner account, when the input names one. */
    String peerOwner = "";
    /** The prefix list that is the peer (its ID or Terraform key), when no CIDR or group is. */
    Optional<String> prefixList = Optional.empty();
    /** For one CIDR of an expanded prefix-list rule: the list it comes from; else empty. */
    String via = "";
    int priority = 1;
    String description = "";
    String unsupported = "";
    String summary = "";

    /** This rule with the peer replaced by one CIDR of prefix list {@code list}. */
    RuleInfo withEntry(Cidr entry, String list) {
      RuleInfo r = new RuleInfo();
      r.ruleId = ruleId;
      r.where = where;
      r.direction = direction;
      r.action = action;
      r.protocol = protocol;
      r.ports = ports;
      r.sourcePorts = sourcePorts;
      r.cidr = Optional.of(entry);
      r.priority = priority;
      r.description = description;
      r.summary = summary;
      r.via = list;
      return r;
    }

    String key() {
      if (!ruleId.isEmpty()) {
        return ruleId;
      }
      return String.join("|", direction.keyword(), action.keyword(), protocol.keyword(),
          ports.toString(), sourcePorts.toString(), cidr.map(Cidr::toString).orElse(""),
          peerGroup.orElse(""), Integer.toString(priority), unsupported, summary);
    }
  }

  static final class EniInfo {
    final String id;
    final JsonAt where;
    String instanceId = "";
    Optional<Boolean> primary = Optional.empty();
    Optional<Integer> deviceIndex = Optional.empty();
    final Set<String> addresses = new LinkedHashSet<>();
    final Set<String> groups = new LinkedHashSet<>();
    /** The groups come from DescribeNetworkInterfaces or Terraform (authoritative). */
    boolean groupsKnown;
    /** Some input that lists the ENI's own addresses and groups (not DescribeInstances). */
    boolean authoritative;
    /** Not a real ENI: the one NIC of an instance whose inputs list no network interfaces. */
    boolean synthetic;
    /** Prefixes delegated to the ENI (not in the model), with where the input gives each. */
    final Map<String, JsonAt> prefixes = new TreeMap<>();

    EniInfo(String id, JsonAt where) {
      this.id = id;
      this.where = where;
    }
  }

  static final class InstanceInfo {
    final String id;
    final JsonAt where;
    String cloudName = "";
    /** The groups DescribeInstances gives: those of the primary ENI. */
    final Set<String> groups = new LinkedHashSet<>();

    InstanceInfo(String id, JsonAt where) {
      this.id = id;
      this.where = where;
    }
  }

  /**
   * A prefix list (alibaba-inputs.md, "Prefix lists"): a rule whose peer it is matches exactly the
   * union of its entries. {@code entriesKnown} is false when the input names the list
   * (DescribePrefixLists, or a plan with unknown entries) without giving its entries.
   */
  static final class PrefixListInfo {
    final String id;
    final JsonAt where;
    String name = "";
    Optional<IpVersion> family = Optional.empty();
    final Set<Cidr> entries = new TreeSet<>();
    boolean entriesKnown;

    PrefixListInfo(String id, JsonAt where) {
      this.id = id;
      this.where = where;
    }

    /** Records the AddressFamily ({@code IPv4} or {@code IPv6}); absent: nothing. */
    void family(JsonAt j) {
      Optional<String> f = RuleInput.lower(j);
      if (f.isEmpty()) {
        return;
      }
      IpVersion v = switch (f.get()) {
        case "ipv4" -> IpVersion.V4;
        case "ipv6" -> IpVersion.V6;
        default -> throw j.error("\"" + j.text().orElse("") + "\" is not an address family"
            + " (IPv4 or IPv6)");
      };
      if (family.isPresent() && family.get() != v) {
        throw j.error("prefix list " + id + " is " + name(family.get()) + " in another input");
      }
      for (Cidr c : entries) {
        if (c.version() != v) {
          throw j.error("prefix list " + id + " has the " + name(c.version()) + " entry " + c);
        }
      }
      family = Optional.of(v);
    }

    /** Adds one entry: a CIDR block or a single address (/32 or /128) of the list's family. */
    void add(JsonAt j) {
      Cidr c = RuleInput.cidr(j).orElseThrow(() -> j.error("is missing"));
      IpVersion v = family.orElse(entries.isEmpty() ? c.version() : entries.iterator().next()
          .version());
      if (c.version() != v) {
        throw j.error(c + " is an " + name(c.version()) + " block, but prefix list " + id
            + " is " + name(v) + " (a list never mixes families)");
      }
      entries.add(c);
    }

    private static String name(IpVersion v) {
      return v == IpVersion.V4 ? "IPv4" : "IPv6";
    }
  }
}

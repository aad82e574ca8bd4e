package dev.sgproof.imports;

import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.GroupType;
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

/**
 * The import model: what the cloud inputs say about groups, rules, network interfaces and
 * instances, keyed by cloud ID and merged across files and pages, before names are chosen. Mutable
 * while the importers read; {@link SpecWriter} turns it into a spec.
 */
public final class Account {
  final Map<String, GroupInfo> groups = new TreeMap<>();
  final Map<String, EniInfo> enis = new TreeMap<>();
  final Map<String, InstanceInfo> instances = new TreeMap<>();
  final List<ImportWarning> warnings = new ArrayList<>();

  /** The warnings so far, in the order found. */
  public List<ImportWarning> warnings() {
    return List.copyOf(warnings);
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

  void warn(ImportWarning w) {
    warnings.add(w);
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
    int priority = 1;
    String description = "";
    String unsupported = "";
    String summary = "";

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
}

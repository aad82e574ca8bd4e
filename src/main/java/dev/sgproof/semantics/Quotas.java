package dev.sgproof.semantics;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import java.util.List;
import java.util.Map;

/**
 * Warnings for the quotas of semantics.md section 9, counting custom rules as written: one per
 * distinct port range of a list and per peer (the model merges touching ranges, the cloud does
 * not).
 */
final class Quotas {
  /** A group's custom rules as written, and those of them with a group peer. */
  record RuleCount(long custom, long groupPeer) {
    static final RuleCount NONE = new RuleCount(0, 0);
  }

  static final int GROUP_PEER_RULES = 20;
  static final int RULES_PER_GROUP = 200;
  static final int RULES_PER_NIC = 1_000;
  static final int ADDRESSES_PER_BASIC_GROUP = 6_000;
  static final int NICS_PER_ADVANCED_GROUP = 65_536;

  private final Reporter out;
  private final Map<String, RuleCount> counts;

  Quotas(Reporter out, Map<String, RuleCount> counts) {
    this.out = out;
    this.counts = counts;
  }

  void check(Map<String, Group> groups, Inventory inventory) {
    groups.values().forEach(g -> checkGroup(g, inventory));
    for (NicInfo n : inventory.nicById().values()) {
      long rules = rulesOf(n, groups);
      if (rules > RULES_PER_NIC) {
        out.warning(
            DiagnosticCode.SG103,
            n.decl().name().span(),
            "NIC "
                + n.id()
                + " has "
                + rules
                + " rules across its groups (the quota is "
                + RULES_PER_NIC
                + ")");
      }
    }
  }

  /** The custom rules of the NIC's known groups. */
  private long rulesOf(NicInfo n, Map<String, Group> groups) {
    long rules = 0;
    for (String g : n.groups()) {
      if (groups.containsKey(g)) {
        rules += count(g).custom();
      }
    }
    return rules;
  }

  private void checkGroup(Group g, Inventory inventory) {
    long custom = count(g.name()).custom();
    long groupPeers = count(g.name()).groupPeer();
    if (g.type() == GroupType.BASIC && groupPeers > GROUP_PEER_RULES) {
      out.warning(
          DiagnosticCode.SG101,
          g.span(),
          "group "
              + g.name()
              + " has "
              + groupPeers
              + " rules with a group peer (the quota is "
              + GROUP_PEER_RULES
              + ")");
    }
    if (custom > RULES_PER_GROUP) {
      out.warning(
          DiagnosticCode.SG102,
          g.span(),
          "group " + g.name() + " has " + custom + " rules (the quota is " + RULES_PER_GROUP + ")");
    }
    List<String> members = inventory.members(g.name());
    long addresses = 0;
    for (String id : members) {
      addresses += inventory.nicById().get(id).addresses().size();
    }
    if (g.type() == GroupType.BASIC && addresses > ADDRESSES_PER_BASIC_GROUP) {
      out.warning(
          DiagnosticCode.SG105,
          g.span(),
          "basic group "
              + g.name()
              + " holds "
              + addresses
              + " private addresses (the quota is "
              + ADDRESSES_PER_BASIC_GROUP
              + ")");
    }
    if (g.type() == GroupType.ADVANCED && members.size() > NICS_PER_ADVANCED_GROUP) {
      out.warning(
          DiagnosticCode.SG106,
          g.span(),
          "advanced group "
              + g.name()
              + " has "
              + members.size()
              + " NICs (the quota is "
              + NICS_PER_ADVANCED_GROUP
              + ")");
    }
  }

  private RuleCount count(String group) {
    return counts.getOrDefault(group, RuleCount.NONE);
  }
}

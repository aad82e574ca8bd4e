package dev.sgproof.semantics;

import dev.sgproof.model.IpAddress;
import dev.sgproof.syntax.ast.Ident;
import java.util.List;
import java.util.Map;

/**
 * The instances and NICs as declared (first declaration of each name), for assertions and quotas:
 * NICs by instance, by id and by address, and the NIC ids of each group.
 */
record Inventory(
    Map<String, InstanceInfo> instances,
    Map<String, NicInfo> nicById,
    Map<IpAddress, String> ownerByAddress,
    Map<String, List<String>> membersByGroup) {

  /** An instance: one-line or block, and its NICs in order. */
  record InstanceInfo(Ident name, boolean oneLine, List<NicInfo> nics) {
    InstanceInfo {
      nics = List.copyOf(nics);
    }
  }

  List<String> members(String group) {
    return membersByGroup.getOrDefault(group, List.of());
  }
}

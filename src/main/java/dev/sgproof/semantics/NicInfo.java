package dev.sgproof.semantics;

import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Nic;
import dev.sgproof.syntax.ast.NicDecl;
import java.util.List;

/** A declared NIC with what could be resolved of it (even when it has errors). */
record NicInfo(
    String id,
    String instance,
    String nicName,
    List<IpAddress> addresses,
    List<String> groups,
    NicDecl decl) {
  NicInfo {
    addresses = List.copyOf(addresses);
    groups = List.copyOf(groups);
  }

  Nic toNic() {
    return new Nic(id, instance, nicName, addresses, groups, decl.name().span());
  }
}

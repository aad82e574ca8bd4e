package dev.sgproof.report;

import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;

/** Shared wording for counterexample flows in every format. */
final class Counterexamples {
  private Counterexamples() {}

  /** The NIC that owns the address ({@code INSTANCE} or {@code INSTANCE.NIC}), or "external". */
  static String owner(Network n, IpAddress a) {
    return n.owner(a).map(Nic::id).orElse("external");
  }

  /** {@code tcp 198.51.100.1:49152 -> 10.0.1.3:80 (external -> ECS3.eth1)}. */
  static String describe(Network n, Flow f) {
    return f + " (" + owner(n, f.src()) + " -> " + owner(n, f.dst()) + ")";
  }
}

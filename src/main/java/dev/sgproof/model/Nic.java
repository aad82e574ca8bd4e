package dev.sgproof.model;

import dev.sgproof.diag.SourceSpan;
import java.util.List;
import java.util.Objects;

/**
 * An elastic network interface. {@code id} is {@code INSTANCE} for a one-line instance and
 * {@code INSTANCE.NIC} otherwise; {@code nicName} is empty for a one-line instance.
 */
public record Nic(
    String id,
    String instance,
    String nicName,
    List<IpAddress> addresses,
    List<String> groups,
    SourceSpan span) {
  public Nic {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(nicName, "nicName");
    addresses = List.copyOf(addresses);
    groups = List.copyOf(groups);
    Objects.requireNonNull(span, "span");
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("NIC " + id + " without address");
    }
  }

  /** The first address of the NIC (the one counterexamples prefer). */
  public IpAddress primary() {
    return addresses.get(0);
  }

  public boolean owns(IpAddress a) {
    return addresses.contains(a);
  }
}

package dev.sgproof.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The traffic of an assertion: a protocol (or all) and, for tcp/udp, destination port ranges
 * (empty list = every port). {@link #ANY} is all traffic: every protocol number, every port.
 */
public record Traffic(Proto protocol, List<PortRange> ports) {
  public static final Traffic ANY = new Traffic(Proto.ALL, List.of());

  public Traffic {
    Objects.requireNonNull(protocol, "protocol");
    ports = List.copyOf(ports);
    if (!protocol.hasPorts() && !ports.isEmpty()) {
      throw new IllegalArgumentException(protocol + " traffic with ports");
    }
  }

  public boolean isAny() {
    return protocol == Proto.ALL;
  }

  /** Whether the flow lies within this traffic (the source port never restricts traffic). */
  public boolean contains(Flow f) {
    return contains(f.protocol(), f.dstPort());
  }

  /** {@link #contains(Flow)} for a flow of that protocol and destination port. */
  public boolean contains(int flowProtocol, int dstPort) {
    if (!protocol.matches(flowProtocol)) {
      return false;
    }
    if (ports.isEmpty() || !Protocols.hasPorts(flowProtocol)) {
      return true;
    }
    for (PortRange r : ports) {
      if (r.contains(dstPort)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    if (ports.isEmpty()) {
      return protocol.keyword();
    }
    return protocol.keyword() + " " + ports.stream().map(PortRange::toString).collect(Collectors.joining(","));
  }
}

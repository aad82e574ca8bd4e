package dev.sgproof.flows;

import dev.sgproof.model.IpAddress;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import java.util.Objects;
import java.util.Optional;

/**
 * A box of flows: an inclusive protocol-number range, a source and a destination address range of
 * one IP version, and for tcp or udp (a protocol range of exactly 6 or exactly 17) a source and a
 * destination port range. The flows of a box are the points inside all its ranges that are flows
 * of the model (semantics.md section 2); the others (icmp between IPv6 addresses, say) are simply
 * not in it.
 */
public final class FlowBox {
  private final int protocolLow;
  private final int protocolHigh;
  private final IpAddress srcLow;
  private final IpAddress srcHigh;
  private final IpAddress dstLow;
  private final IpAddress dstHigh;
  private final PortRange srcPorts;
  private final PortRange dstPorts;

  private FlowBox(int protocolLow, int protocolHigh, IpAddress srcLow, IpAddress srcHigh,
      IpAddress dstLow, IpAddress dstHigh, PortRange srcPorts, PortRange dstPorts) {
    this.protocolLow = protocolLow;
    this.protocolHigh = protocolHigh;
    this.srcLow = srcLow;
    this.srcHigh = srcHigh;
    this.dstLow = dstLow;
    this.dstHigh = dstHigh;
    this.srcPorts = srcPorts;
    this.dstPorts = dstPorts;
  }

  /** A box of a port-less protocol range (one that contains neither 6 nor 17). */
  public static FlowBox of(int protocolLow, int protocolHigh, IpAddress srcLow, IpAddress srcHigh,
      IpAddress dstLow, IpAddress dstHigh) {
    checkProtocols(protocolLow, protocolHigh);
    if (containsPorted(protocolLow, protocolHigh)) {
      throw new IllegalArgumentException("protocols " + protocolLow + "-" + protocolHigh
          + " include tcp or udp: give their ports");
    }
    checkAddresses(srcLow, srcHigh, dstLow, dstHigh);
    return new FlowBox(protocolLow, protocolHigh, srcLow, srcHigh, dstLow, dstHigh, null, null);
  }

  /** A box of tcp or udp flows with the given port ranges. */
  public static FlowBox ported(int protocol, IpAddress srcLow, IpAddress srcHigh, IpAddress dstLow,
      IpAddress dstHigh, PortRange srcPorts, PortRange dstPorts) {
    if (!Protocols.hasPorts(protocol)) {
      throw new IllegalArgumentException("protocol " + protocol + " has no ports");
    }
    checkAddresses(srcLow, srcHigh, dstLow, dstHigh);
    return new FlowBox(protocol, protocol, srcLow, srcHigh, dstLow, dstHigh,
        Objects.requireNonNull(srcPorts, "srcPorts"), Objects.requireNonNull(dstPorts, "dstPorts"));
  }

  private static boolean containsPorted(int low, int high) {
    return (low <= Protocols.TCP && Protocols.TCP <= high)
        || (low <= Protocols.UDP && Protocols.UDP <= high);
  }

  private static void checkProtocols(int low, int high) {
    if (low < 0 || high > Protocols.MAX || low > high) {
      throw new IllegalArgumentException("protocols " + low + "-" + high);
    }
  }

  private static void checkAddresses(IpAddress srcLow, IpAddress srcHigh, IpAddress dstLow,
      IpAddress dstHigh) {
    if (srcLow.version() != srcHigh.version() || dstLow.version() != dstHigh.version()
        || srcLow.version() != dstLow.version()) {
      throw new IllegalArgumentException("a box has addresses of one IP version");
    }
    if (srcLow.compareTo(srcHigh) > 0 || dstLow.compareTo(dstHigh) > 0) {
      throw new IllegalArgumentException("empty address range");
    }
  }

  public int protocolLow() {
    return protocolLow;
  }

  public int protocolHigh() {
    return protocolHigh;
  }

  public IpAddress srcLow() {
    return srcLow;
  }

  public IpAddress srcHigh() {
    return srcHigh;
  }

  public IpAddress dstLow() {
    return dstLow;
  }

  public IpAddress dstHigh() {
    return dstHigh;
  }

  /** The source ports, for a tcp or udp box. */
  public Optional<PortRange> srcPorts() {
    return Optional.ofNullable(srcPorts);
  }

  /** The destination ports, for a tcp or udp box. */
  public Optional<PortRange> dstPorts() {
    return Optional.ofNullable(dstPorts);
  }

  public boolean hasPorts() {
    return srcPorts != null;
  }

  /** {@code tcp 10.0.0.0-10.0.0.255:1-65535 -> 10.0.1.20:5432}, for text reports. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (protocolLow == protocolHigh) {
      b.append(Protocols.isNamed(protocolLow) ? Protocols.name(protocolLow) : "proto " + protocolLow);
    } else {
      b.append("proto ").append(protocolLow).append('-').append(protocolHigh);
    }
    b.append(' ').append(range(srcLow, srcHigh));
    if (srcPorts != null) {
      b.append(" port ").append(srcPorts);
    }
    b.append(" -> ").append(range(dstLow, dstHigh));
    if (dstPorts != null) {
      b.append(" port ").append(dstPorts);
    }
    return b.toString();
  }

  private static String range(IpAddress low, IpAddress high) {
    return low.equals(high) ? low.toString() : low + "-" + high;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowBox x && x.protocolLow == protocolLow && x.protocolHigh == protocolHigh
        && x.srcLow.equals(srcLow) && x.srcHigh.equals(srcHigh) && x.dstLow.equals(dstLow)
        && x.dstHigh.equals(dstHigh) && Objects.equals(x.srcPorts, srcPorts)
        && Objects.equals(x.dstPorts, dstPorts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocolLow, protocolHigh, srcLow, srcHigh, dstLow, dstHigh, srcPorts,
        dstPorts);
  }
}

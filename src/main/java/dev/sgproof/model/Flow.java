package dev.sgproof.model;

import java.util.Objects;

/**
 * One connection attempt. Ports are 1..65535 for tcp and udp and 0 (absent) for every other
 * protocol. Source and destination are of the same IP version; icmp is IPv4 only and icmpv6 IPv6
 * only.
 */
public record Flow(IpAddress src, IpAddress dst, int protocol, int srcPort, int dstPort) {
  public static final int NO_PORT = 0;

  public Flow {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
    if (src.version() != dst.version()) {
      throw new IllegalArgumentException("mixed IP versions: " + src + " -> " + dst);
    }
    if (protocol < 0 || protocol > Protocols.MAX) {
      throw new IllegalArgumentException("protocol " + protocol);
    }
    if (!Protocols.fitsVersion(protocol, src.version())) {
      throw new IllegalArgumentException(Protocols.name(protocol) + " flow over " + src.version());
    }
    if (Protocols.hasPorts(protocol)) {
      if (!PortRange.ALL.contains(srcPort) || !PortRange.ALL.contains(dstPort)) {
        throw new IllegalArgumentException("ports " + srcPort + " -> " + dstPort);
      }
    } else if (srcPort != NO_PORT || dstPort != NO_PORT) {
      throw new IllegalArgumentException(Protocols.name(protocol) + " flow with ports");
    }
  }

  /** As the record's own, written out (see {@link IpAddress#equals}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Flow f && f.protocol == protocol && f.srcPort == srcPort
        && f.dstPort == dstPort && f.src.equals(src) && f.dst.equals(dst);
  }

  @Override
  public int hashCode() {
    return (((31 * src.hashCode() + dst.hashCode()) * 31 + protocol) * 31 + srcPort) * 31
        + dstPort;
  }

  public static Flow tcp(String src, int srcPort, String dst, int dstPort) {
    return new Flow(IpAddress.of(src), IpAddress.of(dst), Protocols.TCP, srcPort, dstPort);
  }

  public static Flow of(String src, String dst, int protocol, int srcPort, int dstPort) {
    return new Flow(IpAddress.of(src), IpAddress.of(dst), protocol, srcPort, dstPort);
  }

  public boolean hasPorts() {
    return Protocols.hasPorts(protocol);
  }

  /** The same flow in the other direction (source and destination swapped). */
  public Flow reversed() {
    return new Flow(dst, src, protocol, dstPort, srcPort);
  }

  @Override
  public String toString() {
    String p = Protocols.name(protocol);
    if (hasPorts()) {
      return p + " " + hostPort(src, srcPort) + " -> " + hostPort(dst, dstPort);
    }
    return p + " " + src + " -> " + dst;
  }

  private static String hostPort(IpAddress a, int port) {
    return (a.isV6() ? "[" + a + "]" : a.toString()) + ":" + port;
  }
}

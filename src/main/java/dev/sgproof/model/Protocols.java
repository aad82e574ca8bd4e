package dev.sgproof.model;

/** IP protocol numbers the model names (semantics.md section 2). */
public final class Protocols {
  public static final int ICMP = 1;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int GRE = 47;
  public static final int ICMPV6 = 58;
  public static final int MAX = 255;

  private Protocols() {}

  public static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP;
  }

  /** Whether a flow of this protocol can exist between addresses of this version. */
  public static boolean fitsVersion(int protocol, IpVersion v) {
    if (protocol == ICMP) {
      return v == IpVersion.V4;
    }
    if (protocol == ICMPV6) {
      return v == IpVersion.V6;
    }
    return true;
  }

  /** {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, {@code gre} or the number. */
  public static String name(int protocol) {
    return switch (protocol) {
      case ICMP -> "icmp";
      case TCP -> "tcp";
      case UDP -> "udp";
      case GRE -> "gre";
      case ICMPV6 -> "icmpv6";
      default -> Integer.toString(protocol);
    };
  }

  /** Whether the number is one the language names (the others are matched only by `all`). */
  public static boolean isNamed(int protocol) {
    return protocol == ICMP || protocol == TCP || protocol == UDP || protocol == GRE
        || protocol == ICMPV6;
  }
}

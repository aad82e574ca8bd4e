package dev.sgproof.model;

/** The protocol of a rule or of assertion traffic: one named protocol, or all of them. */
public enum Proto {
  ALL("all", -1),
  TCP("tcp", Protocols.TCP),
  UDP("udp", Protocols.UDP),
  ICMP("icmp", Protocols.ICMP),
  ICMPV6("icmpv6", Protocols.ICMPV6),
  GRE("gre", Protocols.GRE);

  private final String keyword;
  private final int number;

  Proto(String keyword, int number) {
    this.keyword = keyword;
    this.number = number;
  }

  public String keyword() {
    return keyword;
  }

  /** The protocol number; only for protocols other than {@link #ALL}. */
  public int number() {
    if (this == ALL) {
      throw new IllegalStateException("all has no single number");
    }
    return number;
  }

  public boolean matches(int protocol) {
    return this == ALL || number == protocol;
  }

  /** tcp and udp carry ports; rules of other protocols cannot name any. */
  public boolean hasPorts() {
    return this == TCP || this == UDP;
  }

  public static Proto fromKeyword(String keyword) {
    for (Proto p : values()) {
      if (p.keyword.equals(keyword)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not a protocol: " + keyword);
  }

  @Override
  public String toString() {
    return keyword;
  }
}

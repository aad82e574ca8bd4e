package dev.sgproof.model;

/** An inclusive range of tcp/udp ports within 1..65535. */
public record PortRange(int low, int high) implements Comparable<PortRange> {
  public static final int MIN = 1;
  public static final int MAX = 65535;
  public static final PortRange ALL = new PortRange(MIN, MAX);

  public PortRange {
    if (low < MIN || high > MAX || low > high) {
      throw new IllegalArgumentException("bad port range " + low + "-" + high);
    }
  }

  /** As the record's own, written out (see {@link IpAddress#equals}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof PortRange r && r.low == low && r.high == high;
  }

  @Override
  public int hashCode() {
    return 31 * low + high;
  }

  public static PortRange single(int port) {
    return new PortRange(port, port);
  }

  public boolean contains(int port) {
    return port >= low && port <= high;
  }

  public boolean isAll() {
    return low == MIN && high == MAX;
  }

  @Override
  public int compareTo(PortRange o) {
    return low != o.low ? Integer.compare(low, o.low) : Integer.compare(high, o.high);
  }

  @Override
  public String toString() {
    return low == high ? Integer.toString(low) : low + "-" + high;
  }
}

package dev.sgproof.model;

/**
 * What a list of rules matches of a flow's traffic (semantics.md section 3: the protocol, the
 * destination and source ports), unpacked into arrays once, so that matching a flow against many
 * rules makes no call per field. The evaluator and the class search both match this way.
 */
public final class RuleTraffic {
  /** The protocol number of each rule, -1 for all. */
  private final int[] protocol;
  private final int[] dstLow;
  private final int[] dstHigh;
  private final int[] srcLow;
  private final int[] srcHigh;

  public RuleTraffic(Rule[] rules) {
    int k = rules.length;
    protocol = new int[k];
    dstLow = new int[k];
    dstHigh = new int[k];
    srcLow = new int[k];
    srcHigh = new int[k];
    for (int i = 0; i < k; i++) {
      Rule r = rules[i];
      protocol[i] = r.protocol() == Proto.ALL ? -1 : r.protocol().number();
      dstLow[i] = r.dstPorts().low();
      dstHigh[i] = r.dstPorts().high();
      srcLow[i] = r.srcPorts().low();
      srcHigh[i] = r.srcPorts().high();
    }
  }

  /** Whether rule {@code i} matches the protocol. */
  public boolean matchesProtocol(int i, int p) {
    return protocol[i] == -1 || protocol[i] == p;
  }

  /**
   * Whether rule {@code i} matches the traffic: the protocol, and when {@code ports} (the
   * protocol has ports) both ports.
   */
  public boolean matches(int i, int p, boolean ports, int sport, int dport) {
    return matchesProtocol(i, p) && (!ports || dport >= dstLow[i] && dport <= dstHigh[i]
        && sport >= srcLow[i] && sport <= srcHigh[i]);
  }

  /** Whether rule {@code i}'s destination ports hold {@code port}. */
  public boolean dstPortsHold(int i, int port) {
    return dstLow[i] <= port && port <= dstHigh[i];
  }

  /** Whether rule {@code i}'s source ports hold {@code port}. */
  public boolean srcPortsHold(int i, int port) {
    return srcLow[i] <= port && port <= srcHigh[i];
  }
}

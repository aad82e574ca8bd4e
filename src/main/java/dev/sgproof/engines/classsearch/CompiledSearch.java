package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import java.util.List;
import java.util.Optional;

/**
 * The class search for an obligation between few address classes, read off the {@link
 * CompiledPolicy}: each (source class, destination class) pair of one version gets the cells
 * where it breaks the expectation, from the source set's egress table and the destination set's
 * ingress table (both made once per network); then the obligation's protocol-and-ports classes
 * are walked in the canonical order ({@link dev.sgproof.query.CanonicalFlows}) and the first
 * breaking pair of the first breaking combination, in source-then-destination order, is the
 * counterexample. Same classes, same order, so the same flow as the flow loop.
 */
final class CompiledSearch {
  private CompiledSearch() {}

  /**
   * The first violating flow of the obligation, or empty; null when the obligation has more than
   * {@code pairLimit} pairs of address classes (the set-at-a-time search is then the better one).
   */
  static Optional<Flow> firstViolation(CompiledPolicy policy, NetworkIndex index,
      Classes classes, Obligation o, long pairLimit) {
    List<Classes.AddressClass> sources = classes.addressClasses(o.source());
    List<Classes.AddressClass> destinations = classes.addressClasses(o.destination());
    if ((long) sources.size() * destinations.size() > pairLimit) {
      return null;
    }
    Network n = index.network;
    int ns = sources.size();
    int nd = destinations.size();
    Nic[] srcNic = new Nic[ns];
    int[] srcCls = new int[ns];
    Nic[] dstNic = new Nic[nd];
    int[] dstCls = new int[nd];
    for (int i = 0; i < ns; i++) {
      Classes.AddressClass c = sources.get(i);
      srcNic[i] = c.nic() ? n.owner(c.representative()).orElse(null) : null;
      srcCls[i] = policy.classOf(c.low().version(), c.low().value());
    }
    for (int j = 0; j < nd; j++) {
      Classes.AddressClass c = destinations.get(j);
      dstNic[j] = c.nic() ? n.owner(c.representative()).orElse(null) : null;
      dstCls[j] = policy.classOf(c.low().version(), c.low().value());
    }
    // The breaking cells of every pair that is a flow of the model, in canonical order.
    int words = policy.words;
    long[][] bad = new long[ns * nd][];
    long[] any = new long[words];
    boolean permitted = o.expect() == Expectation.PERMITTED;
    for (int i = 0; i < ns; i++) {
      IpVersion v = sources.get(i).low().version();
      for (int j = 0; j < nd; j++) {
        Nic s = srcNic[i];
        Nic d = dstNic[j];
        if (destinations.get(j).low().version() != v || s == null && d == null || s == d) {
          continue;
        }
        long[] out = s == null ? null
            : policy.table(index.setOf.get(s), Direction.EGRESS, v, dstCls[j], d);
        long[] in = d == null ? null
            : policy.table(index.setOf.get(d), Direction.INGRESS, v, srcCls[i], s);
        long[] b = CompiledPolicy.breaking(policy.valid(v), out, in, permitted);
        if (b != null) {
          for (int w = 0; w < words; w++) {
            any[w] |= b[w];
          }
          bad[i * nd + j] = b;
        }
      }
    }
    boolean clean = true;
    for (long w : any) {
      clean &= w == 0;
    }
    if (clean) {
      return Optional.empty();
    }
    List<Integer> dports = classes.dstPorts();
    List<Integer> sports = classes.srcPorts();
    int[] dOffset = policy.dportOffsets(dports);
    int[] sOffset = policy.sportOffsets(sports);
    int[] none = {0};
    for (int p = 0; p < Classes.PROTOCOLS.size(); p++) {
      int protocol = Classes.PROTOCOLS.get(p);
      boolean ports = Protocols.hasPorts(protocol);
      int base = policy.protocolBase(p);
      int[] dOffsets = ports ? dOffset : none;
      int[] sOffsets = ports ? sOffset : none;
      for (int di = 0; di < dOffsets.length; di++) {
        int row = base + dOffsets[di];
        boolean hit = false;
        for (int so : sOffsets) {
          int cell = row + so;
          hit |= (any[cell >>> 6] & 1L << cell) != 0;
        }
        int dport = ports ? dports.get(di) : Flow.NO_PORT;
        if (!hit || o.traffic().contains(protocol, dport) == o.outsideTraffic()) {
          continue;
        }
        for (int si = 0; si < sOffsets.length; si++) {
          int cell = row + sOffsets[si];
          if ((any[cell >>> 6] & 1L << cell) == 0) {
            continue;
          }
          for (int k = 0; k < bad.length; k++) {
            long[] b = bad[k];
            if (b != null && (b[cell >>> 6] & 1L << cell) != 0) {
              return Optional.of(new Flow(sources.get(k / nd).representative(),
                  destinations.get(k % nd).representative(), protocol,
                  ports ? sports.get(si) : Flow.NO_PORT, dport));
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}

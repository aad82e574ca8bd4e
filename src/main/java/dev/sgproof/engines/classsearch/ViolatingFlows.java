package dev.sgproof.engines.classsearch;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.ViolationsByEnumeration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every violating flow of an obligation, from the class search's decisions. For each protocol
 * and port combination the decisions of every group set give the violating (source class,
 * destination class) pairs at once; combinations whose decisions are the same bit sets give the
 * same pairs, so each distinct relation is computed once and carries the ports of all its
 * combinations. The set is then built in one pass per protocol: below each (source, destination)
 * pair lie the ports of the relations that hold the pair. Exact: the same set as the flow-by-flow
 * enumeration ({@link ViolationsByEnumeration}), which differential tests compare it with.
 */
final class ViolatingFlows {
  private ViolatingFlows() {}

  /** Relations are combined 63 at a time (one bit each in a {@code long}). */
  private static final int CHUNK = 63;

  static FlowSet of(NetworkIndex index, Classes classes, Obligation o, FlowSpace space) {
    ObligationSearch search = new ObligationSearch(index, classes, o, NetworkChanges.NONE, false);
    Network n = index.network;
    Map<IpVersion, Map<List<Object>, Relation>> relations = new LinkedHashMap<>();
    for (int protocol : Classes.PROTOCOLS) {
      boolean ported = Protocols.hasPorts(protocol);
      List<Classes.PortClass> dports = ported ? classes.dstPortClasses() : List.of(NO_PORTS);
      List<Classes.PortClass> sports = ported ? classes.srcPortClasses() : List.of(NO_PORTS);
      for (Classes.PortClass dp : dports) {
        if (o.traffic().contains(protocol, dp.representative()) == o.outsideTraffic()) {
          continue;
        }
        for (Classes.PortClass sp : sports) {
          for (IpVersion v : IpVersion.values()) {
            Ends side = search.sides.get(v);
            if (side == null || !Protocols.fitsVersion(protocol, v)) {
              continue;
            }
            Combination c = new Combination(index, n, side, v, protocol,
                ported ? dp.representative() : 0, ported ? sp.representative() : 0, null, null,
                null);
            relations.computeIfAbsent(v, x -> new LinkedHashMap<>())
                .computeIfAbsent(decisions(side, c), k -> new Relation(side, c, o.expect()))
                .add(protocol, sp.range(), dp.range());
          }
        }
      }
    }
    FlowSet out = space.empty();
    for (Map<List<Object>, Relation> ofVersion : relations.values()) {
      List<Relation> rs = new ArrayList<>(ofVersion.values());
      for (int protocol : Classes.PROTOCOLS) {
        List<Relation> with = rs.stream().filter(r -> r.ports.containsKey(protocol)).toList();
        for (int from = 0; from < with.size(); from += CHUNK) {
          out = out.union(build(space, protocol, with.subList(from,
              Math.min(with.size(), from + CHUNK))));
        }
      }
    }
    return out;
  }

  /**
   * What the violating pairs of a combination depend on: the decision bit sets of the group sets
   * of both ends (by content, so combinations that match different rules but decide alike share
   * one relation).
   */
  private static List<Object> decisions(Ends side, Combination c) {
    List<Object> key = new ArrayList<>(side.dstSets.length + side.srcSets.length + 1);
    for (int g : side.dstSets) {
      key.add(c.ingress[g]);
    }
    key.add(null); // between the two lists
    for (int h : side.srcSets) {
      key.add(c.egress[h]);
    }
    return key;
  }

  /** Stands for the missing ports of a port-less protocol in the loops above. */
  private static final Classes.PortClass NO_PORTS = new Classes.PortClass(PortRange.ALL, 1);

  /** The flows of one protocol over up to 63 relations of one version's ends. */
  private static FlowSet build(FlowSpace space, int protocol, List<Relation> rs) {
    Ends side = rs.get(0).side;
    Universe src = side.src;
    Universe dst = side.dst;
    boolean ported = Protocols.hasPorts(protocol);
    // The ports below a pair held by the relations of a mask: the union of their combinations.
    Map<Long, FlowSpace.Part> belowByMask = new HashMap<>();
    java.util.function.LongFunction<FlowSpace.Part> below = mask -> belowByMask.computeIfAbsent(
        mask, m -> {
          if (!ported) {
            return space.leaf();
          }
          List<PortRange[]> pairs = new ArrayList<>();
          for (int i = 0; i < rs.size(); i++) {
            if ((m & 1L << i) != 0) {
              pairs.addAll(rs.get(i).ports.get(protocol));
            }
          }
          return space.portCells(pairs);
        });
    FlowSpace.AddressRows sources = space.addressRows(false);
    long[] mask = new long[dst.size];
    BitSet row = new BitSet(dst.size);
    for (int s = 0; s < src.size; s++) {
      if (!Protocols.fitsVersion(protocol, src.cls[s].low().version())) {
        continue;
      }
      boolean any = false;
      for (int i = 0; i < rs.size(); i++) {
        rs.get(i).row(s, row);
        for (int t = row.nextSetBit(0); t >= 0; t = row.nextSetBit(t + 1)) {
          mask[t] |= 1L << i;
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      FlowSpace.AddressRows dsts = space.addressRows(true);
      for (int t = 0; t < dst.size; t++) {
        if (mask[t] != 0) {
          dsts.add(dst.cls[t].low(), dst.cls[t].high(), below.apply(mask[t]));
          mask[t] = 0;
        }
      }
      sources.add(src.cls[s].low(), src.cls[s].high(), dsts.build());
    }
    FlowSpace.Part built = sources.build();
    if (built.isEmpty()) {
      return space.empty();
    }
    List<FlowSpace.Cell<Integer>> protocols = new ArrayList<>();
    for (int[] range : ViolationsByEnumeration.protocolRanges(protocol)) {
      protocols.add(new FlowSpace.Cell<>(range[0], range[1], built));
    }
    return space.protocolCells(protocols);
  }

  /**
   * The violating pairs of one set of decisions, and the protocols and port classes of every
   * combination that has them.
   */
  private static final class Relation {
    private final Ends side;
    private final Combination c;
    private final Expectation expect;
    private final Map<Integer, List<PortRange[]>> ports = new LinkedHashMap<>();

    Relation(Ends side, Combination c, Expectation expect) {
      this.side = side;
      this.c = c;
      this.expect = expect;
    }

    void add(int protocol, PortRange sport, PortRange dport) {
      ports.computeIfAbsent(protocol, p -> new ArrayList<>()).add(new PortRange[] {sport, dport});
    }

    /** Precomputed per relation: the destination NICs, and the positions of each group set. */
    private BitSet dstNics;
    private Map<Integer, BitSet> setBits;

    /**
     * Puts into {@code out} the destination positions that source position {@code s} forms a
     * violating flow with.
     */
    void row(int s, BitSet out) {
      Universe src = side.src;
      Universe dst = side.dst;
      if (dstNics == null) {
        dstNics = (BitSet) dst.all.clone();
        dstNics.andNot(dst.external);
        setBits = new HashMap<>();
        for (int g : side.dstSets) {
          BitSet b = new BitSet(dst.size);
          for (int t : dst.bySet.get(g)) {
            b.set(t);
          }
          setBits.put(g, b);
        }
      }
      boolean external = src.nic[s] == null;
      // The flows of this source: every destination but its own NIC's (external: NICs only).
      BitSet flows = (BitSet) (external ? dstNics : dst.all).clone();
      if (!external) {
        int[] own = dst.byNic.get(src.nic[s]);
        if (own != null) {
          for (int t : own) {
            flows.clear(t);
          }
        }
      }
      out.clear();
      if (external) {
        out.or(flows);
      } else {
        out.or(c.egress[src.set[s]]);
        out.and(flows);
      }
      BitSet admitted = (BitSet) dst.external.clone();
      for (int g : side.dstSets) {
        if (c.ingress[g].get(s)) {
          admitted.or(setBits.get(g));
        }
      }
      out.and(admitted);
      if (expect == Expectation.PERMITTED) {
        flows.andNot(out);
        out.clear();
        out.or(flows);
      }
    }
  }
}

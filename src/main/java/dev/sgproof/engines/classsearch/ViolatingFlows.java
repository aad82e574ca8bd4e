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
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every violating flow of an obligation, from the class search's decisions: for each protocol and
 * port combination the decisions of every group set give the violating (source class, destination
 * class) pairs at once, and combinations whose decisions are the same (the same matching rules,
 * group set by group set) give the same pairs, so each distinct relation is computed once and
 * carries the protocols and ports of all its combinations. Exact: the same set as the flow-by-flow
 * enumeration ({@link ViolationsByEnumeration}), which differential tests compare it with.
 */
final class ViolatingFlows {
  private ViolatingFlows() {}

  static FlowSet of(NetworkIndex index, Classes classes, Obligation o, FlowSpace space) {
    ObligationSearch search = new ObligationSearch(index, classes, o, NetworkChanges.NONE, false);
    Network n = index.network;
    Map<List<Object>, Relation> relations = new LinkedHashMap<>();
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
            int dport = ported ? dp.representative() : 0;
            int sport = ported ? sp.representative() : 0;
            Combination c = new Combination(index, n, side, v, protocol, dport, sport, null, null,
                null);
            List<Object> key = List.of(v, c.ingressKeys, c.egressKeys);
            relations.computeIfAbsent(key, k -> new Relation(side, c, o.expect()))
                .add(protocol, sp.range(), dp.range());
          }
        }
      }
    }
    FlowSet out = space.empty();
    for (Relation r : relations.values()) {
      out = out.union(r.flows(space));
    }
    return out;
  }

  /** Stands for the missing ports of a port-less protocol in the loops above. */
  private static final Classes.PortClass NO_PORTS = new Classes.PortClass(PortRange.ALL, 1);

  /**
   * The violating pairs of one combination's decisions, and the protocols and port classes of
   * every combination with the same decisions.
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

    FlowSet flows(FlowSpace space) {
      BitSet[] rows = rows();
      FlowSet out = space.empty();
      for (Map.Entry<Integer, List<PortRange[]>> e : ports.entrySet()) {
        int protocol = e.getKey();
        FlowSpace.Part below = Protocols.hasPorts(protocol)
            ? space.portCells(e.getValue()) : space.leaf();
        FlowSpace.Part sources = sources(space, rows, below);
        if (sources.isEmpty()) {
          continue;
        }
        List<FlowSpace.Cell<Integer>> cells = new ArrayList<>();
        for (int[] range : ViolationsByEnumeration.protocolRanges(protocol)) {
          cells.add(new FlowSpace.Cell<>(range[0], range[1], sources));
        }
        out = out.union(space.protocolCells(cells));
      }
      return out;
    }

    private FlowSpace.Part sources(FlowSpace space, BitSet[] rows, FlowSpace.Part below) {
      Universe src = side.src;
      Universe dst = side.dst;
      Map<BitSet, FlowSpace.Part> byRow = new HashMap<>();
      List<FlowSpace.Cell<IpAddress>> cells = new ArrayList<>();
      for (int s = 0; s < src.size; s++) {
        BitSet row = rows[s];
        if (row.isEmpty()) {
          continue;
        }
        FlowSpace.Part part = byRow.computeIfAbsent(row, r -> {
          List<FlowSpace.Cell<IpAddress>> ds = new ArrayList<>();
          for (int t = r.nextSetBit(0); t >= 0; t = r.nextSetBit(t + 1)) {
            ds.add(new FlowSpace.Cell<>(dst.cls[t].low(), dst.cls[t].high(), below));
          }
          return space.addressCells(true, ds);
        });
        cells.add(new FlowSpace.Cell<>(src.cls[s].low(), src.cls[s].high(), part));
      }
      return space.addressCells(false, cells);
    }

    /** For each source position, the destination positions it forms a violating flow with. */
    private BitSet[] rows() {
      Universe src = side.src;
      Universe dst = side.dst;
      BitSet dstNics = (BitSet) dst.all.clone();
      dstNics.andNot(dst.external);
      Map<Integer, BitSet> setBits = new HashMap<>();
      for (int g : side.dstSets) {
        BitSet b = new BitSet(dst.size);
        for (int t : dst.bySet.get(g)) {
          b.set(t);
        }
        setBits.put(g, b);
      }
      BitSet[] rows = new BitSet[src.size];
      for (int s = 0; s < src.size; s++) {
        boolean external = src.nic[s] == null;
        BitSet flows = external ? (BitSet) dstNics.clone() : (BitSet) dst.all.clone();
        if (!external) {
          int[] own = dst.byNic.get(src.nic[s]);
          if (own != null) {
            for (int t : own) {
              flows.clear(t);
            }
          }
        }
        BitSet permitted = external ? (BitSet) flows.clone() : (BitSet) c.egress[src.set[s]].clone();
        permitted.and(flows);
        BitSet admitted = (BitSet) dst.external.clone();
        for (int g : side.dstSets) {
          if (c.ingress[g].get(s)) {
            admitted.or(setBits.get(g));
          }
        }
        permitted.and(admitted);
        if (expect == Expectation.DENIED) {
          rows[s] = permitted;
        } else {
          flows.andNot(permitted);
          rows[s] = flows;
        }
      }
      return rows;
    }
  }
}

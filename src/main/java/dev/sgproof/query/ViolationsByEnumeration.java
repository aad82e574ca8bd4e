package dev.sgproof.query;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.flows.Violations;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.semantics.Evaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The violations of an assertion found the reference way: one representative flow per class
 * ({@link Classes}) evaluated in the concrete evaluator, each violating class added whole. Exact
 * (every flow of a class is treated alike), and as slow as the exhaustive engine.
 */
public final class ViolationsByEnumeration {
  private ViolationsByEnumeration() {}

  /** The protocol numbers of each protocol class of {@link Classes#PROTOCOLS}, as ranges. */
  public static List<int[]> protocolRanges(int protocolClass) {
    if (protocolClass != Classes.OTHER_PROTOCOL) {
      return List.of(new int[] {protocolClass, protocolClass});
    }
    List<int[]> out = new ArrayList<>();
    int from = 0;
    for (int named : List.of(Protocols.ICMP, Protocols.TCP, Protocols.UDP, Protocols.GRE,
        Protocols.ICMPV6)) {
      if (from < named) {
        out.add(new int[] {from, named - 1});
      }
      from = named + 1;
    }
    out.add(new int[] {from, Protocols.MAX});
    return out;
  }

  /** Every violating flow of the obligations (all of one assertion, on its classes). */
  public static Violations of(Network n, Evaluator evaluator, Classes classes,
      List<Obligation> obligations, FlowSpace space) {
    Violations out = Violations.none(space);
    for (Obligation o : obligations) {
      FlowSet bad = violating(n, evaluator, classes, o, space);
      out = out.union(o.expect() == Expectation.DENIED
          ? new Violations(bad, space.empty())
          : new Violations(space.empty(), bad));
    }
    return out;
  }

  /** Every violating flow of one obligation, by enumeration (the reference). */
  public static FlowSet violating(Network n, Evaluator evaluator, Classes classes, Obligation o,
      FlowSpace space) {
    List<Classes.AddressClass> sources = classes.addressClasses(o.source());
    List<Classes.AddressClass> destinations = classes.addressClasses(o.destination());
    List<Optional<Nic>> sNics = new ArrayList<>();
    sources.forEach(s -> sNics.add(n.owner(s.representative())));
    List<Optional<Nic>> dNics = new ArrayList<>();
    destinations.forEach(d -> dNics.add(n.owner(d.representative())));
    return build(classes, o, sources, destinations, space, new Breaks() {
      @Override
      public boolean isFlow(int i, int j) {
        Optional<Nic> s = sNics.get(i);
        Optional<Nic> d = dNics.get(j);
        return !(s.isEmpty() && d.isEmpty() || s.isPresent() && s.equals(d));
      }

      @Override
      public boolean breaks(int i, int j, int protocol, int srcPort, int dstPort) {
        Flow f = new Flow(sources.get(i).representative(), destinations.get(j).representative(),
            protocol, srcPort, dstPort);
        return !o.expect().satisfiedBy(evaluator.permits(f));
      }
    });
  }

  /** What decides, flow class by flow class, whether an obligation is broken. */
  public interface Breaks {
    /**
     * Whether source class {@code i} and destination class {@code j} (of one version) are flows
     * of the model: not two external ends, not two addresses of one NIC.
     */
    boolean isFlow(int i, int j);

    /**
     * Whether the flows of the classes' pair with that protocol and ports (class representatives;
     * {@link Flow#NO_PORT} for a protocol without ports), which lie within the obligation's
     * traffic, break its expectation.
     */
    boolean breaks(int i, int j, int protocol, int srcPort, int dstPort);
  }

  /**
   * The set of the flows that break an obligation, one flow class at a time: each protocol class,
   * each pair of address classes of one version that are flows of the model, and for a protocol
   * with ports each pair of port classes within the traffic (outside it, for the outside part of
   * {@code only}); the classes that {@code b} says break it added whole. The enumeration asks the
   * evaluator; the class search reads the compiled policy's cells (its {@code CompiledPairs}).
   */
  public static FlowSet build(Classes classes, Obligation o, List<Classes.AddressClass> sources,
      List<Classes.AddressClass> destinations, FlowSpace space, Breaks b) {
    List<FlowSpace.Cell<Integer>> protocolCells = new ArrayList<>();
    List<Classes.PortClass> dports = classes.dstPortClasses();
    List<Classes.PortClass> sports = classes.srcPortClasses();
    for (int protocol : Classes.PROTOCOLS) {
      boolean ported = Protocols.hasPorts(protocol);
      // The ports below a pair by the port classes that break it (pairs of one protocol break
      // under the same few sets of classes: each set's diagram is made once).
      java.util.Map<java.util.BitSet, FlowSpace.Part> byClasses = new java.util.HashMap<>();
      List<FlowSpace.Cell<IpAddress>> srcCells = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        Classes.AddressClass s = sources.get(i);
        if (!Protocols.fitsVersion(protocol, s.low().version())) {
          continue;
        }
        List<FlowSpace.Cell<IpAddress>> dstCells = new ArrayList<>();
        for (int j = 0; j < destinations.size(); j++) {
          Classes.AddressClass d = destinations.get(j);
          if (d.low().version() != s.low().version() || !b.isFlow(i, j)) {
            continue; // not a flow of the model
          }
          FlowSpace.Part below;
          if (ported) {
            java.util.BitSet breaking = new java.util.BitSet();
            for (int x = 0; x < dports.size(); x++) {
              Classes.PortClass dp = dports.get(x);
              if (o.traffic().contains(protocol, dp.representative()) == o.outsideTraffic()) {
                continue;
              }
              for (int y = 0; y < sports.size(); y++) {
                if (b.breaks(i, j, protocol, sports.get(y).representative(), dp.representative())) {
                  breaking.set(x * sports.size() + y);
                }
              }
            }
            below = byClasses.computeIfAbsent(breaking, k -> {
              List<PortRange[]> pairs = new ArrayList<>();
              for (int c = k.nextSetBit(0); c >= 0; c = k.nextSetBit(c + 1)) {
                pairs.add(new PortRange[] {sports.get(c % sports.size()).range(),
                    dports.get(c / sports.size()).range()});
              }
              return space.portCells(pairs);
            });
          } else {
            boolean inSet = o.traffic().contains(protocol, Flow.NO_PORT) != o.outsideTraffic();
            below = inSet && b.breaks(i, j, protocol, Flow.NO_PORT, Flow.NO_PORT)
                ? space.leaf() : space.nothing();
          }
          if (!below.isEmpty()) {
            dstCells.add(new FlowSpace.Cell<>(d.low(), d.high(), below));
          }
        }
        FlowSpace.Part row = space.addressCells(true, dstCells);
        if (!row.isEmpty()) {
          srcCells.add(new FlowSpace.Cell<>(s.low(), s.high(), row));
        }
      }
      FlowSpace.Part part = space.addressCells(false, srcCells);
      if (!part.isEmpty()) {
        for (int[] r : protocolRanges(protocol)) {
          protocolCells.add(new FlowSpace.Cell<>(r[0], r[1], part));
        }
      }
    }
    return space.protocolCells(protocolCells);
  }
}

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
    List<FlowSpace.Cell<Integer>> protocolCells = new ArrayList<>();
    for (int protocol : Classes.PROTOCOLS) {
      boolean ported = Protocols.hasPorts(protocol);
      List<FlowSpace.Cell<IpAddress>> srcCells = new ArrayList<>();
      for (Classes.AddressClass s : sources) {
        if (!Protocols.fitsVersion(protocol, s.low().version())) {
          continue;
        }
        Optional<Nic> sNic = n.owner(s.representative());
        List<FlowSpace.Cell<IpAddress>> dstCells = new ArrayList<>();
        for (Classes.AddressClass d : destinations) {
          if (d.low().version() != s.low().version()) {
            continue;
          }
          Optional<Nic> dNic = n.owner(d.representative());
          if (sNic.isEmpty() && dNic.isEmpty() || sNic.isPresent() && sNic.equals(dNic)) {
            continue; // not a flow of the model
          }
          FlowSpace.Part below;
          if (ported) {
            List<PortRange[]> pairs = new ArrayList<>();
            for (Classes.PortClass dp : classes.dstPortClasses()) {
              if (o.traffic().contains(protocol, dp.representative()) == o.outsideTraffic()) {
                continue;
              }
              for (Classes.PortClass sp : classes.srcPortClasses()) {
                Flow f = new Flow(s.representative(), d.representative(), protocol,
                    sp.representative(), dp.representative());
                if (!o.expect().satisfiedBy(evaluator.evaluate(f).permitted())) {
                  pairs.add(new PortRange[] {sp.range(), dp.range()});
                }
              }
            }
            below = space.portCells(pairs);
          } else {
            Flow f = new Flow(s.representative(), d.representative(), protocol, Flow.NO_PORT,
                Flow.NO_PORT);
            boolean inSet = o.traffic().contains(f) != o.outsideTraffic();
            below = inSet && !o.expect().satisfiedBy(evaluator.evaluate(f).permitted())
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

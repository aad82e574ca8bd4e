package dev.sgproof.query;

import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Protocols;
import dev.sgproof.semantics.Evaluator;
import java.util.List;
import java.util.Optional;

/**
 * The canonical counterexample of an obligation, by definition: the first flow that breaks it in
 * the order of its {@link Classes}, one representative flow per class. Classes are visited in the
 * order counterexamples prefer: protocol (tcp, udp, icmp, icmpv6, gre, other), then destination
 * port, source port (49152 first), source and destination address (NIC addresses first). Every
 * engine returns this flow; the loops here define it, flow by flow in the concrete evaluator
 * (exact, not sampled; the cost is the product of the class counts).
 */
public final class CanonicalFlows {
  private CanonicalFlows() {}

  /**
   * The number of representative flows {@link #firstViolation} visits at most for the obligation
   * (protocols times port classes times address classes; saturates at {@code Long.MAX_VALUE}).
   */
  public static long flowCount(Classes classes, Obligation o) {
    long addresses = (long) classes.addressClasses(o.source()).size()
        * classes.addressClasses(o.destination()).size();
    long ports = (long) classes.dstPorts().size() * classes.srcPorts().size();
    long perAddressPair = 2 * ports + (Classes.PROTOCOLS.size() - 2);
    return addresses > Long.MAX_VALUE / perAddressPair ? Long.MAX_VALUE : addresses * perAddressPair;
  }

  /**
   * The first flow of the obligation that breaks its expectation, in the order above (the
   * canonical counterexample), or empty when the obligation holds. Exact.
   */
  public static Optional<Flow> firstViolation(
      Network n, Evaluator evaluator, Classes classes, Obligation o) {
    List<IpAddress> sources = classes.addresses(o.source());
    List<IpAddress> destinations = classes.addresses(o.destination());
    List<Integer> noPort = List.of(Flow.NO_PORT);
    for (int protocol : Classes.PROTOCOLS) {
      boolean ports = Protocols.hasPorts(protocol);
      for (int dport : ports ? classes.dstPorts() : noPort) {
        for (int sport : ports ? classes.srcPorts() : noPort) {
          Optional<Flow> f =
              firstViolation(n, evaluator, o, sources, destinations, protocol, dport, sport);
          if (f.isPresent()) {
            return f;
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The first violating flow with the protocol and ports fixed, in source-then-destination order
   * of the given class representatives: the inner loops of {@link #firstViolation(Network,
   * Evaluator, Classes, Obligation)}, for a search that chose the protocol and ports otherwise.
   */
  public static Optional<Flow> firstViolation(Network n, Evaluator evaluator, Obligation o,
      List<IpAddress> sources, List<IpAddress> destinations, int protocol, int dport, int sport) {
    for (IpAddress s : sources) {
      if (!Protocols.fitsVersion(protocol, s.version())) {
        continue;
      }
      Optional<Nic> sNic = n.owner(s);
      for (IpAddress d : destinations) {
        if (d.version() != s.version()) {
          continue;
        }
        Optional<Nic> dNic = n.owner(d);
        if ((sNic.isEmpty() && dNic.isEmpty()) || (sNic.isPresent() && sNic.equals(dNic))) {
          continue;
        }
        Flow f = new Flow(s, d, protocol, sport, dport);
        if (o.traffic().contains(f) == o.outsideTraffic()) {
          continue;
        }
        if (!o.expect().satisfiedBy(evaluator.permits(f))) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }
}

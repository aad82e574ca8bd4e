package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Traffic;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The query of one obligation: the flow lies in the obligation's set and the network's decision
 * differs from the expectation. Source and destination NICs are symbolic: an endpoint is the
 * disjunction of its addresses (or a CIDR, or "owned by no NIC"), and the decision is a case split
 * over the NICs that may own each address.
 */
final class ObligationTerms {
  private ObligationTerms() {}

  /** An endpoint on one side: its address set and the NICs that may own an address in it. */
  private record EndpointTerm(BoolExpr inSet, List<Nic> candidates) {}

  /** Some flow of the obligation's set breaks its expectation. */
  static BoolExpr violation(Encoding e, Obligation o) {
    EndpointTerm s = endpoint(e, o.source(), Encoding.Side.SRC);
    EndpointTerm d = endpoint(e, o.destination(), Encoding.Side.DST);
    List<BoolExpr> set = new ArrayList<>();
    set.add(s.inSet());
    set.add(d.inSet());
    set.add(e.or(internal(e, s, Encoding.Side.SRC), internal(e, d, Encoding.Side.DST)));
    Set<Nic> dstNics = Collections.newSetFromMap(new IdentityHashMap<>());
    dstNics.addAll(d.candidates());
    for (Nic n : s.candidates()) {
      if (dstNics.contains(n)) {
        set.add(e.not(e.and(e.owns(Encoding.Side.SRC, n), e.owns(Encoding.Side.DST, n))));
      }
    }
    BoolExpr inTraffic = traffic(e, o.traffic());
    set.add(o.outsideTraffic() ? e.not(inTraffic) : inTraffic);
    BoolExpr permitted = permitted(e, s.candidates(), d.candidates());
    set.add(o.expect() == Expectation.PERMITTED ? e.not(permitted) : permitted);
    return e.and(set);
  }

  /** Section 7: egress at the source NIC if any, and ingress at the destination NIC if any. */
  private static BoolExpr permitted(Encoding e, List<Nic> sources, List<Nic> destinations) {
    List<BoolExpr> parts = new ArrayList<>(sources.size() + destinations.size());
    for (Nic n : sources) {
      parts.add(e.implies(e.owns(Encoding.Side.SRC, n), e.egress(n)));
    }
    for (Nic n : destinations) {
      parts.add(e.implies(e.owns(Encoding.Side.DST, n), e.ingress(n)));
    }
    return e.and(parts);
  }

  private static BoolExpr internal(Encoding e, EndpointTerm t, Encoding.Side side) {
    List<BoolExpr> parts = new ArrayList<>(t.candidates().size());
    for (Nic n : t.candidates()) {
      parts.add(e.owns(side, n));
    }
    return e.or(parts);
  }

  private static EndpointTerm endpoint(Encoding e, Endpoint ep, Encoding.Side side) {
    Network net = e.network();
    if (ep instanceof Endpoint.InternetEndpoint) {
      return new EndpointTerm(e.not(e.ownedByAny(side)), List.of());
    }
    if (ep instanceof Endpoint.CidrEndpoint c) {
      List<Nic> owners = new ArrayList<>();
      for (Nic n : net.nics()) {
        for (IpAddress a : n.addresses()) {
          if (c.cidr().contains(a)) {
            owners.add(n);
            break;
          }
        }
      }
      return new EndpointTerm(e.inCidr(side, c.cidr()), owners);
    }
    List<Nic> nics = net.nicsOf(ep);
    List<BoolExpr> parts = new ArrayList<>(nics.size());
    for (Nic n : nics) {
      parts.add(e.owns(side, n));
    }
    return new EndpointTerm(e.or(parts), nics);
  }

  /** Traffic.contains: the protocol, and for tcp/udp traffic with ports, the destination port. */
  static BoolExpr traffic(Encoding e, Traffic t) {
    if (t.isAny()) {
      return e.ctx().mkTrue();
    }
    BoolExpr p = e.eq(e.proto, e.protoNum(t.protocol().number()));
    if (t.ports().isEmpty()) {
      return p;
    }
    List<BoolExpr> ranges = new ArrayList<>(t.ports().size());
    for (PortRange r : t.ports()) {
      ranges.add(e.inRange(e.dport, r));
    }
    return e.and(p, e.or(ranges));
  }
}

package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Traffic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The term of a {@link Violation}: the flow lies in the question's set and the network's decision
 * differs from the expectation (semantics.md section 7). Source and destination NICs are
 * symbolic: an endpoint is the disjunction of its addresses (or a CIDR, or "owned by no NIC", for
 * the internet also in public space), and the decision is a case split over the NICs that may own
 * each address.
 */
final class ViolationTerms {
  private ViolationTerms() {}

  /** An endpoint on one side: its address set and the NICs that may own an address in it. */
  private record EndpointTerm(BoolExpr inSet, List<Nic> candidates) {}

  /** Some flow of the question's set breaks its expectation. */
  static BoolExpr violation(NetworkTerms t, Violation v) {
    FlowTerms e = t.flow();
    EndpointTerm s = endpoint(t, v.source(), Side.SRC);
    EndpointTerm d = endpoint(t, v.destination(), Side.DST);
    List<BoolExpr> set = new ArrayList<>();
    set.add(s.inSet());
    set.add(d.inSet());
    set.add(e.or(internal(t, s, Side.SRC), internal(t, d, Side.DST)));
    Set<Nic> dstNics = Collections.newSetFromMap(new IdentityHashMap<>());
    dstNics.addAll(d.candidates());
    for (Nic n : s.candidates()) {
      if (dstNics.contains(n)) {
        set.add(e.not(e.and(t.owns(Side.SRC, n), t.owns(Side.DST, n))));
      }
    }
    BoolExpr inTraffic = traffic(e, v.traffic());
    set.add(v.outsideTraffic() ? e.not(inTraffic) : inTraffic);
    BoolExpr permitted = permitted(t, s.candidates(), d.candidates());
    set.add(v.mustBePermitted() ? e.not(permitted) : permitted);
    return e.and(set);
  }

  /** Section 7: egress at the source NIC if any, and ingress at the destination NIC if any. */
  private static BoolExpr permitted(NetworkTerms t, List<Nic> sources, List<Nic> destinations) {
    FlowTerms e = t.flow();
    List<BoolExpr> parts = new ArrayList<>(sources.size() + destinations.size());
    for (Nic n : sources) {
      parts.add(e.implies(t.owns(Side.SRC, n), t.egress(n)));
    }
    for (Nic n : destinations) {
      parts.add(e.implies(t.owns(Side.DST, n), t.ingress(n)));
    }
    return e.and(parts);
  }

  private static BoolExpr internal(NetworkTerms t, EndpointTerm term, Side side) {
    List<BoolExpr> parts = new ArrayList<>(term.candidates().size());
    for (Nic n : term.candidates()) {
      parts.add(t.owns(side, n));
    }
    return t.flow().or(parts);
  }

  private static EndpointTerm endpoint(NetworkTerms t, Endpoint ep, Side side) {
    FlowTerms e = t.flow();
    Network net = t.network();
    if (ep instanceof Endpoint.InternetEndpoint) {
      return new EndpointTerm(e.and(e.not(t.ownedByAny(side)), e.isPublic(side)), List.of());
    }
    if (ep instanceof Endpoint.ExternalEndpoint) {
      return new EndpointTerm(e.not(t.ownedByAny(side)), List.of());
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
      parts.add(t.owns(side, n));
    }
    return new EndpointTerm(e.or(parts), nics);
  }

  /**
   * Traffic.contains: some item's protocol, and for a tcp/udp item with ports, the destination
   * port in one of its ranges.
   */
  static BoolExpr traffic(FlowTerms e, Traffic t) {
    if (t.isAny()) {
      return e.ctx.mkTrue();
    }
    List<BoolExpr> items = new ArrayList<>(t.items().size());
    for (Traffic.Item i : t.items()) {
      BoolExpr p = e.eq(e.proto, e.protoNum(i.protocol().number()));
      if (i.ports().isEmpty()) {
        items.add(p);
        continue;
      }
      List<BoolExpr> ranges = new ArrayList<>(i.ports().size());
      for (PortRange r : i.ports()) {
        ranges.add(e.inRange(e.dport, r));
      }
      items.add(e.and(p, e.or(ranges)));
    }
    return e.or(items);
  }
}

package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PublicSpace;
import dev.sgproof.model.Traffic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One directed part of an assertion: every flow from {@code source} to {@code destination} that
 * lies within {@code traffic} (or, when {@code outsideTraffic}, every other flow between them) must
 * be {@code expect}ed. An assertion is the conjunction of its obligations (language.md):
 *
 * <ul>
 *   <li>{@code A -> B reachable T}: A to B within T permitted;
 *   <li>{@code A -> B unreachable T}: A to B within T denied;
 *   <li>{@code A -> B only T}: A to B within T permitted, and A to B outside T denied;
 *   <li>{@code A <-> B interconnected T}: both directions within T permitted;
 *   <li>{@code A <-> B isolated T}: both directions within T denied.
 * </ul>
 */
public record Obligation(
    Endpoint source,
    Endpoint destination,
    Traffic traffic,
    boolean outsideTraffic,
    Expectation expect) {

  public Obligation {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(expect, "expect");
  }

  public static List<Obligation> of(Assertion a) {
    Endpoint l = a.left();
    Endpoint r = a.right();
    Traffic t = a.traffic();
    return switch (a.kind()) {
      case REACHABLE -> List.of(new Obligation(l, r, t, false, Expectation.PERMITTED));
      case UNREACHABLE -> List.of(new Obligation(l, r, t, false, Expectation.DENIED));
      case ONLY -> List.of(
          new Obligation(l, r, t, false, Expectation.PERMITTED),
          new Obligation(l, r, t, true, Expectation.DENIED));
      case INTERCONNECTED -> List.of(
          new Obligation(l, r, t, false, Expectation.PERMITTED),
          new Obligation(r, l, t, false, Expectation.PERMITTED));
      case ISOLATED -> List.of(
          new Obligation(l, r, t, false, Expectation.DENIED),
          new Obligation(r, l, t, false, Expectation.DENIED));
    };
  }

  /**
   * Whether the flow belongs to this obligation's set: the source address is in the source
   * endpoint, the destination in the destination endpoint, the flow is inside (or outside) the
   * traffic, and it is a flow of the model (not external to external, not within one NIC).
   */
  public boolean contains(Network n, Flow f) {
    Optional<Nic> s = n.owner(f.src());
    Optional<Nic> d = n.owner(f.dst());
    if (s.isEmpty() && d.isEmpty()) {
      return false;
    }
    if (s.isPresent() && s.equals(d)) {
      return false;
    }
    return traffic.contains(f) != outsideTraffic
        && covers(n, source, f.src())
        && covers(n, destination, f.dst());
  }

  /** Whether the endpoint denotes the address (language.md, ENDPOINT). */
  public static boolean covers(Network n, Endpoint e, IpAddress a) {
    if (e instanceof Endpoint.CidrEndpoint c) {
      return c.cidr().contains(a);
    }
    if (e instanceof Endpoint.InternetEndpoint) {
      return n.owner(a).isEmpty() && PublicSpace.contains(a);
    }
    if (e instanceof Endpoint.ExternalEndpoint) {
      return n.owner(a).isEmpty();
    }
    Optional<Nic> owner = n.owner(a);
    return owner.isPresent() && n.denotes(e, owner.get());
  }

  /** For reports: {@code A -> B within tcp 22 must be permitted}. */
  public String describe() {
    return source + " -> " + destination + (outsideTraffic ? " outside " : " within ") + traffic
        + " must be " + (expect == Expectation.PERMITTED ? "permitted" : "denied");
  }
}

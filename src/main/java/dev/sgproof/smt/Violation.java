package dev.sgproof.smt;

import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Traffic;
import java.util.Objects;

/**
 * A question for the solver: is there a flow from {@code source} to {@code destination} that lies
 * within {@code traffic} (or, when {@code outsideTraffic}, outside it), is a flow of the model (not
 * external to external, not within one NIC), and that the network decides against the
 * expectation (denies it when {@code mustBePermitted}, permits it otherwise)? Such a flow breaks
 * the expectation; "holds" means there is none.
 */
public record Violation(
    Endpoint source,
    Endpoint destination,
    Traffic traffic,
    boolean outsideTraffic,
    boolean mustBePermitted) {
  public Violation {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(traffic, "traffic");
  }
}

package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;
import java.util.List;
import java.util.Objects;

/**
 * One assertion on one network, with its flow classes and its obligations (in the order of {@link
 * Obligation#of}): what every method of an {@link Engine} is asked about. The classes are exact for
 * the network and for every variant of it that {@link ProofSteps.Variant} describes (a variant
 * deletes rules or adds rules whose peer is a whole address space, which only merges classes).
 */
public record Problem(
    Network network, Assertion assertion, Classes classes, List<Obligation> obligations) {
  public Problem {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(assertion, "assertion");
    Objects.requireNonNull(classes, "classes");
    obligations = List.copyOf(obligations);
  }

  /** The problem with the given classes (of this assertion on this network). */
  public static Problem of(Network n, Assertion a, Classes classes) {
    return new Problem(n, a, classes, Obligation.of(a));
  }

  /** The problem with its classes computed afresh. */
  public static Problem of(Network n, Assertion a) {
    return of(n, a, Classes.of(n, a));
  }
}

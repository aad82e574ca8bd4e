package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Rule;
import dev.sgproof.query.ProofSteps;
import java.util.Set;

/**
 * A change of the network that the search applies as it goes, instead of building a new network:
 * some rules deleted ({@code kept}: only these, all when null), the intra-group allow of one group
 * off ({@code isolated}), catch-all rules at priority 110 (the variants of {@link ProofSteps}).
 */
record NetworkChanges(Set<Rule> kept, String isolated, ProofSteps.CatchAll catchAll) {
  static final NetworkChanges NONE = new NetworkChanges(null, null, null);

  static NetworkChanges of(ProofSteps.Variant v) {
    return new NetworkChanges(v.kept(), v.isolated(), v.catchAll());
  }
}

package dev.sgproof.engines.classsearch;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Problem;
import java.util.List;

/**
 * The class machinery's exact answers about sets: every violating flow of an obligation and the
 * rules that decide some flow of an assertion. Not an engine: the class search answers with it,
 * and so does the Z3 engine for these two questions (issue 16: they may come from the shared class
 * machinery). Keeps the index of the last network it saw; one thread at a time.
 */
public final class ExactSets {
  private NetworkIndex index;
  private final ProblemSearches searches = new ProblemSearches();

  public ExactSets() {}

  ExactSets(NetworkIndex index) {
    this.index = index;
  }

  public FlowSet violating(Problem p, Obligation o, FlowSpace space) {
    return ViolatingFlows.of(searches.of(index(p.network()), p, o), space);
  }

  public List<Rule> decidedBy(Problem p) {
    return DecidingRules.of(index(p.network()), p, searches);
  }

  private NetworkIndex index(Network n) {
    if (index == null || index.network != n) {
      index = new NetworkIndex(n, ClassSearchEngine.KEEP_UNIVERSES_FROM);
    }
    return index;
  }
}

package dev.sgproof.engines.classsearch;

import dev.sgproof.query.Obligation;
import dev.sgproof.query.Problem;

/**
 * The tracked searches ({@link ObligationSearch} noting the deciding rules) of the last problem
 * asked about, one per obligation: what the questions asked of one verdict after its check share
 * (dependsOn, the violating flows, the deciding rules), so that each combination is decided once
 * on the network as it is ({@link ObligationSearch#asIs}) and the decisions of the deletion
 * tests carry over. Kept until another problem (or another network) is asked about.
 */
final class ProblemSearches {
  private Problem problem;
  private NetworkIndex index;
  private ObligationSearch[] searches;

  /** The tracked search of the obligation of the problem (a fresh one if it is not one of its). */
  ObligationSearch of(NetworkIndex ix, Problem p, Obligation o) {
    int i = p.obligations().indexOf(o);
    if (i < 0) {
      return new ObligationSearch(ix, p.classes(), o, NetworkChanges.NONE, true);
    }
    if (problem != p || index != ix) {
      problem = p;
      index = ix;
      searches = new ObligationSearch[p.obligations().size()];
    }
    if (searches[i] == null) {
      searches[i] = new ObligationSearch(ix, p.classes(), o, NetworkChanges.NONE, true);
    }
    return searches[i];
  }
}

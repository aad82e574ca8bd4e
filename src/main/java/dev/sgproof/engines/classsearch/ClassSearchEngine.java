package dev.sgproof.engines.classsearch;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.query.CanonicalFlows;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Engine;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The class search: the canonical flow loop ({@link CanonicalFlows#firstViolation}) computed over
 * whole sets of address classes at once instead of one flow at a time. Same classes, same order,
 * same answer: the first violating flow in the canonical order, or none. It is exact, and built
 * for endpoints that cover thousands of NICs (a /8, the internet, a big group), where the
 * flow-by-flow loop visits millions of class pairs.
 *
 * <p>Why it is exact. For a fixed protocol and ports, the decision at a NIC depends only on the
 * NIC's groups (which rules and defaults apply) and on the other end's address class (which CIDR
 * peers contain it) and groups (which group peers and interconnected groups it is in). So:
 *
 * <ul>
 *   <li>NICs with the same set of groups ({@link GroupSet}) share one ingress decision, a bit set
 *       over the source classes, and one egress decision, a bit set over the destination classes
 *       ({@link Decision});
 *   <li>a decision bit set is computed rule by rule, in priority order, from the set of classes
 *       each rule's peer matches (a CIDR is a contiguous run of classes sorted by address, a group
 *       the addresses of its members: {@link Universe}); at each priority a deny beats an allow,
 *       and what is decided at a priority stays decided (semantics.md section 4); then the
 *       intra-group allow (section 5) or the egress default (section 6);
 *   <li>a protocol-and-ports combination ({@link Combination}) whose matching rules are the same,
 *       group set by group set, as one already found clean is clean too, and is skipped
 *       ({@link ObligationSearch}).
 * </ul>
 *
 * <p>An obligation between few address classes (two NICs, say) is decided off the {@link
 * CompiledPolicy} instead: the network's rules compiled once per group set, direction and class
 * of the other end's address line into one decision bit per protocol-and-ports cell, kept for
 * every later assertion ({@link CompiledSearch}: a table lookup per pair of classes, then a walk
 * over the obligation's cells in the canonical order).
 *
 * <p>The only pairs left out are those the flow loop leaves out: external to external and two
 * addresses of one NIC. Variants of the network (proof steps, dependsOn) are searched in place
 * ({@link NetworkChanges}), on the problem's classes. What searches of one network share ({@link
 * NetworkIndex}: group sets, numbered peers, big universes, the compiled policy) is kept by this
 * instance for the last network it saw. Differential tests compare it with the flow loop on generated specs.
 */
public final class ClassSearchEngine implements Engine {
  /** Universes of at least this many classes are kept for reuse by default. */
  public static final int KEEP_UNIVERSES_FROM = 256;

  /**
   * Obligations with at most this many pairs of address classes are decided from the compiled
   * policy ({@link CompiledSearch}) by default; bigger ones set by set.
   */
  public static final long COMPILED_PAIRS = 64;

  private final int keepUniversesFrom;
  private final int transposeAbove;
  private final long compiledPairs;
  /**
   * Whether the check of an obligation searched set by set reads the tracked decisions of the
   * network as it is ({@link ObligationSearch#asIs}) that the questions after it read: when every
   * verdict names its deciding rules ({@link #decidedBy}), those are made for every combination
   * anyway, so the check's own untracked decisions (and its universes, live rules and cells)
   * would be made twice.
   */
  private boolean checkAsIs;
  private NetworkIndex index;
  private long universesReusedBefore;
  /** What dependsOn, the violations and the deciding rules of one problem share. */
  private final ProblemSearches searches = new ProblemSearches();

  public ClassSearchEngine() {
    this(KEEP_UNIVERSES_FROM, Combination.TRANSPOSE_ABOVE, COMPILED_PAIRS);
  }

  /**
   * The search that never reads the compiled policy: every obligation is searched set by set,
   * and so are its violations, deciding rules and dependsOn (tests of that path use it, since
   * the default takes the compiled policy for obligations between few classes).
   */
  static ClassSearchEngine setBySet() {
    return new ClassSearchEngine(KEEP_UNIVERSES_FROM, Combination.TRANSPOSE_ABOVE, 0);
  }

  /**
   * The default search, for runs whose every verdict names its deciding rules ({@code
   * decidedBy}, as JSON and {@code --explain} do): the checks then share the tracked decisions of
   * the questions after them. The answers are the same either way.
   */
  public static ClassSearchEngine forRun(boolean decidedBy) {
    ClassSearchEngine e = new ClassSearchEngine();
    e.checkAsIs = decidedBy;
    return e;
  }

  /** This search, its checks reading the tracked decisions (see {@link #forRun}; tests). */
  ClassSearchEngine checkingAsIs() {
    checkAsIs = true;
    return this;
  }

  ClassSearchEngine(int keepUniversesFrom, int transposeAbove) {
    this(keepUniversesFrom, transposeAbove, COMPILED_PAIRS);
  }

  /**
   * @param keepUniversesFrom universes of at least this many classes are kept for reuse (tests
   *     lower it, so that the small specs of the differential tests reuse them too)
   * @param transposeAbove when both ends have more group sets than this, a "must be denied"
   *     obligation pairs sources with destinations through a transposed bit matrix instead of
   *     group set by group set; every threshold gives the same answer (tests run both)
   * @param compiledPairs obligations with at most this many pairs of address classes are decided
   *     from the compiled policy (0: never, {@code Long.MAX_VALUE}: always); every limit gives the
   *     same answer (tests run the extremes)
   */
  ClassSearchEngine(int keepUniversesFrom, int transposeAbove, long compiledPairs) {
    this.keepUniversesFrom = keepUniversesFrom;
    this.transposeAbove = transposeAbove;
    this.compiledPairs = compiledPairs;
  }

  @Override
  public void prepare(Network n) {
    NetworkIndex ix = index(n);
    if (compiledPairs > 0 && ix.compiled() != null) {
      ix.compiled().compileNicTables();
    }
  }

  @Override
  public Outcome decide(Problem p, Obligation o) {
    Optional<Flow> bad = checkAsIs ? firstViolationAsIs(p, o)
        : firstViolation(p.network(), p.classes(), o);
    return bad.<Outcome>map(Outcome.Broken::new).orElse(Outcome.HOLDS);
  }

  /** The first violating flow of the obligation in the canonical order, or empty. */
  Optional<Flow> firstViolation(Network n, Classes classes, Obligation o) {
    NetworkIndex ix = index(n);
    if (compiledPairs > 0 && ix.compiled() != null) {
      Optional<Flow> f = CompiledSearch.firstViolation(ix.compiled(), ix, classes, o,
          compiledPairs);
      if (f != null) {
        return f;
      }
    }
    return new ObligationSearch(ix, classes, o, NetworkChanges.NONE, false)
        .run(transposeAbove, null);
  }

  /**
   * {@link #firstViolation}, set by set from the tracked decisions of the problem's searches
   * ({@link ProblemSearches}), which its violations, deciding rules and dependsOn read after.
   */
  private Optional<Flow> firstViolationAsIs(Problem p, Obligation o) {
    NetworkIndex ix = index(p.network());
    if (compiledPairs > 0 && ix.compiled() != null) {
      Optional<Flow> f = CompiledSearch.firstViolation(ix.compiled(), ix, p.classes(), o,
          compiledPairs);
      if (f != null) {
        return f;
      }
    }
    checkedAsIs++;
    return searches.of(ix, p, o).runAsIs(transposeAbove);
  }

  private long checkedAsIs;

  /** How many obligations were checked off the tracked decisions (tests). */
  long checkedAsIs() {
    return checkedAsIs;
  }

  /**
   * Searched in place on the problem's own classes (they serve every variant: variants only
   * delete rules or add rules whose peer is a whole address space).
   */
  @Override
  public boolean holdsOn(Problem p, Obligation o, ProofSteps.Variant v) {
    CompiledPairs pairs = pairs(p);
    if (pairs != null && p.obligations().contains(o)) {
      return pairs.holdsOn(o, v);
    }
    NetworkChanges changes = NetworkChanges.of(v);
    // The search's live rules are only the kept ones ({@link Ends#live}): no mask to clear.
    return new ObligationSearch(index(p.network()), p.classes(), o, changes, false)
        .run(transposeAbove, null)
        .isEmpty();
  }

  /**
   * By deletion tests that search incrementally ({@link DependsOnSearch}): the first searches
   * every combination and notes the rules that decide some class; a rule that decides nothing (it
   * matches only classes an earlier priority decided, or an allow only classes a deny of its own
   * priority takes) can be deleted without changing any decision, so it goes without a test, and
   * so do the rules of groups no NIC of the assertion is in; the test without a deciding rule
   * re-decides only the combinations in which it decides some class. The problem's classes are
   * valid for every network with fewer rules (deleting rules only merges classes). Every rule
   * when the assertion does not hold.
   */
  @Override
  public List<Rule> dependsOn(Problem p) {
    CompiledPairs pairs = pairs(p);
    if (pairs != null) {
      return pairs.dependsOn();
    }
    DependsOnSearch search = dependsOnSearch(p);
    List<Rule> out = search.dependsOn(() -> holdsWithNoRule(p));
    deletionTests += search.testsRun();
    return out;
  }

  /** How many deletion tests dependsOn searched (for tests). */
  long deletionTests() {
    return deletionTests;
  }

  private long deletionTests;

  /** How many proofs went without deletion tests as resting on no rule (for tests). */
  long restedOnNoRule() {
    return restedOnNoRule;
  }

  private long restedOnNoRule;

  /**
   * Whether every obligation holds with no rule at all ({@link DependsOnSearch#dependsOn}): a
   * cheap search, with no live rule to match.
   */
  private boolean holdsWithNoRule(Problem p) {
    ProofSteps.Variant none = new ProofSteps.Variant(java.util.Set.of(), null, null);
    for (Obligation o : p.obligations()) {
      if (!holdsOn(p, o, none)) {
        return false;
      }
    }
    restedOnNoRule++;
    return true;
  }

  /** The deletion tests of dependsOn on the problem (tests count what they decide). */
  DependsOnSearch dependsOnSearch(Problem p) {
    Network n = p.network();
    // One state per obligation for all the searches: they differ only in the rules kept, which
    // enter each decision's key, so decisions and clean combinations carry over between them.
    List<ObligationSearch> states = new ArrayList<>();
    for (Obligation o : p.obligations()) {
      states.add(searches.of(index(n), p, o));
    }
    return new DependsOnSearch(n, states, transposeAbove);
  }

  @Override
  public FlowSet violating(Problem p, Obligation o, FlowSpace space) {
    CompiledPairs pairs = pairs(p);
    if (pairs != null && p.obligations().contains(o)) {
      return pairs.violating(o, space);
    }
    return ViolatingFlows.of(searches.of(index(p.network()), p, o), space);
  }

  @Override
  public List<Rule> decidedBy(Problem p) {
    CompiledPairs pairs = pairs(p);
    if (pairs != null) {
      return pairs.decidedBy();
    }
    return DecidingRules.of(index(p.network()), p, searches);
  }

  /** The pairs of the last problem asked about, and whether they were tried for it. */
  private CompiledPairs pairs;
  private Problem pairsOf;

  /**
   * What the questions after a check read off the compiled policy ({@link CompiledPairs}) when
   * every obligation of the problem has at most {@link #compiledPairs} pairs of address classes;
   * null otherwise (they are then searched set by set). Kept for the last problem.
   */
  private CompiledPairs pairs(Problem p) {
    if (compiledPairs <= 0) {
      return null;
    }
    NetworkIndex ix = index(p.network());
    if (ix.compiled() == null) {
      return null;
    }
    if (pairsOf != p) {
      pairsOf = p;
      pairs = CompiledPairs.of(ix.compiled(), ix, p, compiledPairs);
      if (pairs != null) {
        problemsByPairs++;
      }
    }
    return pairs;
  }

  /** How many problems' questions after the check were read off the compiled policy (tests). */
  long problemsByPairs() {
    return problemsByPairs;
  }

  private long problemsByPairs;

  /** The compiled policy kept for the network (null when it has too many cells; tests). */
  CompiledPolicy compiledPolicy(Network n) {
    return index(n).compiled();
  }

  /** How many times a kept universe served another search (tests check that reuse happens). */
  long universesReused() {
    return universesReusedBefore + (index == null ? 0 : index.universesReused());
  }

  /** How many combinations of decisions the current network's searches built (for tests). */
  long combinationsBuilt() {
    return index == null ? 0 : index.combinationsBuilt;
  }

  /**
   * Rows of violating pairs, the destination positions they visited and the decision contents
   * they read (for tests).
   */
  long[] violationRows() {
    return index == null ? new long[3]
        : new long[] {index.violationRows, index.rowPositionsVisited, index.contentsRead};
  }

  /** How many live rules the current network's searches made (for tests). */
  long liveRulesMade() {
    return index == null ? 0 : index.liveRulesMade;
  }

  /** How many rules the current network's decisions applied (for tests). */
  long rulesApplied() {
    return index == null ? 0 : index.rulesApplied;
  }

  /** The index of the network, kept for the last network asked about (tests read its counts). */
  NetworkIndex index(Network n) {
    if (index == null || index.network != n) {
      universesReusedBefore = universesReused();
      index = new NetworkIndex(n, keepUniversesFrom);
    }
    return index;
  }
}

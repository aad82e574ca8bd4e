package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Action;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.ProofSteps;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deletion tests of dependsOn ({@link ProofSteps#minimalByDeletion}) on the class search,
 * made incremental: the first test searches every combination of every obligation and keeps the
 * decisions each one used; the test without one more rule re-decides only the combinations in
 * which that rule decides some class of some decision, and keeps every other decision. A proof
 * whose N rules each decide a few combinations then costs about one full search plus N small
 * ones, where a full search per rule cost N full searches.
 *
 * <p>Why the answers are those of full searches. A rule that decides no class of a decision
 * (every class it matches is decided at an earlier priority or, for an allow, taken by a deny of
 * its own priority) can be deleted without changing that decision: the allowed classes, the
 * classes decided after each priority and so the rules that decide some class all stay the same
 * ({@link Decision#of}). So in a combination in which the deleted rule decides nothing, every
 * decision is what it was in the last test that held, and the combination is still clean. The
 * rules deleted without a test since then (outside the set that test returned) decide nothing in
 * any decision in use, so the same holds for them. The combinations re-decided are searched with
 * the rules actually kept. {@link ProofSteps#minimalByDeletion} depends only on whether each test
 * holds, so the rules left, and their order, are what full searches give (the differential tests
 * compare them with the exhaustive engine's).
 *
 * <p>Rules whose deletion cannot break an obligation ({@link #harmless}: allows when its flows must
 * be denied, denies when they must be permitted) need no search for it: it still holds, and its
 * decisions are left as they are, though made with more rules than are kept now. They stay good
 * enough: each combination's decisions were made with some kept rules K' and are clean, and the
 * rules kept now are K' less harmless rules and less rules that decide nothing in them. Deleting
 * the latter leaves the decisions as they are; deleting the former leaves a clean combination
 * clean. So a kept rule that decides nothing there can go without a test, and the test without a
 * rule that does decide there re-decides it with the rules actually kept: an exact answer, with
 * decisions made afresh. When every obligation expects the same, the rules harmless to all of them
 * go without a test (outside the set a test returns), as a test would have held.
 *
 * <p>Likewise, when the decisions of one direction of a combination alone deny every flow of an
 * obligation that they be denied ({@link #blocks}), only they are in use there: the rules of the
 * other direction cannot break it while those decisions stand, and those decisions change only
 * by a test without a rule that decides in them (the combination is then re-decided) or by
 * deleting allows, which deny more.
 */
final class DependsOnSearch implements ProofSteps.DeletionTest {
  private final Network network;
  private final int transposeAbove;
  private final List<Tracked> obligations = new ArrayList<>();
  /**
   * For each rule, the number of decisions in use (in the last test that held, over every
   * obligation) in which it decides some class.
   */
  private final Map<Rule, int[]> deciding = new IdentityHashMap<>();
  /** The rules with a positive count in {@link #deciding}: what every test that holds returns. */
  private final Set<Rule> mayNeed = new AbstractSet<>() {
    @Override
    public boolean contains(Object r) {
      int[] c = deciding.get(r);
      return c != null && c[0] > 0 && !harmlessToAll((Rule) r);
    }

    @Override
    public Iterator<Rule> iterator() {
      return deciding.entrySet().stream()
          .filter(e -> e.getValue()[0] > 0 && !harmlessToAll(e.getKey()))
          .map(Map.Entry::getKey).iterator();
    }

    @Override
    public int size() {
      return (int) deciding.entrySet().stream()
          .filter(e -> e.getValue()[0] > 0 && !harmlessToAll(e.getKey())).count();
    }
  };

  /**
   * The one expectation of every obligation (null when they differ or there are none): then the
   * rules of the action whose deletion cannot break it go without a test ({@link #harmless}).
   */
  private final Expectation common;

  /**
   * Whether deleting rule {@code r} cannot break an obligation that held and expects {@code e}:
   * an allow when the flows must be denied, a deny when they must be permitted. Decisions are
   * monotone in the rules kept (section 4): deleting an allow never allows a class (the class it
   * took falls to a later priority, which allows or denies it, or to the default, which only
   * allows what no rule decided, as before), and deleting a deny never denies one; a flow is
   * permitted when its source's egress and its destination's ingress both allow it.
   */
  static boolean harmless(Rule r, Expectation e) {
    return (r.action() == Action.ALLOW) == (e == Expectation.DENIED);
  }

  private boolean harmlessToAll(Rule r) {
    return common != null && harmless(r, common);
  }
  private boolean searched;
  /** Combinations decided so far, over every test (an operation count for tests). */
  private long combinationsDecided;

  /**
   * How many rules {@link #candidates} has: a test that keeps that many keeps every rule that
   * can decide a flow of the assertion, so it searches the network as it is.
   */
  private final int ruleCount;

  /**
   * The rules that can decide some class of some obligation, in spec order: the ingress rules of
   * the groups of the destinations' group sets and the egress rules of those of the sources'
   * (each obligation, each version). A decision here is made only from the live rules of one of
   * those group sets in that direction ({@link Combination}, {@link Ends#live}), so no other rule
   * is ever in a decision's deciding rules, in the set a test returns, or in a mask a search
   * reads: deleting it or keeping it changes no decision. The account spec's proofs have a few
   * dozen of them among 20,000 rules.
   */
  private final List<Rule> candidates;

  /**
   * The caller's kept rules as flags (what the searches read), kept equal to them; null without
   * obligations.
   */
  private final KeptRules mirror;

  DependsOnSearch(Network network, List<ObligationSearch> states, int transposeAbove) {
    this.network = network;
    this.candidates = candidates(network, states);
    this.ruleCount = candidates.size();
    NetworkIndex ix = states.isEmpty() ? null : states.get(0).p;
    this.mirror = ix == null ? null : new KeptRules(ix.specOrder(), ix.rulesInSpecOrder());
    this.transposeAbove = transposeAbove;
    for (ObligationSearch s : states) {
      obligations.add(new Tracked(s));
    }
    Set<Expectation> expected = java.util.EnumSet.noneOf(Expectation.class);
    states.forEach(s -> expected.add(s.o.expect()));
    this.common = expected.size() == 1 ? expected.iterator().next() : null;
  }

  /** The rules the proof depends on (every rule when it does not hold). */
  List<Rule> dependsOn() {
    return dependsOn(() -> false);
  }

  /**
   * As {@link #dependsOn()}, but none, without a deletion test, when every obligation expects
   * the same and the proof holds with every rule (the first search) and with none ({@code
   * holdsWithNoRule}): deletion in spec order then deletes every rule. Decisions are monotone in
   * the rules kept ({@link #harmless}): say every obligation expects its flows denied. The first
   * pass deletes every allow (deleting an allow from rules with which the proof holds leaves it
   * holding) and leaves only denies; with only denies the proof holds (it holds with none, and
   * adding a deny never permits a flow), so the second pass deletes each of them. The same with
   * allows and denies swapped when every flow must be permitted.
   */
  List<Rule> dependsOn(java.util.function.BooleanSupplier holdsWithNoRule) {
    // The first test of deletion, made here: the network as it is (every candidate kept).
    Set<Rule> every = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    every.addAll(candidates);
    if (holdsWith(every) == null) {
      List<Rule> all = new ArrayList<>();
      network.groups().forEach(g -> all.addAll(g.rules()));
      return all;
    }
    if (common != null && holdsWithNoRule.getAsBoolean()) {
      return List.of();
    }
    firstKept = true; // deletion starts from the state this search left
    // Only the candidates: every other rule would go in the first pass without a test.
    return ProofSteps.minimalByDeletion(candidates, this, candidates.size() < allRules());
  }

  /** How many rules the network has. */
  private int allRules() {
    return network.groups().stream().mapToInt(g -> g.rules().size()).sum();
  }

  /** See {@link #candidates}. */
  private static List<Rule> candidates(Network network, List<ObligationSearch> states) {
    Set<String> ingress = new java.util.HashSet<>();
    Set<String> egress = new java.util.HashSet<>();
    for (ObligationSearch s : states) {
      for (Ends side : s.sides.values()) {
        for (int g : side.dstSets) {
          ingress.addAll(s.p.sets.get(g).names);
        }
        for (int h : side.srcSets) {
          egress.addAll(s.p.sets.get(h).names);
        }
      }
    }
    List<Rule> out = new ArrayList<>();
    for (dev.sgproof.model.Group g : network.groups()) {
      boolean in = ingress.contains(g.name());
      boolean eg = egress.contains(g.name());
      if (in || eg) {
        for (Rule r : g.rules()) {
          if (r.direction() == dev.sgproof.model.Direction.INGRESS ? in : eg) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  /** How many rules deletion walked without a test (for tests): candidates only. */
  long deletedWithoutTest() {
    return deletedWithoutTest;
  }

  private long deletedWithoutTest;

  /** How many deletion tests searched (after the first search), for tests. */
  long testsRun() {
    return testsRun;
  }

  private long testsRun;

  /** Whether the state is that of a full search with every rule, made before the deletions. */
  private boolean firstKept;

  /** How many combinations the tests decided (searched or re-decided), over all obligations. */
  long combinationsDecided() {
    return combinationsDecided;
  }

  /** How many combinations one full search of every obligation decides. */
  long combinationsPerSearch() {
    long c = 0;
    for (Tracked t : obligations) {
      c += t.s.combinations().size();
    }
    return c;
  }

  /** How many combinations one full search decides: one per class of combinations. */
  long representativesPerSearch() {
    long c = 0;
    for (Tracked t : obligations) {
      c += t.representatives().length;
    }
    return c;
  }

  /** A full search of every combination; the state it leaves when every obligation holds. */
  @Override
  public Set<Rule> holdsWith(Set<Rule> kept) {
    if (firstKept && kept.size() == ruleCount) {
      firstKept = false;
      mirror.setAll(kept);
      return mayNeed;
    }
    List<Decision[][]> found = new ArrayList<>();
    // Every candidate kept (kept holds only candidates): the network as it is.
    Set<Rule> asIs = kept.size() == ruleCount ? null : kept;
    if (mirror != null) {
      mirror.setAll(kept);
      asIs = asIs == null ? null : mirror;
    }
    for (Tracked t : obligations) {
      Decision[][] d = t.searchAll(asIs);
      if (d == null) {
        return null;
      }
      found.add(d);
    }
    for (int i = 0; i < obligations.size(); i++) {
      obligations.get(i).replaceAll(found.get(i));
    }
    searched = true;
    return mayNeed;
  }

  /**
   * How many combinations were decided with one direction that blocks every flow of an
   * obligation that they be denied (for tests).
   */
  long blocked() {
    return blocked;
  }

  private long blocked;

  /** How many rules went without a test only because their deletion is harmless (for tests). */
  long harmlessUntested() {
    return harmlessUntested;
  }

  private long harmlessUntested;

  @Override
  public void deletedUntested(Rule r) {
    deletedWithoutTest++;
    int[] c = deciding.get(r);
    if (c != null && c[0] > 0) {
      harmlessUntested++;
    }
    if (mirror != null) {
      mirror.set(r, false);
    }
  }

  /** Re-decides the combinations in which {@code deleted} decides some class, and no other. */
  @Override
  public Set<Rule> holdsWithout(Set<Rule> kept, Rule deleted) {
    if (!searched) {
      return holdsWith(kept);
    }
    testsRun++;
    List<Map<Integer, Decision[]>> changed = new ArrayList<>();
    mirror.set(deleted, false);
    for (Tracked t : obligations) {
      // Still holds, and the decisions kept stay good enough (see the class comment).
      Map<Integer, Decision[]> c = harmless(deleted, t.s.o.expect()) ? Map.of()
          : t.redecide(mirror, deleted);
      if (c == null) {
        mirror.set(deleted, true); // the caller puts it back
        return null; // the state stays that of the last test that held
      }
      changed.add(c);
    }
    for (int i = 0; i < obligations.size(); i++) {
      obligations.get(i).update(changed.get(i));
    }
    return mayNeed;
  }

  /** One obligation's combinations and the decisions each used in the last test that held. */
  private final class Tracked {
    final ObligationSearch s;
    /** By combination (in search order), its decisions in {@link Combination}'s fixed order. */
    Decision[][] used;
    /** How many places of {@link #used} hold each decision. */
    final Map<Decision, int[]> places = new IdentityHashMap<>();
    /**
     * The places (combination, position) that held each decision, packed in a long; a place
     * that now holds another decision is left in the list and skipped.
     */
    final Map<Decision, Longs> where = new IdentityHashMap<>();
    /** For each rule, the decisions seen in which it decides some class. */
    final Map<Rule, List<Decision>> decidedBy = new IdentityHashMap<>();

    Tracked(ObligationSearch s) {
      this.s = s;
    }

    /**
     * The decisions of every combination (of its class's representative; null for the others),
     * or null when one of them has a violation.
     */
    Decision[][] searchAll(Set<Rule> kept) {
      Decision[][] out = new Decision[s.combinations().size()][];
      for (int c : representatives()) {
        out[c] = decide(c, kept);
        if (out[c] == null) {
          return null;
        }
      }
      return out;
    }

    /** See {@link #representatives}. */
    private int[] representatives;

    /**
     * The combinations searched: of those that match the same live rules at every group set of
     * both ends, in each version, the first in search order. Those have the same masks, so the
     * same decisions with any rules kept, and a violation in one is a violation in each: deciding
     * one decides them all. Found from the decisions with every rule ({@link
     * ObligationSearch#asIs}), whose keys are the full masks.
     */
    int[] representatives() {
      if (representatives == null) {
        List<int[]> combinations = s.combinations();
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        int[] out = new int[combinations.size()];
        int k = 0;
        for (int c = 0; c < combinations.size(); c++) {
          List<Object> masks = new ArrayList<>();
          for (IpVersion v : IpVersion.values()) {
            Combination asIs = s.asIs(c, v);
            if (asIs != null) {
              masks.add(v);
              masks.add(asIs.ingressKeys);
              masks.add(asIs.egressKeys);
            }
          }
          if (seen.add(masks)) {
            out[k++] = c;
          }
        }
        representatives = java.util.Arrays.copyOf(out, k);
      }
      return representatives;
    }

    /**
     * One combination's decisions, or null when it has a violation; with every rule when {@code
     * kept} is null (then from the decisions the problem's other questions share).
     */
    Decision[] decide(int c, Set<Rule> kept) {
      combinationsDecided++;
      int[] x = s.combinations().get(c);
      List<Decision> places = new ArrayList<>();
      Map<IpVersion, Combination> byVersion = new java.util.EnumMap<>(IpVersion.class);
      for (IpVersion v : IpVersion.values()) {
        Combination k;
        if (kept == null) {
          k = s.asIs(c, v);
          if (k != null) {
            java.util.Collections.addAll(places, k.decisions);
          }
        } else {
          Ends side = s.sides.get(v);
          k = side == null || !Protocols.fitsVersion(x[0], v) ? null
              : new Combination(s.p, s.n, side, v, x[0], x[1], x[2], kept, null, null, places);
        }
        if (k != null) {
          byVersion.put(v, k);
        }
      }
      if (Combination.firstViolation(s.o, byVersion, x[0], x[1], x[2], s.clean, transposeAbove)
          .isPresent()) {
        return null;
      }
      Decision[] row = places.toArray(Decision[]::new);
      if (s.o.expect() == Expectation.DENIED) {
        boolean ingressBlocks = true;
        boolean egressBlocks = true;
        for (Combination k : byVersion.values()) {
          ingressBlocks &= blocks(k, true);
          egressBlocks &= blocks(k, false);
        }
        if (ingressBlocks || egressBlocks) {
          blocked++;
          // Only the decisions of the direction that blocks every flow are in use.
          int at = 0;
          for (Combination k : byVersion.values()) {
            int ingress = k.side.dstSets.length;
            int egress = k.side.srcSets.length;
            java.util.Arrays.fill(row, ingressBlocks ? at + ingress : at,
                ingressBlocks ? at + ingress + egress : at + ingress, null);
            at += ingress + egress;
          }
        }
      }
      return row;
    }

    /**
     * The new decisions of the combinations in which {@code deleted} decides some class (in use
     * now), by combination; null when one of them has a violation.
     */
    Map<Integer, Decision[]> redecide(Set<Rule> kept, Rule deleted) {
      BitSet affected = new BitSet();
      for (Decision d : decidedBy.getOrDefault(deleted, List.of())) {
        int[] count = places.get(d);
        if (count == null || count[0] == 0) {
          continue;
        }
        Longs at = where.get(d);
        for (int i = 0; i < at.size; i++) {
          int c = (int) (at.values[i] >>> 32);
          int k = (int) at.values[i];
          if (used[c][k] == d) {
            affected.set(c);
          }
        }
      }
      Map<Integer, Decision[]> out = new java.util.HashMap<>();
      for (int c = affected.nextSetBit(0); c >= 0; c = affected.nextSetBit(c + 1)) {
        Decision[] now = decide(c, kept);
        if (now == null) {
          return null;
        }
        out.put(c, now);
      }
      return out;
    }

    void replaceAll(Decision[][] now) {
      if (used != null) {
        for (Decision[] row : used) {
          for (int k = 0; row != null && k < row.length; k++) {
            leave(row[k]);
          }
        }
      }
      where.clear();
      used = now;
      for (int c = 0; c < now.length; c++) {
        for (int k = 0; now[c] != null && k < now[c].length; k++) {
          enter(now[c][k], c, k);
        }
      }
    }

    void update(Map<Integer, Decision[]> changed) {
      for (Map.Entry<Integer, Decision[]> e : changed.entrySet()) {
        int c = e.getKey();
        Decision[] before = used[c];
        Decision[] now = e.getValue();
        if (before.length != now.length) {
          throw new IllegalStateException("a combination's decisions changed places");
        }
        for (int k = 0; k < now.length; k++) {
          if (before[k] != now[k]) {
            enter(now[k], c, k);
            leave(before[k]);
          }
        }
        used[c] = now;
      }
    }

    /** Decision {@code d} (when not null) now at place {@code k} of combination {@code c}. */
    private void enter(Decision d, int c, int k) {
      if (d == null) {
        return;
      }
      int[] count = places.get(d);
      if (count == null) {
        count = new int[1];
        places.put(d, count);
        for (Rule r : d.deciding()) {
          decidedBy.computeIfAbsent(r, x -> new ArrayList<>()).add(d);
        }
      }
      if (count[0]++ == 0) {
        for (Rule r : d.deciding()) {
          deciding.computeIfAbsent(r, x -> new int[1])[0]++;
        }
      }
      where.computeIfAbsent(d, x -> new Longs()).add((long) c << 32 | k);
    }

    /** One place less holds {@code d} (when not null). */
    private void leave(Decision d) {
      if (d == null) {
        return;
      }
      int[] count = places.get(d);
      if (--count[0] == 0) {
        for (Rule r : d.deciding()) {
          deciding.get(r)[0]--;
        }
      }
    }
  }

  /**
   * Whether the decisions of one direction of the combination alone deny every flow of it (so
   * an obligation that its flows be denied holds whatever the other direction decides): for
   * ingress, no destination is outside the NICs and no destination's ingress allows a source;
   * for egress, no source is outside the NICs and no source's egress allows a destination.
   */
  static boolean blocks(Combination k, boolean ingress) {
    Ends side = k.side;
    Universe here = ingress ? side.dst : side.src;
    Universe there = ingress ? side.src : side.dst;
    if (!here.external.isEmpty()) {
      return false;
    }
    for (int g : ingress ? side.dstSets : side.srcSets) {
      if ((ingress ? k.ingress : k.egress)[g].intersects(there.all)) {
        return false;
      }
    }
    return true;
  }

  /** A growable list of longs. */
  private static final class Longs {
    long[] values = new long[4];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }
}

package dev.sgproof.engines.classsearch;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.query.ViolationsByEnumeration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a proof or a refutation between few address classes (two NICs, say) is asked after its
 * check, read off the {@link CompiledPolicy} pair by pair, as {@link CompiledSearch} reads the
 * check: the violating flows, the deciding rules and the rules the proof depends on. Each (source
 * class, destination class) pair of an obligation is a flow of the model at the source's egress
 * and the destination's ingress, and every flow of one pair and one protocol-and-ports cell of the
 * policy is decided alike (the cells are cut by every rule's ports, the address classes by every
 * rule CIDR and NIC address). So one bit per cell says what each end decides, and the rules that
 * match the other end, applied by priority to bit sets of cells, say which rule decides each cell,
 * with every rule kept or only some (the deletion tests of dependsOn).
 *
 * <p>The obligation's own cells are those of its protocol-and-ports classes (each lies in one
 * cell) within its traffic, and that a flow of the pair's IP version can have. Only those cells
 * are read: a rule decides a flow of the assertion when it decides one of them. The same flows,
 * the same priorities and the same ties as {@link Decision#of}, so the same answers as the set by
 * set search and the enumeration (differential tests compare all three on generated specs).
 */
final class CompiledPairs {
  private final CompiledPolicy policy;
  private final NetworkIndex index;
  private final Problem problem;
  private final Side[] sides;

  /** One obligation: its classes, the pairs that are flows of the model, and its cells. */
  private record Side(Obligation o, List<Classes.AddressClass> sources,
      List<Classes.AddressClass> destinations, Pair[] pairs, long[][] cells) {}

  /**
   * A pair of address classes (indexes into the obligation's lists) of one version, with the rules
   * that match the other end at each end ({@code egress} null when the source is external, {@code
   * ingress} null when the destination is), and the interconnected basic groups of the
   * destination's set that the source's NIC is in (its intra-group allow takes every flow first,
   * section 5, unless a variant isolates the one group).
   */
  private record Pair(int source, int destination, int version, CompiledPolicy.Matching egress,
      CompiledPolicy.Matching ingress, String[] fellows) {

    /** Whether the intra-group allow takes every flow of the pair with {@code isolated} off. */
    boolean intraGroup(String isolated) {
      for (String g : fellows) {
        if (!g.equals(isolated)) {
          return true;
        }
      }
      return false;
    }
  }

  private CompiledPairs(CompiledPolicy policy, NetworkIndex index, Problem problem,
      Side[] sides) {
    this.policy = policy;
    this.index = index;
    this.problem = problem;
    this.sides = sides;
  }

  /**
   * The pairs of every obligation of the problem; null when an obligation has more than {@code
   * pairLimit} pairs of address classes (the set by set search is then the better one).
   */
  static CompiledPairs of(CompiledPolicy policy, NetworkIndex index, Problem p, long pairLimit) {
    Classes classes = p.classes();
    List<Obligation> obligations = p.obligations();
    Side[] sides = new Side[obligations.size()];
    for (int k = 0; k < sides.length; k++) {
      Obligation o = obligations.get(k);
      List<Classes.AddressClass> sources = classes.addressClasses(o.source());
      List<Classes.AddressClass> destinations = classes.addressClasses(o.destination());
      if ((long) sources.size() * destinations.size() > pairLimit) {
        return null;
      }
      sides[k] = new Side(o, sources, destinations,
          pairs(policy, index, sources, destinations), cells(policy, classes, o));
    }
    return new CompiledPairs(policy, index, p, sides);
  }

  /** The fellow groups of most pairs (shared: a pair never changes its array). */
  private static final String[] NO_FELLOWS = new String[0];

  private static Pair[] pairs(CompiledPolicy policy, NetworkIndex index,
      List<Classes.AddressClass> sources, List<Classes.AddressClass> destinations) {
    Network n = index.network;
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Classes.AddressClass s = sources.get(i);
      IpVersion v = s.low().version();
      Nic sNic = s.nic() ? n.owner(s.representative()).orElse(null) : null;
      int sCls = policy.classOf(v, s.low().value());
      for (int j = 0; j < destinations.size(); j++) {
        Classes.AddressClass d = destinations.get(j);
        Nic dNic = d.nic() ? n.owner(d.representative()).orElse(null) : null;
        if (d.low().version() != v || sNic == null && dNic == null || sNic == dNic) {
          continue; // not a flow of the model
        }
        int dCls = policy.classOf(v, d.low().value());
        String[] fellows = NO_FELLOWS;
        if (sNic != null && dNic != null) {
          List<String> shared = new ArrayList<>();
          for (String g : index.sets.get(index.setOf.get(dNic)).interconnectedNames) {
            if (sNic.groups().contains(g)) {
              shared.add(g);
            }
          }
          if (!shared.isEmpty()) {
            fellows = shared.toArray(String[]::new);
          }
        }
        out.add(new Pair(i, j, v.ordinal(),
            sNic == null ? null
                : policy.matching(index.setOf.get(sNic), Direction.EGRESS, v, dCls, dNic),
            dNic == null ? null
                : policy.matching(index.setOf.get(dNic), Direction.INGRESS, v, sCls, sNic),
            fellows));
      }
    }
    return out.toArray(Pair[]::new);
  }

  /**
   * The obligation's cells by version ordinal: the cells of its protocol-and-ports classes
   * within its traffic (outside it, for the outside part of {@code only}) that a flow of the
   * version can have.
   */
  private static long[][] cells(CompiledPolicy policy, Classes classes, Obligation o) {
    long[] mine = new long[policy.words];
    List<Integer> dports = classes.dstPorts();
    int[] dOffset = policy.dportOffsets(dports);
    int[] sOffset = policy.sportOffsets(classes.srcPorts());
    int[] none = {0};
    for (int p = 0; p < Classes.PROTOCOLS.size(); p++) {
      int protocol = Classes.PROTOCOLS.get(p);
      boolean ports = Protocols.hasPorts(protocol);
      int base = policy.protocolBase(p);
      int[] dOffsets = ports ? dOffset : none;
      for (int di = 0; di < dOffsets.length; di++) {
        int dport = ports ? dports.get(di) : Flow.NO_PORT;
        if (o.traffic().contains(protocol, dport) == o.outsideTraffic()) {
          continue;
        }
        for (int so : ports ? sOffset : none) {
          int cell = base + dOffsets[di] + so;
          mine[cell >>> 6] |= 1L << cell;
        }
      }
    }
    long[][] out = new long[IpVersion.values().length][];
    for (IpVersion v : IpVersion.values()) {
      long[] fits = policy.valid(v);
      long[] c = new long[mine.length];
      for (int w = 0; w < c.length; w++) {
        c[w] = mine[w] & fits[w];
      }
      out[v.ordinal()] = c;
    }
    return out;
  }

  /** Whether the problem is the one these pairs were made for. */
  boolean isOf(Problem p) {
    return p == problem;
  }

  /**
   * Every violating flow of the obligation (one of the problem's), exactly: built as the
   * enumeration builds it ({@link ViolationsByEnumeration#build}), each class pair and port pair
   * read off the pair's cells instead of evaluated.
   */
  FlowSet violating(Obligation o, FlowSpace space) {
    Side side = sides[problem.obligations().indexOf(o)];
    int nd = side.destinations.size();
    long[][] bad = new long[side.sources.size() * nd][];
    boolean[] flow = new boolean[bad.length];
    for (Pair pair : side.pairs) {
      flow[pair.source * nd + pair.destination] = true;
      bad[pair.source * nd + pair.destination] = breaking(side, pair, null, NONE, null);
    }
    return ViolationsByEnumeration.build(problem.classes(), o, side.sources, side.destinations,
        space, new ViolationsByEnumeration.Breaks() {
          @Override
          public boolean isFlow(int i, int j) {
            return flow[i * nd + j];
          }

          @Override
          public boolean breaks(int i, int j, int protocol, int srcPort, int dstPort) {
            // Port classes of the assertion can share a cell of the policy: each lies in one.
            long[] b = bad[i * nd + j];
            int cell = policy.cell(protocol, dstPort, srcPort);
            return b != null && (b[cell >>> 6] & 1L << cell) != 0;
          }
        });
  }

  /**
   * The rules that decide some flow of the problem at some NIC (with every rule kept), in spec
   * order.
   */
  List<Rule> decidedBy() {
    Deciding deciding = new Deciding();
    for (Side side : sides) {
      for (Pair pair : side.pairs) {
        breaking(side, pair, null, NONE, deciding);
      }
    }
    return deciding.rules();
  }

  /**
   * Whether the obligation (one of the problem's) holds on the variant: only its kept rules, the
   * intra-group allow of its isolated group off, its catch-all rules at priority 110 (as {@link
   * Decision#of} adds them).
   */
  boolean holdsOn(Obligation o, ProofSteps.Variant v) {
    Side side = sides[problem.obligations().indexOf(o)];
    boolean[] kept = null;
    if (v.kept() != null) {
      kept = new boolean[index.specOrder().size()];
      Map<Rule, Integer> order = index.specOrder();
      for (Rule r : v.kept()) {
        Integer at = order.get(r);
        if (at != null) {
          kept[at] = true;
        }
      }
    }
    for (Pair pair : side.pairs) {
      if (breaking(side, pair, kept, v, null) != null) {
        return false;
      }
    }
    return true;
  }

  /** The network as it is: no rule deleted, no group isolated, no catch-all. */
  private static final ProofSteps.Variant NONE = new ProofSteps.Variant(null, null, null);

  /**
   * The rules the proof depends on ({@link ProofSteps#minimalByDeletion}), every rule of the
   * network when it does not hold. The candidates of deletion ({@link
   * ProofSteps#minimalByDeletion(List, ProofSteps.DeletionTest, boolean)}) are the rules that
   * match the other end of some pair in some cell of its obligation, in spec order: any other rule
   * decides no cell of any pair in any test, so it is never in the set a test returns, and what
   * each test answers does not depend on it.
   */
  List<Rule> dependsOn() {
    Deciding matching = new Deciding();
    for (Side side : sides) {
      for (Pair pair : side.pairs) {
        for (CompiledPolicy.Matching m : new CompiledPolicy.Matching[] {pair.egress,
            pair.ingress}) {
          if (m != null) {
            long[] mask = side.cells[pair.version];
            for (int i = 0; i < m.rules().length; i++) {
              if (intersects(m.cells()[i], mask)) {
                matching.add(m.order()[i]);
              }
            }
          }
        }
      }
    }
    List<Rule> ordered = matching.rules();
    Tests tests = new Tests();
    for (Rule r : ordered) {
      tests.kept[index.specOrder().get(r)] = true;
    }
    if (tests.run() == null) {
      List<Rule> all = new ArrayList<>();
      index.network.groups().forEach(g -> all.addAll(g.rules()));
      return all;
    }
    if (commonExpectation() && tests.holdsWith(Set.of()) != null) {
      return List.of();
    }
    return ProofSteps.minimalByDeletion(ordered, tests,
        ordered.size() < index.specOrder().size());
  }

  /**
   * Whether every obligation expects the same. A proof that then holds with every rule and with
   * none rests on none: deletion in spec order deletes them all (decisions are monotone in the
   * rules kept, {@link DependsOnSearch#harmless}; say every flow must be denied: the first pass
   * deletes every allow, as deleting one never permits a flow, and the proof then holds with only
   * denies, as it holds with none and adding a deny never permits a flow, so each deny goes too;
   * the same with allows and denies swapped when every flow must be permitted).
   */
  private boolean commonExpectation() {
    for (Side side : sides) {
      if (side.o.expect() != sides[0].o.expect()) {
        return false;
      }
    }
    return true;
  }

  /** Deletion tests run by {@link #dependsOn} (tests count them). */
  long tests;

  /**
   * The deletion tests, on the kept rules as flags by place in spec order (kept equal to the
   * caller's set: each deletion is told, and a test that fails puts its rule back as the caller
   * does).
   */
  private final class Tests implements ProofSteps.DeletionTest {
    final boolean[] kept = new boolean[index.specOrder().size()];

    @Override
    public Set<Rule> holdsWith(Set<Rule> rules) {
      java.util.Arrays.fill(kept, false);
      Map<Rule, Integer> order = index.specOrder();
      for (Rule r : rules) {
        kept[order.get(r)] = true;
      }
      return run();
    }

    @Override
    public Set<Rule> holdsWithout(Set<Rule> rules, Rule deleted) {
      int at = index.specOrder().get(deleted);
      kept[at] = false;
      Set<Rule> out = run();
      if (out == null) {
        kept[at] = true; // the caller puts it back
      }
      return out;
    }

    @Override
    public void deletedUntested(Rule r) {
      kept[index.specOrder().get(r)] = false;
    }

    /**
     * Whether every obligation holds with only the kept rules; if so, the rules that decide some
     * cell of some pair (deleting a kept rule that decides none changes no decision of any cell:
     * every cell it matches was decided at an earlier priority or, for an allow, taken by a deny
     * of its own priority), else null.
     */
    Set<Rule> run() {
      tests++;
      Deciding deciding = new Deciding();
      for (Side side : sides) {
        for (Pair pair : side.pairs) {
          if (breaking(side, pair, kept, NONE, deciding) != null) {
            return null;
          }
        }
      }
      // A view: minimalByDeletion only asks whether a rule is in it.
      Map<Rule, Integer> order = index.specOrder();
      return new java.util.AbstractSet<>() {
        @Override
        public boolean contains(Object r) {
          Integer at = order.get(r);
          return at != null && deciding.has(at);
        }

        @Override
        public java.util.Iterator<Rule> iterator() {
          return deciding.rules().iterator();
        }

        @Override
        public int size() {
          return deciding.rules().size();
        }
      };
    }
  }

  /**
   * The cells of the obligation where the pair breaks its expectation with only the kept rules
   * (flags by place in spec order; all when null) on the variant (its isolated group and
   * catch-all; its kept rules are {@code kept}), null when none does; the rules that decide some
   * cell at either end added to {@code deciding} when not null.
   */
  private long[] breaking(Side side, Pair pair, boolean[] kept, ProofSteps.Variant v,
      Deciding deciding) {
    long[] mask = side.cells[pair.version];
    long[] out = pair.egress == null ? null
        : allowed(pair.egress, Direction.EGRESS, kept, v.catchAll(), mask, deciding);
    long[] in = pair.ingress == null || pair.intraGroup(v.isolated()) ? null
        : allowed(pair.ingress, Direction.INGRESS, kept, v.catchAll(), mask, deciding);
    return CompiledPolicy.breaking(mask, out, in, side.o.expect() == Expectation.PERMITTED);
  }

  /**
   * The cells among {@code mask} that one end allows with only the kept rules of those that match
   * (section 4: by priority, a deny beating an allow of its own priority, what is decided staying
   * decided; the variant's catch-all rules at priority 110 with the legacy rules; then, for the
   * egress of a basic set, the default allows what no rule decided, section 6). Bits outside
   * {@code mask} are not meaningful. The rules that decide a cell of the mask are added to {@code
   * deciding} when not null, as {@link Decision#of} notes them.
   */
  private static long[] allowed(CompiledPolicy.Matching m, Direction d, boolean[] kept,
      ProofSteps.CatchAll catchAll, long[] mask, Deciding deciding) {
    int words = mask.length;
    long[] allowed = new long[words];
    long[] decided = new long[words];
    long[] allow = new long[words];
    long[] deny = new long[words];
    Rule[] rules = m.rules();
    int[] order = m.order();
    boolean pending = catchAll != null && catchAll.direction == d
        && catchAll.applies(m.basic() ? GroupType.BASIC : GroupType.ADVANCED);
    int k = rules.length;
    int i = 0;
    while (i < k || pending) {
      int priority = i < k ? m.priority()[i] : Rule.LEGACY_PRIORITY;
      if (pending) {
        priority = Math.min(priority, Rule.LEGACY_PRIORITY);
      }
      int first = i;
      boolean any = false;
      for (; i < k && m.priority()[i] == priority; i++) {
        if (kept != null && !kept[order[i]]) {
          continue;
        }
        long[] cells = m.cells()[i];
        long[] into = m.allow()[i] ? allow : deny;
        for (int w = 0; w < words; w++) {
          into[w] |= cells[w];
        }
        any = true;
      }
      if (pending && priority == Rule.LEGACY_PRIORITY) {
        long[] into = catchAll.action == Action.ALLOW ? allow : deny;
        for (int w = 0; w < words; w++) {
          into[w] |= mask[w]; // every flow
        }
        pending = false;
        any = true;
      }
      if (!any) {
        continue;
      }
      if (deciding != null) {
        for (int j = first; j < i; j++) {
          if (kept != null && !kept[order[j]]) {
            continue;
          }
          long[] cells = m.cells()[j];
          boolean isAllow = m.allow()[j];
          for (int w = 0; w < words; w++) {
            long open = mask[w] & ~decided[w];
            if (isAllow) {
              open &= ~deny[w];
            }
            if ((cells[w] & open) != 0) {
              deciding.add(order[j]);
              break;
            }
          }
        }
      }
      boolean full = true;
      for (int w = 0; w < words; w++) {
        allowed[w] |= allow[w] & ~deny[w] & ~decided[w];
        decided[w] |= allow[w] | deny[w];
        full &= (decided[w] & mask[w]) == mask[w];
        allow[w] = 0L;
        deny[w] = 0L;
      }
      if (full) {
        return allowed; // every cell of the mask is decided: no later rule decides one
      }
    }
    if (d == Direction.EGRESS && m.basic()) {
      for (int w = 0; w < words; w++) {
        allowed[w] |= ~decided[w]; // section 6: a basic group allows what no rule decided
      }
    }
    return allowed;
  }

  /** Rules gathered by their place in spec order, each once. */
  private final class Deciding {
    private final java.util.BitSet orders = new java.util.BitSet();

    void add(int order) {
      orders.set(order);
    }

    /** The rules in spec order. */
    List<Rule> rules() {
      Rule[] bySpecOrder = index.rulesInSpecOrder();
      List<Rule> out = new ArrayList<>(orders.cardinality());
      for (int i = orders.nextSetBit(0); i >= 0; i = orders.nextSetBit(i + 1)) {
        out.add(bySpecOrder[i]);
      }
      return out;
    }

    /** Whether the rule at that place in spec order is among them. */
    boolean has(int order) {
      return orders.get(order);
    }
  }

  private static boolean intersects(long[] a, long[] b) {
    for (int w = 0; w < a.length; w++) {
      if ((a[w] & b[w]) != 0) {
        return true;
      }
    }
    return false;
  }
}

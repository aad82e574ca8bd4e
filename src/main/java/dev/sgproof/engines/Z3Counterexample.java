package dev.sgproof.engines;

import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Traffic;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Classes.AddressClass;
import dev.sgproof.query.Classes.PortClass;
import dev.sgproof.query.Obligation;
import dev.sgproof.smt.Answer;
import dev.sgproof.smt.FlowConstraint;
import dev.sgproof.smt.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Turns a broken solver query into its canonical counterexample: exactly the flow the exhaustive
 * engine reports for the same obligation, the first violating flow in the order of {@link Classes}
 * (protocol, destination port, source port, source address, destination address, each in its
 * classes' preference order). Only broken/holds answers choose it, never a value the solver
 * happened to put in a model, so it does not depend on what the solver saw before.
 *
 * <p>The search is lexicographic over class indices, one coordinate at a time. For a coordinate
 * whose classes are {@code c0..c(n-1)} in preference order, the smallest {@code k} such that the
 * query stays broken with the coordinate in {@code c0..ck} is found by binary search over these
 * monotone prefix constraints. The coordinate is then fixed to the representative of {@code ck}:
 * the classes are exact, so the query stays broken (one query at the end confirms it for the whole
 * flow). No model is read on the way. Protocols are tried one by one (at most six). Addresses: NIC
 * addresses first, so whether some listed NIC address breaks the query is asked first, then either
 * the NIC prefix (one comparison of an index the solver ties to the list, {@link
 * FlowConstraint.AddressAmong}) or the external-interval prefix is searched. Protocol and destination-port
 * classes wholly outside the obligation's traffic are left out before any query (they cannot
 * break it). Every constraint is an assumption next to the query's guard; nothing is asserted.
 *
 * <p>Two ways out, both counted by the engine as non-canonical: a step the solver cannot decide
 * (its time limit; each step is the refuting query with a few more constraints, so this is rare)
 * ends the search with a model of the last assumptions found broken, its flow mapped to its
 * classes' representatives; representatives that do not break the query (which would mean {@link
 * Classes} is not exact for the translation: a bug) end it with such a model's own flow. When not
 * even a model can be had, there is no counterexample (the engine then answers undecided).
 */
final class Z3Counterexample {
  /** The counterexample and whether it is the canonical one. */
  record Result(Flow flow, boolean canonical) {}

  /** Ends the search early; {@code mapToClasses}: the model's flow is mapped to representatives. */
  private static final class GiveUp extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean mapToClasses;

    GiveUp(String why, boolean mapToClasses) {
      super(why, null, false, false);
      this.mapToClasses = mapToClasses;
    }
  }

  /** How the search asks the solver: whether the question stays broken under constraints. */
  interface Asker {
    /** The answer with the constraints added to the question. */
    Answer check(List<FlowConstraint> constraints);

    /** A flow that breaks the question under the constraints, as the solver's model has it. */
    Optional<Flow> model(List<FlowConstraint> constraints);
  }

  private final Asker q;
  private final Classes classes;
  private final List<FlowConstraint> kept = new ArrayList<>();
  private List<FlowConstraint> lastBroken = List.of();
  private int budget;

  private Z3Counterexample(Asker q, Classes classes, int budget) {
    this.q = q;
    this.budget = budget;
    this.classes = classes;
  }

  /**
   * The counterexample of an obligation the solver just found broken, every coordinate chosen by
   * the solver's answers. A query beyond the first {@code budget} counts as undecided (tests use
   * it to reach the fallback of a timeout).
   */
  static Optional<Result> find(Asker q, Classes classes, Obligation o, int budget) {
    Z3Counterexample c = new Z3Counterexample(q, classes, budget);
    try {
      return Optional.of(new Result(c.search(o), true));
    } catch (GiveUp g) {
      Optional<Flow> model = c.fallbackModel();
      if (model.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Result(
          g.mapToClasses ? c.representativeFlow(model.get()) : model.get(), false));
    }
  }

  /**
   * A model's flow for the fallback: of the last assumptions found broken, else of the query
   * alone; empty when the solver cannot give one either (then there is no counterexample).
   */
  private Optional<Flow> fallbackModel() {
    Optional<Flow> m = q.model(lastBroken);
    return m.isPresent() ? m : q.model(List.of());
  }

  private Flow search(Obligation o) throws GiveUp {
    int protocol = protocol(o);
    int dport = Flow.NO_PORT;
    int sport = Flow.NO_PORT;
    if (Protocols.hasPorts(protocol)) {
      dport = port(Side.DST, dstPortCandidates(o, protocol));
      sport = port(Side.SRC, classes.srcPortClasses());
    }
    IpAddress src = address(Side.SRC, classes.addressClasses(o.source()));
    IpAddress dst = address(Side.DST, classes.addressClasses(o.destination()));
    // Every coordinate is now fixed to a representative; exactness says the query is still
    // broken. One query confirms it (a failure would be a bug in Classes or the translation).
    if (!broken(new FlowConstraint.AllOf(List.of()))) {
      throw new GiveUp("the representatives do not break the query", false);
    }
    return new Flow(src, dst, protocol, sport, dport);
  }

  // ---- coordinates --------------------------------------------------------------------------

  private int protocol(Obligation o) throws GiveUp {
    List<Integer> order = new ArrayList<>();
    for (int p : Classes.PROTOCOLS) {
      if (!Protocols.hasPorts(p) ? inTraffic(o, p, Flow.NO_PORT)
          : !dstPortCandidates(o, p).isEmpty()) {
        order.add(p);
      }
    }
    if (order.isEmpty()) {
      throw new GiveUp("no protocol class in the obligation's traffic", false);
    }
    int k = order.size() - 1; // the query is broken, so the last class is when no earlier one is
    for (int i = 0; i < order.size() - 1; i++) {
      if (broken(inProtocolClass(order.get(i)))) {
        k = i;
        break;
      }
    }
    int rep = order.get(k);
    kept.add(new FlowConstraint.ProtocolIs(rep));
    return rep;
  }

  /**
   * The destination-port classes that can hold a flow of the obligation with this protocol: the
   * classes are cut at the traffic's port ranges, so each lies wholly inside or outside the
   * traffic, and the others cannot break the query (a static filter: it only saves queries).
   */
  private List<PortClass> dstPortCandidates(Obligation o, int protocol) {
    List<PortClass> out = new ArrayList<>();
    for (PortClass c : classes.dstPortClasses()) {
      if (inTraffic(o, protocol, c.representative())) {
        out.add(c);
      }
    }
    return out;
  }

  /** Whether flows of this protocol and destination port belong to the obligation's set. */
  private static boolean inTraffic(Obligation o, int protocol, int dport) {
    return o.traffic().contains(protocol, dport) != o.outsideTraffic();
  }

  /** The class of a protocol number, named by its representative. */
  private static int protocolClass(int p) {
    return Protocols.isNamed(p) ? p : Classes.OTHER_PROTOCOL;
  }

  /** The protocol lies in the class: a named number, or every number the language does not name. */
  private static FlowConstraint inProtocolClass(int rep) {
    if (rep != Classes.OTHER_PROTOCOL) {
      return new FlowConstraint.ProtocolIs(rep);
    }
    List<FlowConstraint> named = new ArrayList<>();
    for (int p : Classes.PROTOCOLS) {
      if (p != Classes.OTHER_PROTOCOL) {
        named.add(new FlowConstraint.ProtocolIs(p));
      }
    }
    return new FlowConstraint.Not(new FlowConstraint.AnyOf(named));
  }

  private int port(Side side, List<PortClass> order) throws GiveUp {
    int k = smallest(order.size(), i -> portPrefix(side, order, i), true);
    int rep = order.get(k).representative();
    kept.add(new FlowConstraint.PortIn(side, dev.sgproof.model.PortRange.single(rep)));
    return rep;
  }

  /**
   * The port lies in one of {@code order[0..k]}. After the first class (which may be out of
   * place: the source-port class of 49152) the classes ascend, so the prefix is the first class
   * or the port at most the high end of class k.
   */
  private static FlowConstraint portPrefix(Side side, List<PortClass> order, int k) {
    PortClass first = order.get(0);
    if (k == 0) {
      return new FlowConstraint.PortIn(side, first.range());
    }
    FlowConstraint upTo = new FlowConstraint.PortAtMost(side, order.get(k).range().high());
    return first.range().high() <= order.get(k).range().high() ? upTo
        : new FlowConstraint.AnyOf(List.of(new FlowConstraint.PortIn(side, first.range()), upTo));
  }

  private static int portIndex(List<PortClass> order, int port) {
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i).range().contains(port)) {
        return i;
      }
    }
    return -1;
  }

  private IpAddress address(Side side, List<AddressClass> order) throws GiveUp {
    int n = 0;
    while (n < order.size() && order.get(n).nic()) {
      n++;
    }
    List<AddressClass> nics = order.subList(0, n);
    List<AddressClass> external = order.subList(n, order.size());
    List<IpAddress> nicAddresses = new ArrayList<>(n);
    for (AddressClass c : nics) {
      nicAddresses.add(c.representative());
    }
    boolean inNic = false;
    int k = -1;
    if (!nics.isEmpty()) {
      // Whether some NIC address breaks the query is the last probe of the gallop over the NIC
      // prefixes (known when there is no external class).
      k = smallest(n, i -> new FlowConstraint.AddressAmong(side, nicAddresses, i + 1),
          external.isEmpty());
      inNic = k >= 0;
      if (!inNic) {
        // implied by the kept ones; says so to Z3, and leaves the NICs out of later questions
        kept.add(new FlowConstraint.Not(new FlowConstraint.AddressAmong(side, nicAddresses, n)));
      }
    }
    // Without a NIC address of the endpoint the address is external (the endpoint's constraint
    // and the assumption just kept), so the external prefix needs only the upper bound.
    List<AddressClass> part = inNic ? nics : external;
    if (!inNic) {
      k = smallest(external.size(),
          i -> new FlowConstraint.AddressAtMost(side, external.get(i).high()), true);
    }
    IpAddress rep = part.get(k).representative();
    kept.add(new FlowConstraint.AddressIs(side, rep));
    return rep;
  }

  // ---- the search -------------------------------------------------------------------------

  /**
   * The smallest k such that the query stays broken with the coordinate in the prefix {@code
   * 0..k} of {@code n} classes (the prefixes are monotone), or -1 when not even the whole list
   * is. With {@code wholeBroken} the whole list is known to be broken (the kept assumptions are,
   * and the classes cover every value they allow) and is not asked. The search gallops (prefixes
   * 0, 1, 3, 7, ...) and then bisects: an early class costs a few questions about a few classes,
   * which matters when a question narrowed to a prefix of a large endpoint's NICs is translated
   * on its own.
   */
  private int smallest(int n, IntFunction<FlowConstraint> prefix, boolean wholeBroken)
      throws GiveUp {
    if (n == 0) {
      throw new GiveUp("no class to choose from", false);
    }
    int lo = 0; // no prefix ending below lo is broken
    int hi;
    int probe = 0;
    while (true) {
      if (probe >= n - 1) {
        if (!wholeBroken && !broken(prefix.apply(n - 1))) {
          return -1;
        }
        hi = n - 1;
        break;
      }
      if (broken(prefix.apply(probe))) {
        hi = probe;
        break;
      }
      lo = probe + 1;
      probe = probe * 2 + 1;
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (broken(prefix.apply(mid))) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * Whether the query stays broken with the extra assumption. No model is read: only the answer
   * chooses the counterexample (and reading a model of a large translation costs more than a
   * query).
   */
  private boolean broken(FlowConstraint extra) throws GiveUp {
    List<FlowConstraint> assumptions = new ArrayList<>(kept.size() + 1);
    assumptions.addAll(kept);
    assumptions.add(extra);
    if (budget-- <= 0) {
      throw new GiveUp("out of queries", true);
    }
    switch (q.check(assumptions)) {
      case BROKEN:
        lastBroken = assumptions;
        return true;
      case HOLDS:
        return false;
      default:
        throw new GiveUp("undecided", true);
    }
  }

  /** The model's flow with every field replaced by its class's representative. */
  private Flow representativeFlow(Flow m) {
    int p = protocolClass(m.protocol());
    int sport = Flow.NO_PORT;
    int dport = Flow.NO_PORT;
    if (Protocols.hasPorts(p)) {
      List<PortClass> d = classes.dstPortClasses();
      List<PortClass> s = classes.srcPortClasses();
      dport = d.get(portIndex(d, m.dstPort())).representative();
      sport = s.get(portIndex(s, m.srcPort())).representative();
    }
    return new Flow(classes.representativeOf(m.src()), classes.representativeOf(m.dst()), p,
        sport, dport);
  }
}

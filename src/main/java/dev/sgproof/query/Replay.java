package dev.sgproof.query;

import dev.sgproof.flows.FlowBox;
import dev.sgproof.flows.Violations;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.Decision;
import dev.sgproof.semantics.Evaluator;
import java.util.List;
import java.util.Optional;

/**
 * Every refutation is replayed in the concrete evaluator before it reaches a user: the
 * counterexample must lie in one of the assertion's obligations and the evaluator's decision on it
 * must break that obligation. Otherwise an engine is wrong and a {@link DisagreementException} is
 * thrown.
 */
public final class Replay {
  private Replay() {}

  /** The checked result of an engine's verdict: a refutation replayed, any other passed through. */
  public static AssertionResult check(Spec spec, Assertion a, Verdict v) {
    return check(spec, new Evaluator(spec.network()), a, v);
  }

  /** As above, with an evaluator of the spec's network that the caller keeps. */
  public static AssertionResult check(Spec spec, Evaluator evaluator, Assertion a, Verdict v) {
    if (v instanceof Verdict.Refuted r) {
      return refutation(spec, evaluator, a, r);
    }
    return AssertionResult.of(a, v);
  }

  /** Confirms a refutation in the concrete evaluator or throws a DisagreementException. */
  public static AssertionResult refutation(Spec spec, Assertion a, Verdict.Refuted r) {
    return refutation(spec, new Evaluator(spec.network()), a, r);
  }

  /** As above, with an evaluator of the spec's network that the caller keeps. */
  public static AssertionResult refutation(Spec spec, Evaluator evaluator, Assertion a,
      Verdict.Refuted r) {
    if (evaluator.network() != spec.network()) {
      throw new IllegalArgumentException("an evaluator of another network");
    }
    Flow f = r.counterexample();
    List<Obligation> mine = Obligation.of(a);
    Optional<Obligation> inSet = mine.stream().filter(o -> o.contains(spec.network(), f)).findFirst();
    if (inSet.isEmpty()) {
      throw new DisagreementException(
          a.span().file() + ":" + a.line() + ": the engine's counterexample " + f
              + " is not a flow of the assertion '" + a.text() + "'");
    }
    Decision d = evaluator.evaluate(f);
    for (Obligation o : mine) {
      if (o.contains(spec.network(), f) && !o.expect().satisfiedBy(d.permitted())) {
        return new AssertionResult(a, r, Optional.of(d), Optional.of(o));
      }
    }
    throw new DisagreementException(
        a.span().file() + ":" + a.line() + ": the engine says " + f + " refutes '" + a.text()
            + "', but the evaluator says it is " + (d.permitted() ? "permitted" : "denied")
            + ", as the assertion requires: " + String.join("; ", d.trace()));
  }

  /**
   * Checks an engine's violations of a refuted assertion in the concrete evaluator, or throws a
   * {@link DisagreementException}: the counterexample lies in them (on the side the evaluator
   * decides), and the lowest and highest corner of every listed box is a flow of the assertion that
   * breaks it, permitted exactly when its box says so. The evaluator is one of the spec's
   * network, kept for many assertions (it unpacks each group's rules once).
   */
  public static void violations(Spec spec, Evaluator evaluator, AssertionResult r, Violations v,
      Violations.Listing listing) {
    Network n = spec.network();
    Assertion a = r.assertion();
    Flow cx = ((Verdict.Refuted) r.verdict()).counterexample();
    boolean permitted = r.decision().orElseThrow().permitted();
    if (!(permitted ? v.permitted() : v.denied()).contains(cx)) {
      throw new DisagreementException(a.span().file() + ":" + a.line()
          + ": the counterexample " + cx + " is not among the violations the engine found for '"
          + a.text() + "'");
    }
    List<Obligation> mine = Obligation.of(a);
    for (Violations.Box b : listing.boxes()) {
      for (Flow f : corners(b.box())) {
        Optional<Nic> s = n.owner(f.src());
        Optional<Nic> d = n.owner(f.dst());
        if (s.isEmpty() && d.isEmpty() || s.isPresent() && s.equals(d)) {
          continue; // not a flow of the model
        }
        boolean permits = evaluator.permits(f);
        boolean breaks = mine.stream().anyMatch(o -> o.contains(n, f)
            && !o.expect().satisfiedBy(permits));
        if (!breaks || permits != b.permitted()) {
          Decision dec = evaluator.evaluate(f); // the trace, for the message
          throw new DisagreementException(a.span().file() + ":" + a.line() + ": the engine lists "
              + b.box() + " as " + (b.permitted() ? "permitted" : "denied")
              + " flows that break '" + a.text() + "', but the evaluator says " + f + " is "
              + (dec.permitted() ? "permitted" : "denied") + (breaks ? "" : " and does not break it")
              + ": " + String.join("; ", dec.trace()));
        }
      }
    }
  }

  /** The lowest and the highest point of a box that are flows of their protocol. */
  private static List<Flow> corners(FlowBox b) {
    List<Flow> out = new java.util.ArrayList<>(2);
    for (boolean high : new boolean[] {false, true}) {
      int p = high ? b.protocolHigh() : b.protocolLow();
      if (!Protocols.fitsVersion(p, b.srcLow().version())) {
        p = high ? p - 1 : p + 1; // icmp next to an IPv6 box, icmpv6 next to an IPv4 one
        if (p < b.protocolLow() || p > b.protocolHigh()) {
          continue;
        }
      }
      IpAddress s = high ? b.srcHigh() : b.srcLow();
      IpAddress d = high ? b.dstHigh() : b.dstLow();
      if (b.hasPorts()) {
        PortRange sp = b.srcPorts().orElseThrow();
        PortRange dp = b.dstPorts().orElseThrow();
        out.add(new Flow(s, d, p, high ? sp.high() : sp.low(), high ? dp.high() : dp.low()));
      } else {
        out.add(new Flow(s, d, p, Flow.NO_PORT, Flow.NO_PORT));
      }
    }
    return out;
  }
}

package dev.sgproof.query;

import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import java.util.List;

/**
 * The port every engine implements, fully: what an engine is asked about the obligations of one
 * assertion on one network (a {@link Problem}, whose flow classes are computed once by the
 * caller). Engines are exact: every answer is a fact about the model of semantics.md, whichever
 * engine gives it, so any engine may answer any question and the portfolio above them
 * ({@code dev.sgproof.engines.Portfolio}) picks one per obligation. An engine never calls another
 * engine.
 *
 * <p>One instance serves one thread at a time (one per worker). Whatever it keeps between calls
 * (per-network preparation, shared bit sets, solver translations) belongs to the instance, keyed
 * by the network's identity; nothing is static.
 *
 * <p>A new question about flows becomes a new method here, with its promise written down like the
 * ones below.
 */
public interface Engine extends AutoCloseable {

  /**
   * Decides one obligation of the problem, exactly.
   *
   * @return {@link Outcome.Holds} when no flow of the obligation breaks its expectation; {@link
   *     Outcome.Broken} with the canonical counterexample ({@link CanonicalFlows#firstViolation}:
   *     the first violating flow in the order of the problem's classes, the same flow from every
   *     engine) when one does; {@link Outcome.Undecided} with the reason when the engine cannot
   *     tell (a time limit), never read as either side
   */
  Outcome decide(Problem p, Obligation o);

  /**
   * Whether the obligation holds on a variant of the problem's network (some rules deleted, the
   * intra-group allow of a group off, a default overridden: {@link ProofSteps.Variant}); the
   * question behind proof steps and dependencies by deletion.
   *
   * @return true only when no flow of the obligation breaks its expectation on the variant; false
   *     when one does or the engine cannot tell
   */
  boolean holdsOn(Problem p, Obligation o, ProofSteps.Variant v);

  /**
   * The rules the proof of the problem depends on: exactly what {@link
   * ProofSteps#minimalByDeletion} leaves of the network's rules (the one definition every engine
   * gives), so the proof holds with only them and needs each of them. Asked only when every
   * obligation holds.
   *
   * @return the rules in spec order; when a step of the search cannot be decided the rule is kept
   *     (the set stays sufficient; only minimality may suffer)
   */
  List<Rule> dependsOn(Problem p);

  /**
   * Every flow of the obligation that breaks its expectation, exactly, as a set of the given space:
   * for a "must be denied" obligation its permitted flows, for "must be permitted" its denied ones
   * (only flows of the model: never two external ends or two addresses of one NIC). Never sampled;
   * empty exactly when the obligation holds. The violation boxes of language.md are its canonical
   * boxes.
   */
  FlowSet violating(Problem p, Obligation o, FlowSpace space);

  /**
   * The rules that decide at least one flow of the problem's obligations at some NIC: for some
   * flow of an obligation's set, at the source NIC's egress or at the destination NIC's ingress,
   * the rule is among the highest-priority matching rules with the winning action (a deny wins a
   * tie; two equal rules both decide) and no intra-group allow came first. Deleting a rule outside
   * this set changes no decision on any flow of the assertion, so it cannot change the verdict.
   *
   * @return the rules in spec order
   */
  List<Rule> decidedBy(Problem p);

  /**
   * Readies what the engine keeps for the network (optional; the first question would do it).
   * {@code sgproof bench} times it apart from deciding.
   */
  default void prepare(Network n) {}

  /** Releases native resources; closing twice is harmless. */
  @Override
  default void close() {}
}

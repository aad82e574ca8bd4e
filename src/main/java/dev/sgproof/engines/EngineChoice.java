package dev.sgproof.engines;

/**
 * The engines a portfolio combines, as {@code --engine} names them. Every choice gives the same
 * verdicts, counterexamples, dependsOn and steps; they differ in speed and in what they rest on.
 */
public enum EngineChoice {
  /** The class search for every obligation (flow classes decided in bit sets); no Z3. */
  auto,
  /**
   * Z3 for every obligation above the enumeration limit, flow-by-flow enumeration below it;
   * dependsOn from Z3's unsat cores.
   */
  smt,
  /** One flow per class in the concrete evaluator, the reference; dependsOn by deletion. */
  exhaustive
}

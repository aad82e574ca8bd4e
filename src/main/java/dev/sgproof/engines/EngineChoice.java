package dev.sgproof.engines;

/**
 * The engines a portfolio combines, as {@code --engine} names them. Every choice gives the same
 * verdicts, counterexamples, dependsOn and steps; they differ in speed and in what they rest on.
 */
public enum EngineChoice {
  /** The class search for every obligation (flow classes decided in bit sets); no Z3. */
  auto,
  /**
   * Z3 for every obligation (verdict and canonical counterexample from the solver's answers
   * alone); dependsOn from Z3's unsat cores. An enumeration limit above 0 (bench, tests) makes it
   * the hybrid: flow-by-flow enumeration up to the limit.
   */
  smt,
  /** One flow per class in the concrete evaluator, the reference; dependsOn by deletion. */
  exhaustive
}

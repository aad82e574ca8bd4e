package dev.sgproof.gen;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks one property on one generated case and, when it is violated, fails with the seed and
 * the shrunk case printed as a spec, so the failure can be read and replayed.
 */
public final class Property {
  /** System property that overrides the base seed of every property test. */
  public static final String SEED_PROPERTY = "sgproof.seed";

  private Property() {}

  /** The base seed: {@code -Dsgproof.seed=N} or the given default. */
  public static long baseSeed(long defaultSeed) {
    return Long.getLong(SEED_PROPERTY, defaultSeed);
  }

  /**
   * Fails when {@code violated} holds for the case, after shrinking it.
   *
   * @param explain what went wrong in the shrunk case (e.g. the flow and both traces)
   */
  public static void holds(
      String name,
      long seed,
      Shrinker.Case c,
      Predicate<Shrinker.Case> violated,
      Function<Shrinker.Case, String> explain) {
    if (!violated.test(c)) {
      return;
    }
    Shrinker.Case small = Shrinker.shrink(c, violated);
    throw new AssertionError(
        name
            + " violated; seed "
            + seed
            + " (replay with -D"
            + SEED_PROPERTY
            + "="
            + seed
            + "), shrunk spec:\n"
            + small.spec()
            + explain.apply(small));
  }

  public static void holds(
      String name,
      long seed,
      dev.sgproof.model.Network n,
      Predicate<dev.sgproof.model.Network> violated,
      Function<dev.sgproof.model.Network, String> explain) {
    holds(
        name,
        seed,
        new Shrinker.Case(n, List.of()),
        c -> violated.test(c.network()),
        c -> explain.apply(c.network()));
  }
}

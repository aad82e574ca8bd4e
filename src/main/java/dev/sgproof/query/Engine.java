package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;

/**
 * A decision procedure for assertions. An engine instance is used by one thread at a time; the
 * {@link Verifier} creates one per worker and closes it.
 */
public interface Engine extends AutoCloseable {

  /** Decides one assertion of the spec. A refutation's flow must lie in one of its obligations. */
  Verdict check(Spec spec, Assertion assertion);

  /** Releases native resources; closing twice is harmless. */
  @Override
  default void close() {}
}

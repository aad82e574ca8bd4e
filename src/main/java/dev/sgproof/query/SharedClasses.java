package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;

/**
 * The flow classes of assertions, computing once per network what they share: the cuts of the
 * rules and NIC addresses, and the classes of the internet and CIDR endpoints as long as an
 * assertion adds no cut of its own (those lists are then the same objects for every assertion, so
 * what an engine builds from them can be kept by identity). One network at a time, by identity;
 * not thread-safe: one instance per worker (the portfolio's).
 */
public final class SharedClasses {
  private Classes.Base base;

  /** The classes of the assertion on the network. */
  public Classes of(Network n, Assertion a) {
    if (base == null || base.network() != n) {
      base = Classes.base(n);
    }
    return Classes.of(base, a);
  }
}

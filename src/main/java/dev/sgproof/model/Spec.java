package dev.sgproof.model;

import java.util.List;
import java.util.Objects;

/** One resolved spec file: its network and its assertions in file order. */
public record Spec(String file, Network network, List<Assertion> assertions) {
  public Spec {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(network, "network");
    assertions = List.copyOf(assertions);
  }
}

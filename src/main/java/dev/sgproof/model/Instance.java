package dev.sgproof.model;

import dev.sgproof.diag.SourceSpan;
import java.util.List;
import java.util.Objects;

/** An instance and its NICs, in declaration order. */
public record Instance(String name, List<Nic> nics, boolean oneLine, SourceSpan span) {
  public Instance {
    Objects.requireNonNull(name, "name");
    nics = List.copyOf(nics);
    Objects.requireNonNull(span, "span");
  }
}

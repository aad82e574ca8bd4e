package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Proto;
import java.util.List;
import java.util.Objects;

/** The traffic of an assertion: omitted, or a protocol with optional ports. */
public sealed interface TrafficNode {
  /** No traffic written; {@code span} is where it would have been (the claim word). */
  record Omitted(SourceSpan span) implements TrafficNode {
    public Omitted {
      Objects.requireNonNull(span, "span");
    }
  }

  record Given(Located<Proto> protocol, List<PortRangeNode> ports) implements TrafficNode {
    public Given {
      Objects.requireNonNull(protocol, "protocol");
      ports = List.copyOf(ports);
    }
  }
}

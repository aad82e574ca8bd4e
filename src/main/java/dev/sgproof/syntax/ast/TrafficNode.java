package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Proto;
import java.util.List;
import java.util.Objects;

/** The traffic of an assertion: omitted, or a union of items joined by {@code +}. */
public sealed interface TrafficNode {
  /** No traffic written; {@code span} is where it would have been (the claim word). */
  record Omitted(SourceSpan span) implements TrafficNode {
    public Omitted {
      Objects.requireNonNull(span, "span");
    }
  }

  /** One or more items, in the order written. */
  record Given(List<Item> items) implements TrafficNode {
    public Given {
      items = List.copyOf(items);
      if (items.isEmpty()) {
        throw new IllegalArgumentException("traffic without an item");
      }
    }
  }

  /** One item: a protocol with optional ports; {@code span} covers the item as written. */
  record Item(Located<Proto> protocol, List<PortRangeNode> ports, SourceSpan span) {
    public Item {
      Objects.requireNonNull(protocol, "protocol");
      ports = List.copyOf(ports);
      Objects.requireNonNull(span, "span");
    }
  }
}

package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.List;
import java.util.Objects;

/** {@code sport PORTS} or {@code priority N}; {@code keyword} is the span of the keyword. */
public sealed interface RuleOption {
  SourceSpan keyword();

  record Sport(List<PortRangeNode> ports, SourceSpan keyword) implements RuleOption {
    public Sport {
      ports = List.copyOf(ports);
      Objects.requireNonNull(keyword, "keyword");
    }
  }

  record Priority(NumberLit value, SourceSpan keyword) implements RuleOption {
    public Priority {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(keyword, "keyword");
    }
  }
}

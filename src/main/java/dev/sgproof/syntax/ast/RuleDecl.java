package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Proto;
import java.util.List;
import java.util.Objects;

/** One rule as written; {@code ports} is empty when none are named. */
public record RuleDecl(
    Located<Direction> direction,
    Located<Action> action,
    Located<Proto> protocol,
    List<PortRangeNode> ports,
    Located<Preposition> preposition,
    PeerNode peer,
    List<RuleOption> options,
    SourceSpan span) {
  public RuleDecl {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(protocol, "protocol");
    ports = List.copyOf(ports);
    Objects.requireNonNull(preposition, "preposition");
    Objects.requireNonNull(peer, "peer");
    options = List.copyOf(options);
    Objects.requireNonNull(span, "span");
  }
}

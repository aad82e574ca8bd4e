package dev.sgproof.model;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/**
 * One resolved rule. A source rule with port lists becomes one Rule per (port range, source port
 * range) pair, all with the span of the source rule; `any` becomes one Rule per IP version.
 * Legacy default rules (priority 110) carry {@code legacy = true} and the span of their group.
 *
 * <p>{@code dstPorts} and {@code srcPorts} are {@link PortRange#ALL} when the rule names none
 * (always so for protocols without ports).
 */
public record Rule(
    String group,
    Direction direction,
    Action action,
    Proto protocol,
    PortRange dstPorts,
    PortRange srcPorts,
    Peer peer,
    int priority,
    boolean legacy,
    SourceSpan span) {

  public static final int MIN_PRIORITY = 1;
  public static final int MAX_PRIORITY = 100;
  public static final int LEGACY_PRIORITY = 110;

  public Rule {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(dstPorts, "dstPorts");
    Objects.requireNonNull(srcPorts, "srcPorts");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(span, "span");
    if (legacy ? priority != LEGACY_PRIORITY : priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority " + priority + (legacy ? " on legacy rule" : ""));
    }
    if (!protocol.hasPorts() && !(dstPorts.isAll() && srcPorts.isAll())) {
      throw new IllegalArgumentException(protocol + " rule with ports");
    }
  }

  /** The source line of the rule (of the group declaration for a legacy default rule). */
  public int line() {
    return span.line();
  }

  /** The rule in the spec language, for traces and reports. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(direction).append(' ').append(action).append(' ').append(protocol);
    if (protocol.hasPorts() && !dstPorts.isAll()) {
      b.append(' ').append(dstPorts);
    }
    b.append(direction == Direction.INGRESS ? " from " : " to ").append(peer);
    if (protocol.hasPorts() && !srcPorts.isAll()) {
      b.append(" sport ").append(srcPorts);
    }
    if (priority != MIN_PRIORITY) {
      b.append(" priority ").append(priority);
    }
    return b.toString();
  }
}

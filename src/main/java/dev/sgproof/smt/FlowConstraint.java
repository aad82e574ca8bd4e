package dev.sgproof.smt;

import dev.sgproof.model.IpAddress;
import dev.sgproof.model.PortRange;
import java.util.List;
import java.util.Objects;

/**
 * An extra condition on the flow, assumed next to a query (never asserted): what a search over
 * the flow's fields narrows a query with. Plain data; {@code smt} translates it.
 */
public sealed interface FlowConstraint {

  /** The protocol number is {@code protocol}. */
  record ProtocolIs(int protocol) implements FlowConstraint {}

  /** The port on that side lies in the range. */
  record PortIn(Side side, PortRange range) implements FlowConstraint {
    public PortIn {
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(range, "range");
    }
  }

  /** The port on that side is at most {@code high} (unsigned). */
  record PortAtMost(Side side, int high) implements FlowConstraint {
    public PortAtMost {
      Objects.requireNonNull(side, "side");
    }
  }

  /** The address on that side is exactly {@code address} (its version included). */
  record AddressIs(Side side, IpAddress address) implements FlowConstraint {
    public AddressIs {
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * The address on that side is at most {@code high} in (version, value) order: every IPv4
   * address is below every IPv6 address.
   */
  record AddressAtMost(Side side, IpAddress high) implements FlowConstraint {
    public AddressAtMost {
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(high, "high");
    }
  }

  /**
   * The address on that side is one of the first {@code count} addresses of the list (distinct
   * addresses). A question narrowed by it ({@link SmtSession#violation(dev.sgproof.model.Network,
   * Violation, List)}) translates only the NICs of those addresses on that side.
   */
  record AddressAmong(Side side, List<IpAddress> addresses, int count) implements FlowConstraint {
    public AddressAmong {
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(addresses, "addresses");
      if (count < 0 || count > addresses.size()) {
        throw new IllegalArgumentException("count " + count + " of " + addresses.size());
      }
    }
  }

  /** At least one of the parts (none: false). */
  record AnyOf(List<FlowConstraint> parts) implements FlowConstraint {
    public AnyOf {
      parts = List.copyOf(parts);
    }
  }

  /** Every part (none: true). */
  record AllOf(List<FlowConstraint> parts) implements FlowConstraint {
    public AllOf {
      parts = List.copyOf(parts);
    }
  }

  /** The part does not hold. */
  record Not(FlowConstraint part) implements FlowConstraint {
    public Not {
      Objects.requireNonNull(part, "part");
    }
  }
}

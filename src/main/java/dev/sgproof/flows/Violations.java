package dev.sgproof.flows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every flow that breaks an assertion, exactly (language.md, "Violations"): the flows that are
 * {@code permitted} where the claim needs them denied, and those {@code denied} where it needs them
 * permitted. Both sets are of one {@link FlowSpace}; they are disjoint (a flow is either permitted
 * or denied).
 */
public record Violations(FlowSet permitted, FlowSet denied) {
  /** The cap on listed boxes when none is given ({@code --max-boxes}). */
  public static final int DEFAULT_MAX_BOXES = 100;

  public Violations {
    Objects.requireNonNull(permitted, "permitted");
    Objects.requireNonNull(denied, "denied");
    if (permitted.space() != denied.space()) {
      throw new IllegalArgumentException("violations of two flow spaces");
    }
  }

  public static Violations none(FlowSpace space) {
    return new Violations(space.empty(), space.empty());
  }

  public boolean isEmpty() {
    return permitted.isEmpty() && denied.isEmpty();
  }

  public Violations union(Violations o) {
    return new Violations(permitted.union(o.permitted), denied.union(o.denied));
  }

  /** One listed box and whether its flows are permitted. */
  public record Box(boolean permitted, FlowBox box) {}

  /** The canonical boxes, permitted ones first, at most {@code max}; the total counts all. */
  public Listing list(int max) {
    FlowSet.Boxes p = permitted.boxes(max);
    int left = Math.max(0, max - p.boxes().size());
    FlowSet.Boxes d = denied.boxes(left);
    List<Box> out = new ArrayList<>();
    p.boxes().forEach(b -> out.add(new Box(true, b)));
    d.boxes().forEach(b -> out.add(new Box(false, b)));
    return new Listing(out, p.total().add(d.total()));
  }

  /** Listed boxes and the number of boxes in the whole answer. */
  public record Listing(List<Box> boxes, BigInteger total) {
    public Listing {
      boxes = List.copyOf(boxes);
      Objects.requireNonNull(total, "total");
    }

    public boolean truncated() {
      return total.compareTo(BigInteger.valueOf(boxes.size())) > 0;
    }
  }
}

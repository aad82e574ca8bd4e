package dev.sgproof.flows;

import dev.sgproof.flows.FlowSpace.Node;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An exact, immutable set of flows of one {@link FlowSpace}. Two sets of one space are equal when
 * they hold the same flows.
 */
public final class FlowSet {
  private static final BigInteger ICMP = BigInteger.valueOf(Protocols.ICMP);
  private static final BigInteger ICMPV6 = BigInteger.valueOf(Protocols.ICMPV6);

  private final FlowSpace space;
  final Node root;

  FlowSet(FlowSpace space, Node root) {
    this.space = space;
    this.root = root;
  }

  public FlowSpace space() {
    return space;
  }

  public boolean isEmpty() {
    return root == null;
  }

  public FlowSet union(FlowSet o) {
    return space.wrap(space.apply(FlowSpace.Op.UNION, root, same(o).root));
  }

  public FlowSet intersection(FlowSet o) {
    return space.wrap(space.apply(FlowSpace.Op.INTERSECTION, root, same(o).root));
  }

  /** The flows of this set that are not in {@code o}. */
  public FlowSet minus(FlowSet o) {
    return space.wrap(space.apply(FlowSpace.Op.DIFFERENCE, root, same(o).root));
  }

  private FlowSet same(FlowSet o) {
    if (o.space != space) {
      throw new IllegalArgumentException("sets of different flow spaces");
    }
    return o;
  }

  /** Whether the flow is in the set. */
  public boolean contains(Flow f) {
    Node n = FlowSpace.at(root, BigInteger.valueOf(f.protocol()));
    n = FlowSpace.at(n, FlowSpace.line(f.src()));
    n = FlowSpace.at(n, FlowSpace.line(f.dst()));
    if (n != null && n.level == FlowSpace.SRC_PORT) {
      n = FlowSpace.at(n, BigInteger.valueOf(f.srcPort()));
      n = FlowSpace.at(n, BigInteger.valueOf(f.dstPort()));
    }
    return n != null && n.level == FlowSpace.LEAF;
  }

  /**
   * Whether the set holds a flow, of any protocol and ports, from an address of {@code src} to an
   * address of {@code dst}: each a list of inclusive address ranges {first, last}, in any order.
   * Only the intervals of the set that meet the ranges are visited (what a diff asks of every
   * assertion: whether the change touches its flows at all).
   */
  public boolean touches(List<IpAddress[]> src, List<IpAddress[]> dst) {
    if (root == null || src.isEmpty() || dst.isEmpty()) {
      return false;
    }
    List<BigInteger[]> s = lines(src);
    List<BigInteger[]> d = lines(dst);
    java.util.Map<Node, Boolean> bySrc = new java.util.IdentityHashMap<>();
    java.util.Map<Node, Boolean> byDst = new java.util.IdentityHashMap<>();
    for (Node srcNode : root.kids()) {
      if (srcNode == null) {
        continue;
      }
      Boolean known = bySrc.get(srcNode);
      if (known == null) {
        known = false;
        for (BigInteger[] r : s) {
          for (int i = first(srcNode, r[0]); !known && i < srcNode.keys().length
              && srcNode.keys()[i].compareTo(r[1]) <= 0; i++) {
            Node dstNode = srcNode.kids()[i];
            if (dstNode != null) {
              known = byDst.computeIfAbsent(dstNode, n -> meets(n, d));
            }
          }
        }
        bySrc.put(srcNode, known);
      }
      if (known) {
        return true;
      }
    }
    return false;
  }

  /** Whether some interval of the node that meets one of the ranges holds something. */
  private static boolean meets(Node n, List<BigInteger[]> ranges) {
    for (BigInteger[] r : ranges) {
      for (int i = first(n, r[0]); i < n.keys().length && n.keys()[i].compareTo(r[1]) <= 0; i++) {
        if (n.kids()[i] != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** The index of the node's interval that holds the value. */
  private static int first(Node n, BigInteger value) {
    int i = java.util.Arrays.binarySearch(n.keys(), value);
    return i >= 0 ? i : -i - 2;
  }

  private static List<BigInteger[]> lines(List<IpAddress[]> ranges) {
    List<BigInteger[]> out = new ArrayList<>(ranges.size());
    for (IpAddress[] r : ranges) {
      out.add(new BigInteger[] {FlowSpace.line(r[0]), FlowSpace.line(r[1])});
    }
    return out;
  }

  /**
   * The traffic of the set: the protocols, and for tcp and udp the destination ports, of its flows
   * (addresses and source ports projected away).
   */
  public TrafficSet traffic() {
    TrafficSet.Builder b = new TrafficSet.Builder();
    if (root == null) {
      return b.build();
    }
    java.util.Map<Node, Node> memo = new java.util.IdentityHashMap<>();
    for (int i = 0; i < root.keys().length; i++) {
      Node k = root.kids()[i];
      if (k == null) {
        continue;
      }
      int low = root.keys()[i].intValueExact();
      int high = root.last(i).intValueExact();
      if (low == high && Protocols.hasPorts(low)) {
        Node ports = dstPorts(k, memo);
        for (int j = 0; ports != null && j < ports.keys().length; j++) {
          if (ports.kids()[j] != null) {
            b.ports(low, new PortRange(ports.keys()[j].intValueExact(),
                ports.last(j).intValueExact()));
          }
        }
      } else {
        b.protocols(low, high);
      }
    }
    return b.build();
  }

  /** The union of the destination-port nodes below a node of a tcp or udp path. */
  private Node dstPorts(Node n, java.util.Map<Node, Node> memo) {
    if (n == null || n.level == FlowSpace.DST_PORT) {
      return n;
    }
    Node known = memo.get(n);
    if (known != null) {
      return known;
    }
    Node out = null;
    for (Node k : n.kids()) {
      out = space.apply(FlowSpace.Op.UNION, out, dstPorts(k, memo));
    }
    memo.put(n, out);
    return out;
  }

  /**
   * The set in canonical boxes (language.md, "Violations"): the coarsest protocol intervals over
   * which the rest of the set is the same, then likewise by source address, destination address,
   * source port and destination port; boxes in that order, ascending. Two points that are not
   * flows are filled in first so that they do not split protocols needlessly: icmp between IPv6
   * addresses counts as protocol 0 does, icmpv6 between IPv4 addresses as protocol 57 does (both
   * port-less numbers that only `all` matches); neither is a flow, so the boxes hold exactly the
   * set's flows.
   *
   * @param max how many boxes to list at most (the count is always of all)
   */
  public Boxes boxes(int max) {
    Node canonical = filledIn(root);
    BigInteger total = space.count(canonical);
    List<FlowBox> out = new ArrayList<>();
    if (canonical != null && max > 0) {
      list(canonical, new BigInteger[10], out, max);
    }
    return new Boxes(out, total);
  }

  /** The boxes of a set (at most the number asked for) and how many there are in all. */
  public record Boxes(List<FlowBox> boxes, BigInteger total) {
    public Boxes {
      boxes = List.copyOf(boxes);
      Objects.requireNonNull(total, "total");
    }

    public boolean truncated() {
      return total.compareTo(BigInteger.valueOf(boxes.size())) > 0;
    }
  }

  private Node filledIn(Node n) {
    if (n == null) {
      return null;
    }
    Node icmp = FlowSpace.at(n, ICMP);
    Node icmpV6 = FlowSpace.at(n, ICMPV6);
    Node v6OfZero = space.clip(FlowSpace.at(n, BigInteger.ZERO), FlowSpace.V6_START,
        FlowSpace.ADDRESS_END.subtract(BigInteger.ONE));
    Node v4Of57 = space.clip(FlowSpace.at(n, ICMPV6.subtract(BigInteger.ONE)), BigInteger.ZERO,
        FlowSpace.V6_START.subtract(BigInteger.ONE));
    Node icmpFilled = space.apply(FlowSpace.Op.UNION,
        space.clip(icmp, BigInteger.ZERO, FlowSpace.V6_START.subtract(BigInteger.ONE)), v6OfZero);
    Node icmpV6Filled = space.apply(FlowSpace.Op.UNION,
        space.clip(icmpV6, FlowSpace.V6_START, FlowSpace.ADDRESS_END.subtract(BigInteger.ONE)),
        v4Of57);
    if (icmpFilled == icmp && icmpV6Filled == icmpV6) {
      return n;
    }
    FlowSpace.Builder b = space.new Builder(FlowSpace.PROTOCOL);
    for (int i = 0; i < n.keys().length; i++) {
      BigInteger from = n.keys()[i];
      BigInteger last = n.last(i);
      for (BigInteger[] p : new BigInteger[][] {{ICMP, null}, {ICMPV6, null}}) {
        BigInteger special = p[0];
        if (from.compareTo(special) <= 0 && special.compareTo(last) <= 0) {
          b.add(from, n.kids()[i]);
          b.add(special, special.equals(ICMP) ? icmpFilled : icmpV6Filled);
          from = special.add(BigInteger.ONE);
        }
      }
      if (from.compareTo(last) <= 0) {
        b.add(from, n.kids()[i]);
      }
    }
    return b.build();
  }

  /** Depth-first over the paths to the leaf; {@code path} holds low, high per level. */
  private void list(Node n, BigInteger[] path, List<FlowBox> out, int max) {
    if (n.level == FlowSpace.LEAF) {
      out.add(toBox(path));
      return;
    }
    for (int i = 0; i < n.keys().length && out.size() < max; i++) {
      if (n.kids()[i] == null) {
        continue;
      }
      path[2 * n.level] = n.keys()[i];
      path[2 * n.level + 1] = n.last(i);
      if (n.kids()[i].level == FlowSpace.LEAF && n.level == FlowSpace.DST) {
        path[2 * FlowSpace.SRC_PORT] = null;
      }
      list(n.kids()[i], path, out, max);
    }
  }

  private static FlowBox toBox(BigInteger[] path) {
    int pLow = path[0].intValueExact();
    int pHigh = path[1].intValueExact();
    IpAddress sLow = FlowSpace.address(path[2]);
    IpAddress sHigh = FlowSpace.address(path[3]);
    IpAddress dLow = FlowSpace.address(path[4]);
    IpAddress dHigh = FlowSpace.address(path[5]);
    if (path[6] == null) {
      return FlowBox.of(pLow, pHigh, sLow, sHigh, dLow, dHigh);
    }
    return FlowBox.ported(pLow, sLow, sHigh, dLow, dHigh,
        new PortRange(path[6].intValueExact(), path[7].intValueExact()),
        new PortRange(path[8].intValueExact(), path[9].intValueExact()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowSet s && s.space == space && s.root == root;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(root);
  }

  @Override
  public String toString() {
    Boxes b = boxes(20);
    StringBuilder s = new StringBuilder("{");
    for (FlowBox x : b.boxes()) {
      s.append(s.length() > 1 ? "; " : "").append(x);
    }
    if (b.truncated()) {
      s.append("; ... ").append(b.total()).append(" boxes");
    }
    return s.append('}').toString();
  }
}

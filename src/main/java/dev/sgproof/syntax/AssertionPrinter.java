package dev.sgproof.syntax;

import dev.sgproof.model.PortRange;
import dev.sgproof.model.Traffic;
import dev.sgproof.syntax.ast.Arrow;
import dev.sgproof.syntax.ast.AssertDecl;
import dev.sgproof.syntax.ast.EndpointNode;
import dev.sgproof.syntax.ast.PortRangeNode;
import dev.sgproof.syntax.ast.TrafficNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * An assertion in canonical form, after {@code assert} and the label: endpoints, arrow and claim
 * as written with single spaces, then the traffic as {@link Traffic#toString} prints it (items in
 * the order tcp, udp, icmp, icmpv6, gre; one item per protocol, its ports sorted with overlapping
 * and adjacent ranges joined; an {@code all} item alone). That is the same set of flows, so the
 * meaning never changes. Traffic the resolver would reject (ports out of range or on a protocol
 * without ports) is printed as written, items in their order, so that fmt never hides an error.
 */
final class AssertionPrinter {
  private AssertionPrinter() {}

  static String print(AssertDecl a) {
    StringBuilder b = new StringBuilder();
    b.append(endpoint(a.left()));
    b.append(a.arrow().value() == Arrow.ONE_WAY ? " -> " : " <-> ");
    b.append(endpoint(a.right()));
    b.append(' ').append(a.claim().value().name().toLowerCase(Locale.ROOT));
    if (a.traffic() instanceof TrafficNode.Given g) {
      b.append(' ').append(traffic(g));
    }
    return b.toString();
  }

  private static String endpoint(EndpointNode e) {
    if (e instanceof EndpointNode.InstanceRef i) {
      return i.instance().text();
    } else if (e instanceof EndpointNode.NicRef n) {
      return n.instance().text() + "." + n.nic().text();
    } else if (e instanceof EndpointNode.GroupRef g) {
      return "group " + g.group().text();
    } else if (e instanceof EndpointNode.AddressRef r) {
      return r.address().text();
    } else if (e instanceof EndpointNode.InternetRef) {
      return "internet";
    } else if (e instanceof EndpointNode.ExternalRef) {
      return "external";
    }
    throw new IllegalArgumentException("unknown endpoint " + e);
  }

  static String traffic(TrafficNode.Given g) {
    List<Traffic.Item> items = new ArrayList<>();
    for (TrafficNode.Item i : g.items()) {
      List<PortRange> ports = new ArrayList<>();
      for (PortRangeNode r : i.ports()) {
        OptionalInt lo = r.low().within(PortRange.MIN, PortRange.MAX);
        OptionalInt hi = r.high().within(PortRange.MIN, PortRange.MAX);
        if (lo.isEmpty() || hi.isEmpty() || lo.getAsInt() > hi.getAsInt()) {
          return asWritten(g);
        }
        ports.add(new PortRange(lo.getAsInt(), hi.getAsInt()));
      }
      if (!i.protocol().value().hasPorts() && !ports.isEmpty()) {
        return asWritten(g);
      }
      items.add(new Traffic.Item(i.protocol().value(), ports));
    }
    return new Traffic(items).toString();
  }

  private static String asWritten(TrafficNode.Given g) {
    return g.items().stream()
        .map(i -> i.ports().isEmpty()
            ? i.protocol().value().keyword()
            : i.protocol().value().keyword() + " " + DocumentPrinter.ports(i.ports()))
        .collect(Collectors.joining(" + "));
  }
}

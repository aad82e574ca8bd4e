package dev.sgproof.semantics;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.SortedNumbers;
import dev.sgproof.model.Traffic;
import dev.sgproof.syntax.ast.Arrow;
import dev.sgproof.syntax.ast.AssertDecl;
import dev.sgproof.syntax.ast.Claim;
import dev.sgproof.syntax.ast.EndpointNode;
import dev.sgproof.syntax.ast.TrafficNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assertions: endpoints resolved against the inventory, traffic checked, empty flow sets refused.
 */
final class AssertionResolver {
  private record Side(Endpoint endpoint, Reach reach) {}

  private final Reporter out;
  private final Values values;
  private final Map<String, GroupHeader> groups;
  private final Inventory inventory;
  private List<String> instanceOrInternet;

  AssertionResolver(Reporter out, Map<String, GroupHeader> groups, Inventory inventory) {
    this.out = out;
    this.values = new Values(out);
    this.groups = groups;
    this.inventory = inventory;
  }

  Optional<Assertion> resolve(AssertDecl a) {
    int before = out.errorCount();
    Optional<Side> left = side(a.left());
    Optional<Side> right = side(a.right());
    Optional<AssertionKind> kind = kind(a);
    Optional<Traffic> traffic = traffic(a);
    if (left.isPresent() && right.isPresent() && traffic.isPresent()) {
      checkFlowsExist(a, left.get().reach(), right.get().reach(), traffic.get());
    }
    if (out.errorCount() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new Assertion(
            a.label(),
            kind.orElseThrow(),
            left.get().endpoint(),
            right.get().endpoint(),
            traffic.get(),
            a.text(),
            a.span()));
  }

  private Optional<AssertionKind> kind(AssertDecl a) {
    Claim c = a.claim().value();
    boolean twoWay = c == Claim.INTERCONNECTED || c == Claim.ISOLATED;
    if (twoWay != (a.arrow().value() == Arrow.BOTH_WAYS)) {
      String word = c.name().toLowerCase(java.util.Locale.ROOT);
      out.error(
          DiagnosticCode.SG043,
          a.claim().span(),
          twoWay
              ? "'" + word + "' needs '<->'; with '->' say reachable, unreachable or only"
              : "'" + word + "' needs '->'; with '<->' say interconnected or isolated");
      return Optional.empty();
    }
    return Optional.of(AssertionKind.valueOf(c.name()));
  }

  private Optional<Traffic> traffic(AssertDecl a) {
    boolean only = a.claim().value() == Claim.ONLY;
    if (a.traffic() instanceof TrafficNode.Omitted o) {
      if (only) {
        out.error(
            DiagnosticCode.SG044,
            a.claim().span(),
            "'only' needs the traffic it allows, e.g. 'only tcp 443'");
        return Optional.empty();
      }
      return Optional.of(Traffic.ANY);
    }
    TrafficNode.Given g = (TrafficNode.Given) a.traffic();
    List<Traffic.Item> items = new java.util.ArrayList<>();
    for (TrafficNode.Item i : g.items()) {
      item(i).ifPresent(items::add);
    }
    if (items.size() != g.items().size()) {
      return Optional.empty();
    }
    Traffic t = new Traffic(items);
    if (only && t.isAny()) {
      TrafficNode.Item all = g.items().stream()
          .filter(i -> i.protocol().value() == Proto.ALL).findFirst().orElseThrow();
      out.warning(
          DiagnosticCode.SG112,
          all.protocol().span(),
          "'only all' allows every flow, which is what 'reachable' says; consider 'reachable'");
    }
    return Optional.of(t);
  }

  /** One item of a traffic union, its ports checked (errors point at the item's own parts). */
  private Optional<Traffic.Item> item(TrafficNode.Item i) {
    Proto p = i.protocol().value();
    if (!p.hasPorts() && !i.ports().isEmpty()) {
      out.error(
          DiagnosticCode.SG042,
          i.ports().get(0).span(),
          p + " has no ports; only tcp and udp traffic names ports");
      return Optional.empty();
    }
    Optional<List<PortRange>> ports = values.ports(i.ports());
    if (ports.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Traffic.Item(p, i.ports().isEmpty() ? List.of() : ports.get()));
  }

  private Optional<Side> side(EndpointNode e) {
    if (e instanceof EndpointNode.InternetRef) {
      return Optional.of(new Side(new Endpoint.InternetEndpoint(), Reach.EXTERNAL));
    } else if (e instanceof EndpointNode.ExternalRef) {
      return Optional.of(new Side(new Endpoint.ExternalEndpoint(), Reach.EXTERNAL));
    } else if (e instanceof EndpointNode.InstanceRef i) {
      Inventory.InstanceInfo info = inventory.instances().get(i.instance().text());
      if (info == null) {
        out.error(DiagnosticCode.SG031, i.instance().span(),
            "unknown instance " + i.instance().text() + instanceHint(i.instance().text()));
        return Optional.empty();
      }
      return Optional.of(
          new Side(new Endpoint.InstanceEndpoint(info.name().text()), reachOf(info.nics())));
    } else if (e instanceof EndpointNode.NicRef n) {
      return nic(n);
    } else if (e instanceof EndpointNode.GroupRef g) {
      return group(g);
    }
    return address((EndpointNode.AddressRef) e);
  }

  /** An instance endpoint may be a misspelled instance, or a misspelled 'internet' or 'external'. */
  private String instanceHint(String name) {
    if (instanceOrInternet == null) {
      instanceOrInternet = new ArrayList<>(inventory.instances().keySet());
      instanceOrInternet.add("internet");
      instanceOrInternet.add("external");
    }
    return out.didYouMean(name, instanceOrInternet);
  }

  private Optional<Side> nic(EndpointNode.NicRef n) {
    Inventory.InstanceInfo info = inventory.instances().get(n.instance().text());
    if (info == null) {
      out.error(DiagnosticCode.SG031, n.instance().span(),
          "unknown instance " + n.instance().text()
              + out.didYouMean(n.instance().text(), inventory.instances().keySet()));
      return Optional.empty();
    }
    Optional<NicInfo> nic =
        info.oneLine()
            ? Optional.empty()
            : info.nics().stream().filter(x -> x.nicName().equals(n.nic().text())).findFirst();
    if (nic.isEmpty()) {
      out.error(
          DiagnosticCode.SG032,
          n.nic().span(),
          "instance "
              + info.name().text()
              + " has no NIC named "
              + n.nic().text()
              + (info.oneLine()
                  ? " (a one-line instance: name it without '.NIC')"
                  : out.didYouMean(
                      n.nic().text(), info.nics().stream().map(NicInfo::nicName).toList())));
      return Optional.empty();
    }
    return Optional.of(
        new Side(new Endpoint.NicEndpoint(nic.get().id()), reachOf(List.of(nic.get()))));
  }

  private Optional<Side> group(EndpointNode.GroupRef g) {
    String name = g.group().text();
    if (!groups.containsKey(name)) {
      out.error(DiagnosticCode.SG030, g.group().span(),
          "unknown group " + name + out.didYouMean(name, groups.keySet()));
      return Optional.empty();
    }
    List<String> members = inventory.members(name);
    List<NicInfo> nics = new ArrayList<>(members.size());
    for (String id : members) {
      nics.add(inventory.nicById().get(id));
    }
    if (nics.isEmpty()) {
      out.error(
          DiagnosticCode.SG040,
          g.group().span(),
          "group " + name + " has no member NIC, so the endpoint has no address");
      return Optional.empty();
    }
    return Optional.of(new Side(new Endpoint.GroupEndpoint(name), reachOf(nics)));
  }

  private Optional<Side> address(EndpointNode.AddressRef a) {
    Optional<Cidr> c = values.cidr(a.address());
    if (c.isEmpty()) {
      return Optional.empty();
    }
    Cidr cidr = c.get();
    OwnedAddresses index = owned(cidr.version());
    int from = index.lowerBound(cidr.first().value());
    int to = index.lowerBound(cidr.last().value().add(BigInteger.ONE));
    Reach.Nics owners = Reach.Nics.NONE;
    for (int i = from; i < to && !owners.several(); i++) {
      owners = owners.plus(index.owners()[i]);
    }
    long owned = to - from;
    BigInteger size = BigInteger.ONE.shiftLeft(cidr.version().bits() - cidr.prefix());
    boolean external = size.compareTo(BigInteger.valueOf(owned)) > 0;
    boolean v4 = cidr.version() == IpVersion.V4;
    Reach r =
        new Reach(v4 ? owners : Reach.Nics.NONE, v4 ? Reach.Nics.NONE : owners, v4 && external,
            !v4 && external);
    return Optional.of(new Side(new Endpoint.CidrEndpoint(cidr), r));
  }

  /** The addresses NICs own, of one version, sorted, with their owners (to search by CIDR). */
  private record OwnedAddresses(BigInteger[] values, String[] owners) {
    int lowerBound(BigInteger value) {
      return SortedNumbers.lowerBound(values, value);
    }
  }

  private final Map<IpVersion, OwnedAddresses> owned = new java.util.EnumMap<>(IpVersion.class);

  private OwnedAddresses owned(IpVersion v) {
    OwnedAddresses index = owned.get(v);
    if (index == null) {
      index = sortedOwners(v);
      owned.put(v, index);
    }
    return index;
  }

  /** The addresses of one version with their owners, sorted by address (a sort, not a tree). */
  private OwnedAddresses sortedOwners(IpVersion version) {
    List<Map.Entry<IpAddress, String>> entries = new ArrayList<>();
    for (Map.Entry<IpAddress, String> e : inventory.ownerByAddress().entrySet()) {
      if (e.getKey().version() == version) {
        entries.add(e);
      }
    }
    entries.sort((x, y) -> x.getKey().value().compareTo(y.getKey().value()));
    BigInteger[] values = new BigInteger[entries.size()];
    String[] owners = new String[entries.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = entries.get(i).getKey().value();
      owners[i] = entries.get(i).getValue();
    }
    return new OwnedAddresses(values, owners);
  }

  private static Reach reachOf(List<NicInfo> nics) {
    Reach.Nics v4 = Reach.Nics.NONE;
    Reach.Nics v6 = Reach.Nics.NONE;
    for (NicInfo n : nics) {
      for (IpAddress a : n.addresses()) {
        if (a.version() == IpVersion.V4) {
          v4 = v4.plus(n.id());
        } else {
          v6 = v6.plus(n.id());
        }
      }
      if (v4.several() && v6.several()) {
        break;
      }
    }
    return new Reach(v4, v6, false, false);
  }

  /**
   * The assertion's whole set of flows must not be empty. An item of the traffic with no flow for
   * the endpoints' IP versions adds nothing and is no error; when the endpoints have flows but no
   * item fits them, the error points at the traffic.
   */
  private void checkFlowsExist(AssertDecl a, Reach left, Reach right, Traffic t) {
    boolean v4 = t.fits(IpVersion.V4) && left.pairs(right, IpVersion.V4);
    boolean v6 = t.fits(IpVersion.V6) && left.pairs(right, IpVersion.V6);
    if (v4 || v6) {
      return;
    }
    boolean pairs = left.pairs(right, IpVersion.V4) || left.pairs(right, IpVersion.V6);
    out.error(
        DiagnosticCode.SG041,
        pairs && a.traffic() instanceof TrafficNode.Given g ? trafficSpan(g) : a.arrow().span(),
        "the assertion has no flow to check: " + whyEmpty(left, right, t));
  }

  /** The items of the traffic as written: from the first to the last when on one line. */
  private static SourceSpan trafficSpan(TrafficNode.Given g) {
    SourceSpan first = g.items().get(0).span();
    SourceSpan last = g.items().get(g.items().size() - 1).span();
    if (first.line() != last.line() || !first.file().equals(last.file())) {
      return first;
    }
    return new SourceSpan(first.file(), first.line(), first.column(),
        last.column() + last.length() - first.column());
  }

  private static String whyEmpty(Reach left, Reach right, Traffic t) {
    if (!left.hasNic() && !right.hasNic()) {
      return "both endpoints are external addresses, which the model does not connect";
    }
    boolean pairs4 = left.pairs(right, IpVersion.V4);
    boolean pairs6 = left.pairs(right, IpVersion.V6);
    if (pairs4 || pairs6) {
      String needs = pairs4 ? "IPv6" : "IPv4";
      return "the endpoints have " + (pairs4 ? "IPv4" : "IPv6") + " flows only, and " + t
          + " has none of them (icmp is IPv4 only, icmpv6 IPv6 only): it needs " + needs
          + " addresses on both sides";
    }
    boolean sameNic =
        left.hasNic()
            && left.v4Nics().sameAs(right.v4Nics())
            && left.v6Nics().sameAs(right.v6Nics());
    return sameNic
        ? "a NIC talking to itself is not a network flow"
        : "the endpoints share no IP version";
  }
}

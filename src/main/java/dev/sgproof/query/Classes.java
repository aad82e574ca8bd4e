package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.PublicSpace;
import dev.sgproof.model.Rule;
import dev.sgproof.model.SortedNumbers;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Exact equivalence classes of flows for one assertion (issue 2, item 5). Two flows whose fields
 * fall in the same classes are treated alike by every rule, every endpoint and the traffic, so one
 * representative per class decides the assertion exactly:
 *
 * <ul>
 *   <li>addresses: the elementary intervals cut by every rule CIDR, every endpoint CIDR and every
 *       NIC address, each NIC address a class of its own; when an endpoint is the internet, also
 *       by the bounds of public space ({@link PublicSpace}), so that no class straddles them;
 *   <li>destination ports: the elementary intervals cut by every rule port range and the
 *       assertion's ports; source ports: cut by every rule source-port range;
 *   <li>protocols: tcp, udp, icmp, icmpv6, gre and one class for every other number.
 * </ul>
 */
public final class Classes {
  /** The representative of "every other protocol number" (sctp; any unnamed number would do). */
  public static final int OTHER_PROTOCOL = 132;

  /** Protocol classes in the order counterexamples prefer them. */
  public static final List<Integer> PROTOCOLS =
      List.of(Protocols.TCP, Protocols.UDP, Protocols.ICMP, Protocols.ICMPV6, Protocols.GRE, OTHER_PROTOCOL);

  /** The source port counterexamples prefer (the start of the dynamic range). */
  public static final int PREFERRED_SOURCE_PORT = 49152;

  private final Network network;
  private final Map<IpVersion, List<BigInteger>> cuts;
  private final List<Integer> dstPorts;
  private final List<Integer> srcPorts;
  /** The address classes of each endpoint asked for (an instance serves one assertion). */
  private final Map<Endpoint, List<AddressClass>> byEndpoint = new java.util.HashMap<>();
  private final Base base;
  /** The cuts this assertion starts from (the network's, or those and the internet's). */
  private final Start start;

  private Classes(Network network, Map<IpVersion, List<BigInteger>> cuts, List<Integer> dstPorts,
      List<Integer> srcPorts, Base base, Start start) {
    this.network = network;
    this.base = base;
    this.start = start;
    this.cuts = cuts;
    this.dstPorts = dstPorts;
    this.srcPorts = srcPorts;
  }

  /**
   * The cuts every assertion on a network shares (rules and NIC addresses), sorted, and the
   * address classes of the endpoints that take no cut of their own assertion ({@link #shared}):
   * from the network's cuts ({@code plain}), or from those and the bounds of public space, for
   * assertions on the internet.
   */
  record Base(Network network, Start plain, Start internet, List<Integer> dport,
      List<Integer> sport, Map<IpVersion, NicAddresses> nicAddresses) {}

  /** Address cuts an assertion starts from, and the classes computed once from them. */
  record Start(List<BigInteger> v4, List<BigInteger> v6,
      Map<Endpoint, List<AddressClass>> shared) {}

  /**
   * The NIC addresses of one version sorted by value, each with its place in declaration order
   * (NIC, then the address's position in the NIC), to find those inside a CIDR by binary search.
   */
  private record NicAddresses(BigInteger[] values, IpAddress[] addresses, int[] order) {
    static NicAddresses of(Network n, IpVersion v) {
      List<IpAddress> all = new ArrayList<>();
      for (Nic nic : n.nics()) {
        for (IpAddress a : nic.addresses()) {
          if (a.version() == v) {
            all.add(a);
          }
        }
      }
      Integer[] idx = new Integer[all.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      java.util.Arrays.sort(idx, java.util.Comparator.comparing(i -> all.get(i).value()));
      BigInteger[] values = new BigInteger[idx.length];
      IpAddress[] addresses = new IpAddress[idx.length];
      int[] order = new int[idx.length];
      for (int k = 0; k < idx.length; k++) {
        addresses[k] = all.get(idx[k]);
        values[k] = addresses[k].value();
        order[k] = idx[k];
      }
      return new NicAddresses(values, addresses, order);
    }

    /** The NIC addresses inside the CIDR, in declaration order. */
    List<IpAddress> within(Cidr c) {
      int from = SortedNumbers.lowerBound(values, c.first().value());
      int to = SortedNumbers.lowerBound(values, c.last().value().add(BigInteger.ONE));
      Integer[] picked = new Integer[to - from];
      for (int k = from; k < to; k++) {
        picked[k - from] = k;
      }
      java.util.Arrays.sort(picked, java.util.Comparator.comparingInt(k -> order[k]));
      List<IpAddress> out = new ArrayList<>(picked.length);
      for (int k : picked) {
        out.add(addresses[k]);
      }
      return out;
    }
  }

  /**
   * The classes of the assertion on the network, computed afresh (nothing shared with other
   * assertions; {@link SharedClasses} shares what the assertions of one network have in common).
   */
  public static Classes of(Network n, Assertion a) {
    return of(base(n), a);
  }

  /** The classes of the assertion over the shared cuts of its network. */
  static Classes of(Base b, Assertion a) {
    TreeSet<BigInteger> v4 = new TreeSet<>();
    TreeSet<BigInteger> v6 = new TreeSet<>();
    TreeSet<Integer> dport = new TreeSet<>();
    boolean internet = false;
    for (Endpoint e : List.of(a.left(), a.right())) {
      if (e instanceof Endpoint.CidrEndpoint c) {
        cut(c.cidr().first(), c.cidr().last(), v4, v6);
      }
      internet |= e instanceof Endpoint.InternetEndpoint;
    }
    a.traffic().portRanges().forEach(p -> cutPorts(p, dport));
    Network n = b.network();
    Start s = internet ? b.internet() : b.plain();
    return new Classes(n, Map.of(IpVersion.V4, merge(s.v4(), v4), IpVersion.V6, merge(s.v6(), v6)),
        merge(b.dport(), dport), b.sport(), b, s);
  }

  /** The sorted union of a sorted list and a few more values (the list itself when none is new). */
  private static <T extends Comparable<T>> List<T> merge(List<T> sorted, TreeSet<T> more) {
    more.removeIf(x -> Collections.binarySearch(sorted, x) >= 0);
    if (more.isEmpty()) {
      return sorted;
    }
    List<T> out = new ArrayList<>(sorted.size() + more.size());
    int i = 0;
    for (T x : more) {
      while (i < sorted.size() && sorted.get(i).compareTo(x) < 0) {
        out.add(sorted.get(i++));
      }
      if (i < sorted.size() && sorted.get(i).compareTo(x) == 0) {
        continue;
      }
      out.add(x);
    }
    while (i < sorted.size()) {
      out.add(sorted.get(i++));
    }
    return Collections.unmodifiableList(out);
  }

  static Base base(Network n) {
    TreeSet<BigInteger> v4 = new TreeSet<>();
    TreeSet<BigInteger> v6 = new TreeSet<>();
    TreeSet<Integer> dport = new TreeSet<>(List.of(PortRange.MIN));
    TreeSet<Integer> sport = new TreeSet<>(List.of(PortRange.MIN));
    for (Group g : n.groups()) {
      for (Rule r : g.rules()) {
        if (r.peer() instanceof Peer.CidrPeer c) {
          cut(c.cidr().first(), c.cidr().last(), v4, v6);
        }
        cutPorts(r.dstPorts(), dport);
        cutPorts(r.srcPorts(), sport);
      }
    }
    for (Nic nic : n.nics()) {
      for (IpAddress addr : nic.addresses()) {
        cut(addr, addr, v4, v6);
      }
    }
    v4.add(BigInteger.ZERO);
    v6.add(BigInteger.ZERO);
    v4.add(IpVersion.V4.max().add(BigInteger.ONE));
    v6.add(IpVersion.V6.max().add(BigInteger.ONE));
    dport.add(PortRange.MAX + 1);
    sport.add(PortRange.MAX + 1);
    List<BigInteger> plain4 = List.copyOf(v4);
    List<BigInteger> plain6 = List.copyOf(v6);
    v4.addAll(PublicSpace.cuts(IpVersion.V4));
    v6.addAll(PublicSpace.cuts(IpVersion.V6));
    return new Base(n, new Start(plain4, plain6, new java.util.HashMap<>()),
        new Start(List.copyOf(v4), List.copyOf(v6), new java.util.HashMap<>()),
        List.copyOf(dport), List.copyOf(sport),
        Map.of(IpVersion.V4, NicAddresses.of(n, IpVersion.V4), IpVersion.V6,
            NicAddresses.of(n, IpVersion.V6)));
  }

  private static void cut(IpAddress first, IpAddress last, TreeSet<BigInteger> v4,
      TreeSet<BigInteger> v6) {
    TreeSet<BigInteger> set = first.isV4() ? v4 : v6;
    set.add(first.value());
    set.add(last.value().add(BigInteger.ONE));
  }

  private static void cutPorts(PortRange r, TreeSet<Integer> set) {
    set.add(r.low());
    set.add(r.high() + 1);
  }

  /**
   * One address class: the interval {@code low..high} (one address for a NIC address) and the
   * address that represents it.
   */
  public record AddressClass(IpAddress representative, IpAddress low, IpAddress high, boolean nic) {
    public AddressClass {
      Objects.requireNonNull(representative, "representative");
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
    }

    public boolean contains(IpAddress a) {
      return a.version() == low.version() && low.compareTo(a) <= 0 && a.compareTo(high) <= 0;
    }
  }

  /** One port class: the interval and the port that represents it. */
  public record PortClass(PortRange range, int representative) {
    public PortClass {
      Objects.requireNonNull(range, "range");
      if (!range.contains(representative)) {
        throw new IllegalArgumentException(representative + " outside " + range);
      }
    }
  }

  /**
   * One representative address per class of the endpoint, NIC addresses first (in declaration
   * order), then external classes in address order.
   */
  public List<IpAddress> addresses(Endpoint e) {
    List<IpAddress> out = new ArrayList<>();
    for (AddressClass c : addressClasses(e)) {
      out.add(c.representative());
    }
    return out;
  }

  /**
   * The classes of the endpoint's addresses in the order of {@link #addresses}: NIC addresses
   * first (in declaration order; {@code nic} set), then the external intervals in (version, value)
   * order.
   */
  public List<AddressClass> addressClasses(Endpoint e) {
    List<AddressClass> known = byEndpoint.get(e);
    if (known == null) {
      // The internet, external and CIDR endpoints' external classes follow the cuts: when this
      // assertion adds none to those it starts from (the network's, or those and the internet's),
      // they are the same for every assertion that starts there, computed once (a base serves
      // one thread: see SharedClasses).
      boolean shared = (e instanceof Endpoint.InternetEndpoint
          || e instanceof Endpoint.ExternalEndpoint || e instanceof Endpoint.CidrEndpoint)
          && cuts.get(IpVersion.V4) == start.v4() && cuts.get(IpVersion.V6) == start.v6();
      known = shared
          ? start.shared().computeIfAbsent(e,
              x -> Collections.unmodifiableList(computeAddressClasses(x)))
          : Collections.unmodifiableList(computeAddressClasses(e));
      byEndpoint.put(e, known);
    }
    return known;
  }

  private List<AddressClass> computeAddressClasses(Endpoint e) {
    if (e instanceof Endpoint.InternetEndpoint || e instanceof Endpoint.ExternalEndpoint) {
      // The internet's classes are the external ones in public space: its bounds are cuts.
      boolean publicOnly = e instanceof Endpoint.InternetEndpoint;
      List<AddressClass> out = new ArrayList<>();
      for (IpVersion v : IpVersion.values()) {
        for (AddressClass c : external(v, Optional.empty())) {
          if (!publicOnly || PublicSpace.contains(c.low())) {
            out.add(c);
          }
        }
      }
      return out;
    }
    if (e instanceof Endpoint.CidrEndpoint c) {
      List<AddressClass> out = new ArrayList<>();
      for (IpAddress addr : base.nicAddresses().get(c.cidr().version()).within(c.cidr())) {
        out.add(new AddressClass(addr, addr, addr, true));
      }
      out.addAll(external(c.cidr().version(), Optional.of(c.cidr())));
      return out;
    }
    List<AddressClass> out = new ArrayList<>();
    for (Nic nic : network.nicsOf(e)) {
      for (IpAddress addr : nic.addresses()) {
        out.add(new AddressClass(addr, addr, addr, true));
      }
    }
    return out;
  }

  /** Every external interval of the version (inside a CIDR), ascending. */
  private List<AddressClass> external(IpVersion v, Optional<Cidr> within) {
    List<BigInteger> c = cuts.get(v);
    List<AddressClass> out = new ArrayList<>();
    // Every CIDR of the assertion is cut, so the classes inside it are a contiguous run.
    int from = 0;
    int to = c.size() - 1;
    if (within.isPresent()) {
      from = lowerBound(c, within.get().first().value());
      to = lowerBound(c, within.get().last().value().add(BigInteger.ONE));
    }
    for (int i = from; i < to && i + 1 < c.size(); i++) {
      BigInteger lo = c.get(i);
      BigInteger hi = c.get(i + 1).subtract(BigInteger.ONE);
      IpAddress first = IpAddress.of(v, lo);
      if (within.isPresent() && !within.get().contains(first)) {
        continue;
      }
      if (lo.equals(hi) && network.owner(first).isPresent()) {
        continue; // a NIC address: its own class, listed with the NICs
      }
      out.add(new AddressClass(IpAddress.of(v, representative(lo, hi)), first, IpAddress.of(v, hi),
          false));
    }
    return out;
  }

  private static int lowerBound(List<BigInteger> sorted, BigInteger value) {
    int i = Collections.binarySearch(sorted, value);
    return i >= 0 ? i : -i - 1;
  }

  /** Prefer the first address of the interval, but not the all-zeros address. */
  private static BigInteger representative(BigInteger lo, BigInteger hi) {
    return lo.signum() == 0 && hi.signum() > 0 ? BigInteger.ONE : lo;
  }

  /** The representative of the class holding the address: a NIC address is its own. */
  public IpAddress representativeOf(IpAddress a) {
    if (network.owner(a).isPresent()) {
      return a;
    }
    List<BigInteger> c = cuts.get(a.version());
    int i = Collections.binarySearch(c, a.value());
    int lowIndex = i >= 0 ? i : -i - 2;
    BigInteger lo = c.get(lowIndex);
    BigInteger hi = c.get(lowIndex + 1).subtract(BigInteger.ONE);
    return IpAddress.of(a.version(), representative(lo, hi));
  }

  /**
   * Whether the endpoint's address classes are the list every assertion on the network gets for
   * it (the internet or a CIDR, when the assertion adds no cut of its own), so worth keeping
   * what is built from it.
   */
  public boolean shared(Endpoint e) {
    List<AddressClass> mine = addressClasses(e);
    return start.shared().get(e) == mine;
  }

  /** The port representatives, made on first use (every search of the assertion asks). */
  private List<Integer> dstRepresentatives;
  private List<Integer> srcRepresentatives;

  /** Destination-port representatives: the low end of each elementary interval, ascending. */
  public List<Integer> dstPorts() {
    if (dstRepresentatives == null) {
      dstRepresentatives = Collections.unmodifiableList(representatives(dstPortClasses()));
    }
    return dstRepresentatives;
  }

  /** Source-port representatives, the class holding 49152 first (represented by 49152). */
  public List<Integer> srcPorts() {
    if (srcRepresentatives == null) {
      srcRepresentatives = Collections.unmodifiableList(representatives(srcPortClasses()));
    }
    return srcRepresentatives;
  }

  /**
   * The port classes, made on first use: the violating flows of every obligation of the assertion
   * read them (a thousand classes each on a spec of a thousand rules).
   */
  private List<PortClass> dstClasses;
  private List<PortClass> srcClasses;

  /** Destination-port classes in the order of {@link #dstPorts}. */
  public List<PortClass> dstPortClasses() {
    if (dstClasses == null) {
      dstClasses = List.copyOf(portClasses(dstPorts, false));
    }
    return dstClasses;
  }

  /** Source-port classes in the order of {@link #srcPorts}. */
  public List<PortClass> srcPortClasses() {
    if (srcClasses == null) {
      srcClasses = List.copyOf(portClasses(srcPorts, true));
    }
    return srcClasses;
  }

  private static List<Integer> representatives(List<PortClass> classes) {
    List<Integer> out = new ArrayList<>(classes.size());
    for (PortClass c : classes) {
      out.add(c.representative());
    }
    return out;
  }

  private static List<PortClass> portClasses(List<Integer> cuts, boolean preferDynamic) {
    List<PortClass> out = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.size(); i++) {
      int lo = cuts.get(i);
      int hi = cuts.get(i + 1) - 1;
      PortRange r = new PortRange(lo, hi);
      if (preferDynamic && r.contains(PREFERRED_SOURCE_PORT)) {
        out.add(0, new PortClass(r, PREFERRED_SOURCE_PORT));
      } else {
        out.add(new PortClass(r, lo));
      }
    }
    return out;
  }
}

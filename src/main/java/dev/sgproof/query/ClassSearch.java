package dev.sgproof.query;

import dev.sgproof.model.Action;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The exhaustive engine's search ({@link ExhaustiveEngine#firstViolation(Network,
 * dev.sgproof.semantics.Evaluator, Classes, Obligation)}), computed over whole sets of address
 * classes at once instead of one flow at a time. Same classes, same order, same answer: the first
 * violating flow in the canonical order, or empty. It is exact, and built for endpoints that cover
 * thousands of NICs (a /8, the internet, a big group), where the flow-by-flow loop visits millions
 * of class pairs.
 *
 * <p>Why it is exact. For a fixed protocol and ports, the decision at a NIC depends only on the
 * NIC's groups (which rules and defaults apply) and on the other end's address class (which CIDR
 * peers contain it) and groups (which group peers and interconnected groups it is in). So:
 *
 * <ul>
 *   <li>NICs with the same set of groups share one ingress decision, a bit set over the source
 *       classes, and one egress decision, a bit set over the destination classes;
 *   <li>a decision bit set is computed rule by rule, in priority order, from the set of classes
 *       each rule's peer matches (a CIDR is a contiguous run of classes sorted by address, a group
 *       the addresses of its members); at each priority a deny beats an allow, and what is decided
 *       at a priority stays decided (semantics.md section 4); then the intra-group allow (section
 *       5) or the egress default (section 6);
 *   <li>a protocol-and-ports combination whose matching rules are the same, group set by group
 *       set, as one already found clean is clean too, and is skipped.
 * </ul>
 *
 * <p>The only pairs left out are those the flow loop leaves out: external to external and two
 * addresses of one NIC. Differential tests compare it with the flow loop on generated specs.
 */
public final class ClassSearch {
  private ClassSearch() {}

  /** What every search on a network shares: the group set of each NIC and its sorted rules. */
  private static final class Prep {
    final Network network;
    final Map<Nic, Integer> setOf = new IdentityHashMap<>();
    final List<GroupSet> sets = new ArrayList<>();
    /** Every distinct rule peer (and interconnected group), numbered. */
    final List<Peer> peers = new ArrayList<>();
    private final Map<Object, Integer> peerIds = new HashMap<>();

    /** The number of a peer: a group peer by its name, a CIDR peer by its CIDR. */
    int peerId(Peer p) {
      Object key = p instanceof Peer.GroupPeer g ? g.group() : p;
      Integer id = peerIds.get(key);
      if (id == null) {
        id = peers.size();
        peers.add(p);
        peerIds.put(key, id);
      }
      return id;
    }

    /**
     * Big universes by class list (by identity: {@link Classes} hands out the same list for an
     * internet or CIDR endpoint as long as the cuts are the network's, {@link Classes#shared})
     * and version, the most recently used few. A universe depends only on its classes and the
     * network, so searches share them; small ones are quicker to build than to keep, and lists
     * of one assertion only are never asked for again.
     */
    private final Map<UniverseKey, Universe> universes =
        new java.util.LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<UniverseKey, Universe> eldest) {
            return size() > KEPT_UNIVERSES;
          }
        };

    Universe universe(List<Classes.AddressClass> canonical, IpVersion v, boolean shared) {
      if (!shared || canonical.size() < keepUniversesFrom) {
        return new Universe(canonical, v, network, this);
      }
      UniverseKey k = new UniverseKey(canonical, v);
      Universe u = universes.get(k);
      if (u == null) {
        u = new Universe(canonical, v, network, this);
        universes.put(k, u);
      } else {
        UNIVERSES_REUSED.incrementAndGet();
      }
      return u;
    }

    Prep(Network n) {
      this.network = n;
      Map<List<String>, Integer> ids = new HashMap<>();
      for (Nic nic : n.nics()) {
        List<String> key = nic.groups().stream().distinct().sorted().toList();
        Integer id = ids.get(key);
        if (id == null) {
          id = sets.size();
          ids.put(key, id);
          sets.add(new GroupSet(id, n, key, this));
        }
        setOf.put(nic, id);
      }
    }
  }

  /** A set of groups some NIC has: its rules by direction, sorted by priority, and its type. */
  private static final class GroupSet {
    final int id;
    final boolean basic;
    final Rule[] ingress;
    final Rule[] egress;
    /** The peer number of each rule of {@link #ingress} and {@link #egress}. */
    final int[] ingressPeer;
    final int[] egressPeer;
    /** The interconnected basic groups (whose members pass the intra-group step), as peers. */
    final int[] interconnected;
    /** Their names, in the same order. */
    final String[] interconnectedNames;

    GroupSet(int id, Network n, List<String> names, Prep p) {
      this.id = id;
      List<Rule> in = new ArrayList<>();
      List<Rule> out = new ArrayList<>();
      boolean isBasic = true;
      List<Integer> fellows = new ArrayList<>();
      List<String> fellowNames = new ArrayList<>();
      for (String name : names) {
        Group g = n.groupNamed(name);
        isBasic = g.type() == GroupType.BASIC;
        if (g.type() == GroupType.BASIC && g.policy() == Policy.INTERCONNECTED) {
          fellows.add(p.peerId(new Peer.GroupPeer(name)));
          fellowNames.add(name);
        }
        for (Rule r : g.rules()) {
          (r.direction() == Direction.INGRESS ? in : out).add(r);
        }
      }
      Comparator<Rule> byPriority = Comparator.comparingInt(Rule::priority);
      in.sort(byPriority);
      out.sort(byPriority);
      this.basic = isBasic;
      this.ingress = in.toArray(Rule[]::new);
      this.egress = out.toArray(Rule[]::new);
      this.ingressPeer = new int[ingress.length];
      for (int i = 0; i < ingress.length; i++) {
        ingressPeer[i] = p.peerId(ingress[i].peer());
      }
      this.egressPeer = new int[egress.length];
      for (int i = 0; i < egress.length; i++) {
        egressPeer[i] = p.peerId(egress[i].peer());
      }
      this.interconnected = fellows.stream().mapToInt(Integer::intValue).toArray();
      this.interconnectedNames = fellowNames.toArray(String[]::new);
    }
  }

  /**
   * Universes of at least this many classes are kept for reuse (tests lower it, so that the small
   * specs of the differential tests reuse them too), at most {@link #KEPT_UNIVERSES} per thread.
   */
  static volatile int keepUniversesFrom = 256;
  private static final int KEPT_UNIVERSES = 8;
  /** How many times a kept universe served another search (tests check that reuse happens). */
  static final java.util.concurrent.atomic.AtomicLong UNIVERSES_REUSED =
      new java.util.concurrent.atomic.AtomicLong();

  /** A class list by identity, and a version. */
  private record UniverseKey(List<Classes.AddressClass> classes, IpVersion version) {
    @Override
    public boolean equals(Object o) {
      return o instanceof UniverseKey k && k.classes == classes && k.version == version;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(classes) + version.hashCode();
    }
  }

  private static final ThreadLocal<Prep> PREP = new ThreadLocal<>();

  private static Prep prep(Network n) {
    Prep p = PREP.get();
    if (p == null || p.network != n) {
      p = new Prep(n);
      PREP.set(p);
    }
    return p;
  }

  /**
   * The address classes of one endpoint that have one IP version, sorted by address: what a
   * decision bit set is indexed by.
   */
  private static final class Universe {
    final int size;
    final BigInteger[] low;
    /** The position of the class in the endpoint's canonical order. */
    final int[] rank;
    final Classes.AddressClass[] cls;
    /** The owner, or null for an external class. */
    final Nic[] nic;
    /** The owner's group set, or -1. */
    final int[] set;
    final BitSet external = new BitSet();
    final BitSet all = new BitSet();
    /**
     * Positions by group set id and by NIC, ascending (arrays, not bit sets: with thousands of
     * sets or NICs of a few addresses each, bit sets as long as the universe cost memory).
     */
    final Map<Integer, int[]> bySet;
    final Map<Nic, int[]> byNic;
    /** The classes each peer matches, by peer number, computed on first use. */
    private final BitSet[] peerBits;
    private final Prep prep;

    Universe(List<Classes.AddressClass> canonical, IpVersion v, Network n, Prep p) {
      this.prep = p;
      this.peerBits = new BitSet[p.peers.size()];
      List<Integer> picked = new ArrayList<>();
      for (int i = 0; i < canonical.size(); i++) {
        if (canonical.get(i).low().version() == v) {
          picked.add(i);
        }
      }
      picked.sort(Comparator.comparing(i -> canonical.get(i).low().value()));
      size = picked.size();
      low = new BigInteger[size];
      rank = new int[size];
      cls = new Classes.AddressClass[size];
      nic = new Nic[size];
      set = new int[size];
      Map<Integer, Positions> setPositions = new HashMap<>();
      Map<Nic, Positions> nicPositions = new IdentityHashMap<>();
      for (int k = 0; k < size; k++) {
        int i = picked.get(k);
        Classes.AddressClass c = canonical.get(i);
        rank[k] = i;
        cls[k] = c;
        low[k] = c.low().value();
        all.set(k);
        Nic owner = c.nic() ? n.owner(c.representative()).orElse(null) : null;
        nic[k] = owner;
        if (owner == null) {
          set[k] = -1;
          external.set(k);
        } else {
          set[k] = p.setOf.get(owner);
          setPositions.computeIfAbsent(set[k], x -> new Positions()).add(k);
          nicPositions.computeIfAbsent(owner, x -> new Positions()).add(k);
        }
      }
      bySet = new HashMap<>();
      setPositions.forEach((id, ps) -> bySet.put(id, ps.toArray()));
      byNic = new IdentityHashMap<>();
      nicPositions.forEach((owner, ps) -> byNic.put(owner, ps.toArray()));
    }

    /** The classes a rule peer (or the members of a group) matches, by peer number. */
    BitSet peer(int id, IpVersion v, Network n) {
      BitSet b = peerBits[id];
      if (b != null) {
        return b;
      }
      Peer peer = prep.peers.get(id);
      b = new BitSet(size);
      if (peer instanceof Peer.CidrPeer c) {
        if (c.cidr().version() == v) {
          int from = lowerBound(c.cidr().first().value());
          int to = lowerBound(c.cidr().last().value().add(BigInteger.ONE));
          b.set(from, to);
        }
      } else {
        for (Nic m : n.members(((Peer.GroupPeer) peer).group())) {
          int[] own = byNic.get(m);
          if (own != null) {
            for (int k : own) {
              b.set(k);
            }
          }
        }
      }
      peerBits[id] = b;
      return b;
    }

    /** The first position whose class starts at or after the value. */
    private int lowerBound(BigInteger value) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (low[mid].compareTo(value) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  /** Ascending positions, collected one by one. */
  private static final class Positions {
    private int[] a = new int[2];
    private int n;

    void add(int k) {
      if (n == a.length) {
        a = Arrays.copyOf(a, 2 * n);
      }
      a[n++] = k;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }

  /** The sources and destinations of one IP version, with decision caches. */
  private static final class Side {
    final Universe src;
    final Universe dst;
    /** Decisions by (group set, matching rules left). */
    final Map<MaskKey, Decision> ingress = new HashMap<>();
    final Map<MaskKey, Decision> egress = new HashMap<>();
    /** The group sets of the destination and source NICs, ascending. */
    final int[] dstSets;
    final int[] srcSets;
    /**
     * A group set's rules by direction without those whose peer matches no class of the other
     * end: they change no bit of any decision here, whatever the protocol and ports.
     */
    private final Map<Integer, Live> liveIngress = new HashMap<>();
    private final Map<Integer, Live> liveEgress = new HashMap<>();
    /**
     * How the network is changed (the isolated group and catch-all rules; the kept rules are
     * applied to each search's masks, so searches with different kept rules share this side).
     */
    final Mods mods;
    /** Whether decisions note the rules that decide some class. */
    final boolean tracking;

    Side(Universe src, Universe dst, Mods mods, boolean tracking) {
      this.src = src;
      this.dst = dst;
      this.mods = mods;
      this.tracking = tracking;
      this.dstSets = dst.bySet.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      this.srcSets = src.bySet.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    Live live(GroupSet g, Direction d, IpVersion v, Network n) {
      boolean in = d == Direction.INGRESS;
      return (in ? liveIngress : liveEgress).computeIfAbsent(g.id, id -> {
        Universe other = in ? src : dst;
        Rule[] rules = in ? g.ingress : g.egress;
        int[] peers = in ? g.ingressPeer : g.egressPeer;
        List<Rule> out = new ArrayList<>();
        List<Integer> outPeers = new ArrayList<>();
        for (int i = 0; i < rules.length; i++) {
          if (!other.peer(peers[i], v, n).isEmpty()) {
            out.add(rules[i]);
            outPeers.add(peers[i]);
          }
        }
        return new Live(out.toArray(Rule[]::new),
            outPeers.stream().mapToInt(Integer::intValue).toArray());
      });
    }
  }

  /** Live rules (sorted by priority) with what section 3 matches on, unpacked for speed. */
  private static final class Live {
    final Rule[] rules;
    final int[] peer;
    final int[] protocol;
    final int[] dstLow;
    final int[] dstHigh;
    final int[] srcLow;
    final int[] srcHigh;

    Live(Rule[] rules, int[] peer) {
      this.rules = rules;
      this.peer = peer;
      int k = rules.length;
      protocol = new int[k];
      dstLow = new int[k];
      dstHigh = new int[k];
      srcLow = new int[k];
      srcHigh = new int[k];
      for (int i = 0; i < k; i++) {
        Rule r = rules[i];
        protocol[i] = r.protocol() == Proto.ALL ? -1 : r.protocol().number();
        dstLow[i] = r.dstPorts().low();
        dstHigh[i] = r.dstPorts().high();
        srcLow[i] = r.srcPorts().low();
        srcHigh[i] = r.srcPorts().high();
      }
    }

    /** The rules that match the protocol and ports (section 3), as a bit mask over the rules. */
    long[] mask(int flowProtocol, int dport, int sport) {
      boolean ports = Protocols.hasPorts(flowProtocol);
      long[] m = new long[(rules.length + 63) >>> 6];
      for (int i = 0; i < rules.length; i++) {
        if (protocol[i] != -1 && protocol[i] != flowProtocol) {
          continue;
        }
        if (ports && (dport < dstLow[i] || dport > dstHigh[i] || sport < srcLow[i]
            || sport > srcHigh[i])) {
          continue;
        }
        m[i >>> 6] |= 1L << i;
      }
      return m;
    }

    /** Clears the bits of the rules that are not kept (none when {@code kept} is null). */
    void keepOnly(long[] mask, Set<Rule> kept) {
      if (kept == null) {
        return;
      }
      for (int w = 0; w < mask.length; w++) {
        for (long bits = mask[w]; bits != 0; bits &= bits - 1) {
          int i = (w << 6) + Long.numberOfTrailingZeros(bits);
          if (!kept.contains(rules[i])) {
            mask[w] &= ~(1L << i);
          }
        }
      }
    }

    /** The positions of the rules in the mask, in priority order. */
    int[] select(long[] mask) {
      int[] out = new int[count(mask)];
      int k = 0;
      for (int i = 0; i < rules.length; i++) {
        if ((mask[i >>> 6] & 1L << i) != 0) {
          out[k++] = i;
        }
      }
      return out;
    }

    private static int count(long[] mask) {
      int c = 0;
      for (long w : mask) {
        c += Long.bitCount(w);
      }
      return c;
    }
  }

  /** A decision bit set, and the rules that decide some class of it (null when not tracked). */
  private record Decision(BitSet allowed, Rule[] deciding) {}

  /** A group set and the mask of its live rules that match: what a decision depends on. */
  private record MaskKey(int set, long[] mask) {
    @Override
    public boolean equals(Object o) {
      return o instanceof MaskKey k && k.set == set && Arrays.equals(k.mask, mask);
    }

    @Override
    public int hashCode() {
      return 31 * set + Arrays.hashCode(mask);
    }
  }

  /**
   * The first flow of the obligation that breaks its expectation, in the exhaustive engine's
   * order, or empty when the obligation holds.
   */
  public static Optional<Flow> firstViolation(Network n, Classes classes, Obligation o) {
    return firstViolation(n, classes, o, TRANSPOSE_ABOVE);
  }

  /**
   * {@link #firstViolation(Network, Classes, Obligation)} with the strategy threshold given: when
   * both ends have more than {@code transposeAbove} group sets, a "must be denied" obligation
   * pairs sources with destinations through a transposed bit matrix instead of group set by group
   * set. Every threshold gives the same answer (tests run both strategies on every obligation).
   */
  public static Optional<Flow> firstViolation(
      Network n, Classes classes, Obligation o, int transposeAbove) {
    return search(n, classes, o, transposeAbove, Mods.NONE, null);
  }

  /**
   * A change of the network that the search applies as it goes, instead of building a new
   * network: some rules deleted, the intra-group allow of one group off, catch-all rules at
   * priority 110 (the variants of {@link ProofSteps}).
   */
  private record Mods(Set<Rule> kept, String isolated, ProofSteps.CatchAll catchAll) {
    static final Mods NONE = new Mods(null, null, null);
  }

  /**
   * The proof-step re-checks of {@link ProofSteps} decided by the class search on the spec's own
   * network (its classes serve every variant: variants only delete rules or add rules whose peer
   * is a whole address space). Thread-safe.
   */
  public static ProofSteps.Checks checks() {
    return (spec, a, v) -> {
      Network n = spec.network();
      Classes classes = classesOf(n, a);
      Mods mods = new Mods(v.kept(), v.isolated(), v.catchAll());
      for (Obligation o : Obligation.of(a)) {
        if (search(n, classes, o, TRANSPOSE_ABOVE, mods, null).isPresent()) {
          return false;
        }
      }
      return true;
    };
  }

  private record LastClasses(Network network, Assertion assertion, Classes classes) {}

  private static final ThreadLocal<LastClasses> LAST_CLASSES = new ThreadLocal<>();

  private static Classes classesOf(Network n, Assertion a) {
    LastClasses last = LAST_CLASSES.get();
    if (last == null || last.network() != n || last.assertion() != a) {
      last = new LastClasses(n, a, Classes.of(n, a));
      LAST_CLASSES.set(last);
    }
    return last.classes();
  }

  /**
   * The rules a proof depends on ({@link ProofSteps#minimalByDeletion}, the set every engine
   * gives), with one class search per rule that decides some class of the proof: a rule that
   * decides nothing (it matches only classes an earlier priority decided, or an allow only classes
   * a deny of its own priority takes) can be deleted without changing any decision, so it goes
   * without a search, and so do the rules of groups no NIC of the assertion is in.
   *
   * @param classes the classes of the assertion on {@code n} (also valid for every network with
   *     fewer rules: deleting rules only merges classes)
   * @return the rules in spec order; every rule when the assertion does not hold on {@code n}
   */
  public static List<Rule> minimalRules(Network n, Classes classes, List<Obligation> obligations) {
    List<Rule> all = new ArrayList<>();
    n.groups().forEach(g -> all.addAll(g.rules()));
    // One state per obligation for all the searches: they differ only in the rules kept, which
    // enter each decision's key, so decisions and clean combinations carry over between them.
    List<Searched> states = new ArrayList<>();
    for (Obligation o : obligations) {
      states.add(new Searched(n, classes, o, Mods.NONE, true));
    }
    return ProofSteps.minimalByDeletion(all, kept -> {
      Set<Rule> deciding = identitySet();
      for (Searched state : states) {
        if (state.run(TRANSPOSE_ABOVE, kept, deciding).isPresent()) {
          return null;
        }
      }
      return deciding;
    });
  }

  private static Set<Rule> identitySet() {
    return java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  }

  private static Optional<Flow> search(Network n, Classes classes, Obligation o,
      int transposeAbove, Mods mods, Set<Rule> deciding) {
    return new Searched(n, classes, o, mods, deciding != null)
        .run(transposeAbove, mods.kept(), deciding);
  }

  /**
   * One obligation ready to be searched, with what its searches share: the sides (universes,
   * live rules, decisions by key) and the keys of the combinations found clean.
   */
  private static final class Searched {
    final Prep p;
    final Network n;
    final Classes classes;
    final Obligation o;
    final Map<IpVersion, Side> sides = new HashMap<>();
    final Set<List<Object>> clean = new HashSet<>();

    Searched(Network n, Classes classes, Obligation o, Mods mods, boolean tracking) {
      this.p = prep(n);
      this.n = n;
      this.classes = classes;
      this.o = o;
      List<Classes.AddressClass> sources = classes.addressClasses(o.source());
      List<Classes.AddressClass> destinations = classes.addressClasses(o.destination());
      for (IpVersion v : IpVersion.values()) {
        Universe s = p.universe(sources, v, classes.shared(o.source()));
        Universe d = p.universe(destinations, v, classes.shared(o.destination()));
        if (s.size > 0 && d.size > 0) {
          sides.put(v, new Side(s, d, mods, tracking));
        }
      }
    }

    /**
     * The first violation with only the {@code kept} rules (all when null), noting in {@code
     * deciding} (when not null) the rules that decide some class.
     */
    Optional<Flow> run(int transposeAbove, Set<Rule> kept, Set<Rule> deciding) {
      Set<Decision> used = deciding == null ? null
          : java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      List<Integer> noPort = List.of(Flow.NO_PORT);
      for (int protocol : Classes.PROTOCOLS) {
        boolean ports = Protocols.hasPorts(protocol);
        for (int dport : ports ? classes.dstPorts() : noPort) {
          if (o.traffic().contains(protocol, dport) == o.outsideTraffic()) {
            continue;
          }
          for (int sport : ports ? classes.srcPorts() : noPort) {
            Optional<Flow> f = combination(p, n, sides, o, protocol, dport, sport, clean,
                transposeAbove, kept, deciding, used);
            if (f.isPresent()) {
              return f;
            }
          }
        }
      }
      return Optional.empty();
    }
  }

  /** One protocol and port combination: the first violating (source, destination) pair. */
  private static Optional<Flow> combination(Prep p, Network n, Map<IpVersion, Side> sides,
      Obligation o, int protocol, int dport, int sport, Set<List<Object>> clean,
      int transposeAbove, Set<Rule> kept, Set<Rule> deciding, Set<Decision> used) {
    // The key of the combination: per version, the matching rules of every group set involved.
    List<Object> key = new ArrayList<>();
    key.add(o.expect());
    Map<IpVersion, Decisions> decisions = new HashMap<>();
    for (IpVersion v : IpVersion.values()) {
      Side side = sides.get(v);
      if (side == null || !Protocols.fitsVersion(protocol, v)) {
        continue;
      }
      Decisions d = new Decisions(p, n, side, v, protocol, dport, sport, kept, deciding, used);
      decisions.put(v, d);
      key.add(v);
      key.add(d.ingressKeys);
      key.add(d.egressKeys);
    }
    if (decisions.isEmpty() || clean.contains(key)) {
      return Optional.empty();
    }
    int bestRank = Integer.MAX_VALUE;
    IpVersion bestVersion = null;
    int bestPos = -1;
    for (Map.Entry<IpVersion, Decisions> e : decisions.entrySet()) {
      Decisions d = e.getValue();
      BitSet bad = d.badSources(o.expect(), transposeAbove);
      for (int s = bad.nextSetBit(0); s >= 0; s = bad.nextSetBit(s + 1)) {
        int r = d.side.src.rank[s];
        if (r < bestRank) {
          bestRank = r;
          bestVersion = e.getKey();
          bestPos = s;
        }
      }
    }
    if (bestVersion == null) {
      clean.add(key);
      return Optional.empty();
    }
    Decisions d = decisions.get(bestVersion);
    Universe dst = d.side.dst;
    int bestDst = -1;
    for (int t = 0; t < dst.size; t++) {
      if (d.violates(o.expect(), bestPos, t) && (bestDst < 0 || dst.rank[t] < dst.rank[bestDst])) {
        bestDst = t;
      }
    }
    if (bestDst < 0) {
      throw new IllegalStateException("a bad source without a destination");
    }
    return Optional.of(new Flow(d.side.src.cls[bestPos].representative(),
        dst.cls[bestDst].representative(), protocol, sport, dport));
  }

  /** The decisions of one version under one protocol and port combination. */
  private static final class Decisions {
    final Side side;
    /** Ingress decision (over sources) by destination group set id (null for other sets). */
    final BitSet[] ingress;
    /** Egress decision (over destinations) by source group set id (null for other sets). */
    final BitSet[] egress;
    final List<Object> ingressKeys = new ArrayList<>();
    final List<Object> egressKeys = new ArrayList<>();

    Decisions(Prep p, Network n, Side side, IpVersion v, int protocol, int dport, int sport,
        Set<Rule> kept, Set<Rule> deciding, Set<Decision> used) {
      this.side = side;
      this.ingress = new BitSet[p.sets.size()];
      this.egress = new BitSet[p.sets.size()];
      for (Direction d : List.of(Direction.INGRESS, Direction.EGRESS)) {
        boolean in = d == Direction.INGRESS;
        for (int id : in ? side.dstSets : side.srcSets) {
          GroupSet g = p.sets.get(id);
          Live live = side.live(g, d, v, n);
          long[] mask = live.mask(protocol, dport, sport);
          live.keepOnly(mask, kept);
          MaskKey k = new MaskKey(id, mask);
          (in ? ingressKeys : egressKeys).add(k);
          Decision decision = (in ? side.ingress : side.egress).computeIfAbsent(k,
              x -> decide(live, live.select(x.mask()), in ? side.src : side.dst, v, n, g, d,
                  side.mods, side.tracking));
          (in ? ingress : egress)[id] = decision.allowed();
          if (deciding != null && used.add(decision)) {
            java.util.Collections.addAll(deciding, decision.deciding());
          }
        }
      }
    }

    /** Whether the pair of positions is a flow of the model and breaks the expectation. */
    boolean violates(Expectation expect, int s, int d) {
      Nic sn = side.src.nic[s];
      Nic dn = side.dst.nic[d];
      if (sn == null && dn == null || sn != null && sn == dn) {
        return false;
      }
      boolean permitted = (sn == null || egress[side.src.set[s]].get(d))
          && (dn == null || ingress[side.dst.set[d]].get(s));
      return !expect.satisfiedBy(permitted);
    }

    /** The source positions that have at least one destination they break the expectation with. */
    BitSet badSources(Expectation expect, int transposeAbove) {
      Universe src = side.src;
      Universe dst = side.dst;
      BitSet bad = new BitSet(src.size);
      if (expect == Expectation.PERMITTED) {
        // Denied at the destination's ingress.
        for (int g : side.dstSets) {
          BitSet failing = (BitSet) src.all.clone();
          failing.andNot(ingress[g]);
          excludeSoleNic(failing, dst.bySet.get(g), dst, src);
          bad.or(failing);
        }
        // Denied at the source's egress.
        for (int h : side.srcSets) {
          BitSet failing = (BitSet) dst.all.clone();
          failing.andNot(egress[h]);
          markSources(bad, src.bySet.get(h), failing, dst, src);
        }
        return bad;
      }
      if (side.srcSets.length > transposeAbove && side.dstSets.length > transposeAbove) {
        return permittedPairs();
      }
      // Permitted: an external source needs only the destination's ingress.
      for (int g : side.dstSets) {
        BitSet passing = (BitSet) ingress[g].clone();
        passing.and(src.external);
        bad.or(passing);
      }
      for (int h : side.srcSets) {
        int[] sourcesOfSet = src.bySet.get(h);
        BitSet allowed = egress[h];
        // To an external destination: egress alone decides.
        if (allowed.intersects(dst.external)) {
          for (int s : sourcesOfSet) {
            bad.set(s);
          }
        }
        // To a NIC: the destination's ingress must pass too. Group the allowed destinations by
        // their group set, noting when they all belong to one NIC.
        Map<Integer, Nic> soleNic = new HashMap<>();
        Set<Integer> several = new HashSet<>();
        for (int t = allowed.nextSetBit(0); t >= 0; t = allowed.nextSetBit(t + 1)) {
          Nic owner = dst.nic[t];
          if (owner == null) {
            continue;
          }
          int g = dst.set[t];
          Nic prior = soleNic.putIfAbsent(g, owner);
          if (prior != null && prior != owner) {
            several.add(g);
          }
        }
        for (Map.Entry<Integer, Nic> ge : soleNic.entrySet()) {
          BitSet passing = ingress[ge.getKey()];
          for (int s : sourcesOfSet) {
            if (passing.get(s) && (several.contains(ge.getKey()) || src.nic[s] != ge.getValue())) {
              bad.set(s);
            }
          }
        }
      }
      return bad;
    }

    /**
     * The sources with a permitted flow to some destination, through the transposed ingress
     * matrix: row {@code s} of the transpose holds the destinations whose ingress admits {@code
     * s}, and {@code s} is bad when that row meets its own egress row (less its own NIC). Used when
     * both ends have many group sets, where pairing group sets would cost their product.
     */
    private BitSet permittedPairs() {
      Universe src = side.src;
      Universe dst = side.dst;
      int srcWords = (src.size + 63) >>> 6;
      int dstWords = (dst.size + 63) >>> 6;
      Map<Integer, long[]> words = new HashMap<>();
      long[] allSources = src.all.toLongArray();
      long[][] rows = new long[dst.size][];
      for (int d = 0; d < dst.size; d++) {
        rows[d] = dst.nic[d] == null ? allSources
            : words.computeIfAbsent(dst.set[d], g -> ingress[g].toLongArray());
      }
      long[] transposed = Bits.transpose(rows, srcWords, src.size, dstWords);
      long[] toNics = dst.all.toLongArray();
      long[] externalDst = dst.external.toLongArray();
      for (int i = 0; i < externalDst.length; i++) {
        toNics[i] &= ~externalDst[i];
      }
      Map<Integer, long[]> egressWords = new HashMap<>();
      BitSet bad = new BitSet(src.size);
      long[] own = new long[dstWords];
      for (int s = 0; s < src.size; s++) {
        long[] allowed = src.nic[s] == null ? toNics
            : egressWords.computeIfAbsent(src.set[s], h -> egress[h].toLongArray());
        int[] mine = src.nic[s] == null ? null : dst.byNic.get(src.nic[s]);
        if (mine != null) {
          for (int t : mine) {
            own[t >>> 6] |= 1L << t;
          }
        }
        int base = s * dstWords;
        for (int w = 0; w < dstWords; w++) {
          long a = w < allowed.length ? allowed[w] : 0L;
          if ((a & transposed[base + w] & ~own[w]) != 0) {
            bad.set(s);
            break;
          }
        }
        if (mine != null) {
          for (int t : mine) {
            own[t >>> 6] = 0L;
          }
        }
      }
      return bad;
    }

    /**
     * Adds to {@code bad} the sources in {@code failing} (sources denied by the ingress of the
     * destinations {@code dests}), except that when all of those destinations belong to one NIC,
     * its own addresses do not count (a flow within one NIC is outside the model).
     */
    private static void excludeSoleNic(BitSet failing, int[] dests, Universe dst, Universe src) {
      Nic only = null;
      for (int t : dests) {
        if (only != null && dst.nic[t] != only) {
          return; // several NICs
        }
        only = dst.nic[t];
      }
      int[] own = only == null ? null : src.byNic.get(only);
      if (own != null) {
        for (int s : own) {
          failing.clear(s);
        }
      }
    }

    /**
     * Marks the sources of one group set as bad when some destination in {@code failing} is not
     * their own NIC.
     */
    private static void markSources(BitSet bad, int[] sourcesOfSet, BitSet failing, Universe dst,
        Universe src) {
      if (failing.isEmpty()) {
        return;
      }
      boolean external = failing.intersects(dst.external);
      Nic only = external ? null : soleOwner(failing, dst);
      for (int s : sourcesOfSet) {
        if (only == null || src.nic[s] != only) {
          bad.set(s);
        }
      }
    }

    /** The one NIC owning every position of the set, or null when there are several owners. */
    private static Nic soleOwner(BitSet positions, Universe u) {
      Nic only = null;
      for (int t = positions.nextSetBit(0); t >= 0; t = positions.nextSetBit(t + 1)) {
        Nic owner = u.nic[t];
        if (owner == null || only != null && owner != only) {
          return null;
        }
        only = owner;
      }
      return only;
    }
  }

  /** Both ends need more group sets than this for {@link Decisions#permittedPairs}. */
  static final int TRANSPOSE_ABOVE = 64;

  /**
   * The decision of one group set's matching rules over every class of the other end (section 4),
   * then the intra-group allow (ingress, section 5) or the default (egress, section 6). When
   * {@code deciding} is not null, the rules that decide some class are added to it: a deny that
   * matches a class no earlier priority decided, an allow that matches such a class that no deny
   * of its own priority matches.
   */
  private static Decision decide(Live live, int[] matching, Universe other, IpVersion v,
      Network n, GroupSet g, Direction d, Mods mods, boolean tracking) {
    List<Rule> deciding = tracking ? new ArrayList<>() : null;
    BitSet allowed = new BitSet(other.size);
    BitSet decided = new BitSet(other.size);
    // Catch-all rules of a variant: every class, at priority 110 (with the legacy rules).
    boolean catchAll = mods.catchAll() != null && mods.catchAll().direction == d
        && mods.catchAll().applies(g.basic ? GroupType.BASIC : GroupType.ADVANCED);
    int i = 0;
    while (i < matching.length || catchAll) {
      int priority = i < matching.length
          ? Math.min(live.rules[matching[i]].priority(), catchAll ? Rule.LEGACY_PRIORITY
              : Integer.MAX_VALUE)
          : Rule.LEGACY_PRIORITY;
      int first = i;
      BitSet allow = new BitSet(other.size);
      BitSet deny = new BitSet(other.size);
      for (; i < matching.length && live.rules[matching[i]].priority() == priority; i++) {
        Rule r = live.rules[matching[i]];
        (r.action() == Action.ALLOW ? allow : deny).or(other.peer(live.peer[matching[i]], v, n));
      }
      if (catchAll && priority == Rule.LEGACY_PRIORITY) {
        (mods.catchAll().action == Action.ALLOW ? allow : deny).or(other.all);
        catchAll = false;
      }
      if (deciding != null) {
        BitSet open = (BitSet) other.all.clone();
        open.andNot(decided);
        BitSet openToAllow = (BitSet) open.clone();
        openToAllow.andNot(deny);
        for (int j = first; j < i; j++) {
          Rule r = live.rules[matching[j]];
          BitSet mine = other.peer(live.peer[matching[j]], v, n);
          if (mine.intersects(r.action() == Action.ALLOW ? openToAllow : open)) {
            deciding.add(r);
          }
        }
      }
      BitSet wins = (BitSet) allow.clone();
      wins.andNot(deny);
      wins.andNot(decided);
      allowed.or(wins);
      decided.or(allow);
      decided.or(deny);
    }
    if (d == Direction.INGRESS) {
      for (int k = 0; k < g.interconnected.length; k++) {
        if (!g.interconnectedNames[k].equals(mods.isolated())) {
          allowed.or(other.peer(g.interconnected[k], v, n));
        }
      }
    } else if (g.basic) {
      BitSet undecided = (BitSet) other.all.clone();
      undecided.andNot(decided);
      allowed.or(undecided);
    }
    return new Decision(allowed, tracking ? deciding.toArray(Rule[]::new) : null);
  }
}

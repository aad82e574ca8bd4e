package dev.sgproof.query;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.PublicSpace;
import dev.sgproof.model.Rule;
import dev.sgproof.semantics.Evaluator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Which rules still do anything, and what the internet reaches (language.md, "Lint"), exactly and
 * priority-aware. The subject of a rule finding is a <em>statement</em>: the rules one rule
 * statement of a group resolves to for one range of its port list (and every version of {@code
 * any}, every range of its {@code sport} list). For every set of groups some NIC has and each
 * direction, every flow class that has a flow at some NIC of the set is read off its {@link
 * DecisionTable}: the rules that match it, the winners (the highest-priority matching rules, a
 * deny first on ties), and what deleting one statement would leave.
 *
 * <ul>
 *   <li><b>shadowed</b>: the statement decides no flow at any NIC it applies to. Reasons: {@code
 *       priority} (a class it matches is decided at a higher priority), {@code
 *       equal-priority-deny} (an allow that loses to a deny of its own priority), {@code
 *       intra-group} (the intra-group allow comes first), or {@code no-flow} (it matches no flow
 *       at all: a peer with no address of its NICs' versions, an empty group, only the NIC's own
 *       addresses); {@code by}: the rules that win over it.
 *   <li><b>redundant</b>: it decides some flows, but deleting it alone changes no NIC's decision
 *       on any flow; {@code by}: the rules that decide them in its place.
 *   <li><b>duplicate</b>: the same statement (same direction, action, protocol, ports, peer,
 *       source ports, priority) earlier in its group; reported on the later one.
 *   <li><b>unused</b>: the group has no member NIC (reported once, at the group).
 *   <li><b>exposure</b>: an internet address (public unicast space, semantics.md section 2.1,
 *       owned by no NIC) reaches a NIC on one of the given ports, by the effective decision;
 *       one finding per (deciding rules, protocol, port) with the NICs and a witness flow, which
 *       is replayed in the evaluator.
 * </ul>
 */
public final class Lint {
  public enum Kind {
    SHADOWED("shadowed"), REDUNDANT("redundant"), DUPLICATE("duplicate"), UNUSED("unused"),
    EXPOSURE("exposure");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** Why a statement decides nothing. */
  public enum Reason {
    PRIORITY("priority"), EQUAL_PRIORITY_DENY("equal-priority-deny"), INTRA_GROUP("intra-group"),
    NO_FLOW("no-flow");

    private final String word;

    Reason(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** A port lint checks for exposure: tcp or udp and one port. */
  public record ExposurePort(int protocol, int port) {
    public ExposurePort {
      if (!Protocols.hasPorts(protocol) || !PortRange.ALL.contains(port)) {
        throw new IllegalArgumentException(protocol + ":" + port);
      }
    }

    @Override
    public String toString() {
      return Protocols.name(protocol) + " " + port;
    }
  }

  /** The administrative and database ports of issue 14. */
  public static final List<ExposurePort> DEFAULT_EXPOSURE_PORTS = List.of(
      new ExposurePort(Protocols.TCP, 22), new ExposurePort(Protocols.TCP, 3389),
      new ExposurePort(Protocols.TCP, 3306), new ExposurePort(Protocols.TCP, 5432),
      new ExposurePort(Protocols.TCP, 1433), new ExposurePort(Protocols.TCP, 6379),
      new ExposurePort(Protocols.TCP, 27017), new ExposurePort(Protocols.TCP, 9200),
      new ExposurePort(Protocols.TCP, 11211), new ExposurePort(Protocols.UDP, 11211));

  /**
   * One statement for one port range: its group, where it is written, the range (for a statement
   * with a port list; empty otherwise) and its rules.
   */
  public record Statement(String group, SourceSpan span, Optional<PortRange> ports,
      List<Rule> rules) {
    public Statement {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(span, "span");
      Objects.requireNonNull(ports, "ports");
      rules = List.copyOf(rules);
    }

    /** The statement as one rule line (the first rule's text; {@code any} as its IPv4 half). */
    public String text() {
      return rules.get(0).text();
    }
  }

  /** An exposure's protocol and port, the NICs it reaches (declaration order) and a witness. */
  public record Exposure(ExposurePort port, List<String> nics, Flow witness, List<String> trace) {
    public Exposure {
      Objects.requireNonNull(port, "port");
      nics = List.copyOf(nics);
      Objects.requireNonNull(witness, "witness");
      trace = List.copyOf(trace);
    }
  }

  /**
   * One finding: its kind, the group, where (the statement, or the group for {@code unused}), the
   * port range of a port-list item, why ({@code shadowed}), the rules that make it so (by their
   * places), and for {@code exposure} what is reached.
   */
  public record Finding(Kind kind, String group, SourceSpan span, Optional<PortRange> ports,
      List<Reason> reasons, List<SourceSpan> by, String message, Optional<Exposure> exposure) {
    public Finding {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(span, "span");
      Objects.requireNonNull(ports, "ports");
      reasons = List.copyOf(reasons);
      by = List.copyOf(by);
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(exposure, "exposure");
    }
  }

  private final Network network;
  private final DecisionTables tables;
  private final List<ExposurePort> exposurePorts;
  private final IdentityHashMap<Nic, Integer> nicIndex = new IdentityHashMap<>();
  private final List<Statement> statements = new ArrayList<>();
  private final IdentityHashMap<Rule, Integer> statementOf = new IdentityHashMap<>();
  /** What the classes showed of each statement. */
  private final Use[] uses;
  /** Exposures by (deciding rules, port): NICs and the first witness. */
  private final TreeMap<String, ExposureDraft> exposures = new TreeMap<>();
  private final Map<IpVersion, IpAddress[]> nicAddresses = new java.util.EnumMap<>(IpVersion.class);
  /** Per version, the owner of each address of {@link #nicAddresses} and its set of groups. */
  private final Map<IpVersion, Nic[]> owners = new java.util.EnumMap<>(IpVersion.class);
  private final Map<IpVersion, int[]> groupSetOf = new java.util.EnumMap<>(IpVersion.class);
  private final List<List<String>> groupSets = new ArrayList<>();

  private static final class Use {
    boolean matched;
    boolean decides;
    boolean changes;
    final TreeSet<Reason> lost = new TreeSet<>();
    /** Rules (by place) that win where it loses, and that decide in its place when deleted. */
    final TreeSet<Place> winners = new TreeSet<>();
    final TreeSet<Place> instead = new TreeSet<>();
    boolean insteadDefault;
  }

  /** A rule's place, sortable: file, line, column. */
  private record Place(SourceSpan span) implements Comparable<Place> {
    @Override
    public int compareTo(Place o) {
      return Comparator.comparing((Place p) -> p.span.file())
          .thenComparingInt(p -> p.span.line()).thenComparingInt(p -> p.span.column())
          .compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Place p && p.span.file().equals(span.file())
          && p.span.line() == span.line() && p.span.column() == span.column();
    }

    @Override
    public int hashCode() {
      return Objects.hash(span.file(), span.line(), span.column());
    }
  }

  private Lint(Network network, DecisionTables tables, List<ExposurePort> exposurePorts) {
    this.network = network;
    this.tables = tables;
    this.exposurePorts = List.copyOf(exposurePorts);
    for (Nic n : network.nics()) {
      nicIndex.put(n, nicIndex.size());
    }
    for (Group g : network.groups()) {
      Map<List<Object>, List<Rule>> byKey = new LinkedHashMap<>();
      for (Rule r : g.rules()) {
        if (!r.legacy()) {
          byKey.computeIfAbsent(List.of(r.span(), r.dstPorts()), k -> new ArrayList<>()).add(r);
        }
      }
      Map<SourceSpan, Integer> rangesOf = new HashMap<>();
      for (List<Object> k : byKey.keySet()) {
        rangesOf.merge((SourceSpan) k.get(0), 1, Integer::sum);
      }
      for (Map.Entry<List<Object>, List<Rule>> e : byKey.entrySet()) {
        SourceSpan span = (SourceSpan) e.getKey().get(0);
        Optional<PortRange> ports = rangesOf.get(span) > 1
            ? Optional.of((PortRange) e.getKey().get(1)) : Optional.empty();
        Statement s = new Statement(g.name(), span, ports, e.getValue());
        for (Rule r : s.rules()) {
          statementOf.put(r, statements.size());
        }
        statements.add(s);
      }
    }
    uses = new Use[statements.size()];
    for (int i = 0; i < uses.length; i++) {
      uses[i] = new Use();
    }
    for (IpVersion v : IpVersion.values()) {
      TreeSet<IpAddress> all = new TreeSet<>();
      for (Nic nic : network.nics()) {
        for (IpAddress a : nic.addresses()) {
          if (a.version() == v) {
            all.add(a);
          }
        }
      }
      IpAddress[] addrs = all.toArray(IpAddress[]::new);
      nicAddresses.put(v, addrs);
      Nic[] own = new Nic[addrs.length];
      int[] gs = new int[addrs.length];
      for (int i = 0; i < addrs.length; i++) {
        own[i] = network.owner(addrs[i]).orElseThrow();
        List<String> key = new ArrayList<>(own[i].groups());
        key.sort(null);
        gs[i] = groupSetIds.computeIfAbsent(key, k -> {
          groupSets.add(List.copyOf(k));
          return groupSets.size() - 1;
        });
      }
      owners.put(v, own);
      groupSetOf.put(v, gs);
    }
  }

  private final Map<List<String>, Integer> groupSetIds = new HashMap<>();

  /** The findings about the network's rules and exposures, sorted by place. */
  public static List<Finding> of(Network network, DecisionTables tables,
      List<ExposurePort> exposurePorts) {
    Lint lint = new Lint(network, tables, exposurePorts);
    lint.read(lint.groupSets());
    return lint.findings();
  }

  /**
   * The same findings, read on {@code jobs} threads: the sets of groups are split into contiguous
   * runs, each read by its own lint with its own tables, and what they saw is joined in run order
   * (so the first witness of an exposure is the one a single thread finds).
   */
  public static List<Finding> of(Network network, Supplier<DecisionTables> tables,
      List<ExposurePort> exposurePorts, int jobs) {
    Lint first = new Lint(network, tables.get(), exposurePorts);
    List<List<Nic>> sets = first.groupSets();
    int workers = Math.max(1, Math.min(jobs, sets.size()));
    if (workers == 1) {
      first.read(sets);
      return first.findings();
    }
    List<Lint> parts = new ArrayList<>();
    parts.add(first);
    for (int i = 1; i < workers; i++) {
      parts.add(new Lint(network, tables.get(), exposurePorts));
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "sgproof-lint");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        List<List<Nic>> run = sets.subList(i * sets.size() / workers,
            (i + 1) * sets.size() / workers);
        Lint part = parts.get(i);
        done.add(pool.submit(() -> part.read(run)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("lint interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    for (int i = 1; i < workers; i++) {
      first.absorb(parts.get(i));
    }
    return first.findings();
  }

  /** Joins what another lint of the same network saw (read after this one's sets). */
  private void absorb(Lint o) {
    for (int i = 0; i < uses.length; i++) {
      Use a = uses[i];
      Use b = o.uses[i];
      a.matched |= b.matched;
      a.decides |= b.decides;
      a.changes |= b.changes;
      a.lost.addAll(b.lost);
      a.winners.addAll(b.winners);
      a.instead.addAll(b.instead);
      a.insteadDefault |= b.insteadDefault;
    }
    for (Map.Entry<String, ExposureDraft> e : o.exposures.entrySet()) {
      ExposureDraft mine = exposures.get(e.getKey());
      if (mine == null) {
        exposures.put(e.getKey(), e.getValue());
      } else {
        mine.nics.addAll(e.getValue().nics);
      }
    }
  }

  /** The statements lint judges, in spec order (for tests). */
  public static List<Statement> statements(Network network) {
    return new Lint(network, new DecisionTablesByMatching(), List.of()).statements;
  }

  /** The NICs of each set of groups some NIC has, in declaration order of the sets' first NICs. */
  private List<List<Nic>> groupSets() {
    Map<List<String>, List<Nic>> sets = new LinkedHashMap<>();
    for (Nic nic : network.nics()) {
      List<String> key = new ArrayList<>(nic.groups());
      key.sort(null);
      sets.computeIfAbsent(key, k -> new ArrayList<>()).add(nic);
    }
    return new ArrayList<>(sets.values());
  }

  /** Reads the tables of the sets of groups, both directions. */
  private void read(List<List<Nic>> sets) {
    for (List<Nic> members : sets) {
      List<Group> groups = network.groupsOf(members.get(0));
      for (Direction d : Direction.values()) {
        DecisionTable t = tables.table(groups, d);
        read(t, members);
        if (d == Direction.INGRESS && !exposurePorts.isEmpty()) {
          exposures(t, members);
        }
      }
    }
  }

  // ------------------------------------------------------------------ classes of one table

  /**
   * Per statement of the table being read: the rules (bits of the table's order) that win where
   * it loses, and that decide in its place; turned into places once the table is read.
   */
  private final Map<Integer, long[]> winnersOf = new HashMap<>();
  private final Map<Integer, long[]> insteadOf = new HashMap<>();

  /** Reads every class of the table that has a flow at one of its members. */
  private void read(DecisionTable t, List<Nic> members) {
    List<Rule> order = t.order();
    int[] statement = new int[order.size()];
    for (int i = 0; i < order.size(); i++) {
      statement[i] = statementOf.getOrDefault(order.get(i), -1);
    }
    for (DecisionTable.PeerClass pc : peerClasses(t, members)) {
      t.visit(pc, (protocol, sp, dp, step, allowed, matched, winners) ->
          read(t, order, statement, step, allowed, matched, winners));
    }
    flush(winnersOf, order, true);
    flush(insteadOf, order, false);
  }

  private void flush(Map<Integer, long[]> bits, List<Rule> order, boolean winners) {
    for (Map.Entry<Integer, long[]> e : bits.entrySet()) {
      Use u = uses[e.getKey()];
      for (int i = next(e.getValue(), 0); i >= 0; i = next(e.getValue(), i + 1)) {
        (winners ? u.winners : u.instead).add(new Place(order.get(i).span()));
      }
    }
    bits.clear();
  }

  private long[] bits(Map<Integer, long[]> of, int statement, int size) {
    return of.computeIfAbsent(statement, k -> new long[(size + 63) >>> 6]);
  }

  private void read(DecisionTable t, List<Rule> order, int[] statement, DecisionTable.Decider step,
      boolean allowed, long[] matched, long[] winners) {
    for (int i = next(matched, 0); i >= 0; i = next(matched, i + 1)) {
      if (statement[i] >= 0) {
        uses[statement[i]].matched = true;
      }
    }
    if (step == DecisionTable.Decider.INTRA_GROUP) {
      for (int i = next(matched, 0); i >= 0; i = next(matched, i + 1)) {
        if (statement[i] >= 0) {
          uses[statement[i]].lost.add(Reason.INTRA_GROUP);
        }
      }
      return;
    }
    if (step != DecisionTable.Decider.RULE) {
      return;
    }
    int first = next(winners, 0);
    int priority = order.get(first).priority();
    int only = -2; // the one statement all winners belong to (-1: a legacy rule; -3: several)
    for (int i = first; i >= 0; i = next(winners, i + 1)) {
      int s = statement[i];
      if (s >= 0) {
        uses[s].decides = true;
      }
      only = only == -2 ? s : only == s ? s : -3;
    }
    // Losers: why they lost, and to whom.
    for (int i = next(matched, 0); i >= 0; i = next(matched, i + 1)) {
      if (isSet(winners, i) || statement[i] < 0) {
        continue;
      }
      Use u = uses[statement[i]];
      u.lost.add(order.get(i).priority() > priority ? Reason.PRIORITY
          : Reason.EQUAL_PRIORITY_DENY);
      long[] w = bits(winnersOf, statement[i], order.size());
      for (int k = 0; k < w.length; k++) {
        w[k] |= winners[k];
      }
    }
    // Deleting a statement changes the class only when every winner is its.
    if (only >= 0) {
      int nextDecider = -1;
      for (int i = next(matched, 0); i >= 0; i = next(matched, i + 1)) {
        if (statement[i] != only) {
          nextDecider = i;
          break;
        }
      }
      boolean without = nextDecider < 0 ? t.defaultAllows()
          : order.get(nextDecider).action() == Action.ALLOW;
      if (without != allowed) {
        uses[only].changes = true;
      } else if (nextDecider < 0) {
        uses[only].insteadDefault = true;
      } else {
        Rule d = order.get(nextDecider);
        for (int i = nextDecider; i >= 0; i = next(matched, i + 1)) {
          Rule r = order.get(i);
          if (r.priority() != d.priority() || r.action() != d.action()) {
            break;
          }
          if (statement[i] != only) {
            long[] b = bits(insteadOf, only, order.size());
            b[i >>> 6] |= 1L << (i & 63);
          }
        }
      }
    } else if (only == -3) {
      for (int i = first; i >= 0; i = next(winners, i + 1)) {
        if (statement[i] >= 0) {
          for (int j = first; j >= 0; j = next(winners, j + 1)) {
            if (statement[j] != statement[i]) {
              long[] b = bits(insteadOf, statement[i], order.size());
              b[j >>> 6] |= 1L << (j & 63);
            }
          }
        }
      }
    }
  }

  private static int next(long[] bits, int from) {
    int w = from >>> 6;
    if (w >= bits.length) {
      return -1;
    }
    long word = bits[w] & (-1L << (from & 63));
    while (true) {
      if (word != 0) {
        return w * 64 + Long.numberOfTrailingZeros(word);
      }
      if (++w == bits.length) {
        return -1;
      }
      word = bits[w];
    }
  }

  private static boolean isSet(long[] bits, int i) {
    return (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  /**
   * The peer classes of the table that have a flow at some member: the classes of every NIC
   * address that is not the only member's own, and of every interval of the table's cuts that
   * holds an address no NIC owns, of the versions the members have.
   */
  private List<DecisionTable.PeerClass> peerClasses(DecisionTable t, List<Nic> members) {
    java.util.LinkedHashSet<DecisionTable.PeerClass> out = new java.util.LinkedHashSet<>();
    for (IpVersion v : IpVersion.values()) {
      List<Nic> mv = members.stream().filter(m -> m.addresses().stream()
          .anyMatch(a -> a.version() == v)).toList();
      if (mv.isEmpty()) {
        continue;
      }
      IpAddress[] nics = nicAddresses.get(v);
      Nic[] own = owners.get(v);
      int[] gs = groupSetOf.get(v);
      List<BigInteger> cuts = t.cuts(v);
      int[] inInterval = new int[cuts.size()];
      LongIntMap known = new LongIntMap();
      // Owners' sets of groups, by which of the table's memberships they hold.
      List<String> memberships = t.memberships();
      int[] memberKey = new int[groupSets.size()];
      Arrays.fill(memberKey, -1);
      Map<java.util.BitSet, Integer> patterns = new HashMap<>();
      // A walk along the NIC addresses and the cuts together: each address's interval.
      int j = 0;
      for (int i = 0; i < nics.length; i++) {
        BigInteger value = nics[i].value();
        while (j + 1 < cuts.size() && cuts.get(j + 1).compareTo(value) <= 0) {
          j++;
        }
        inInterval[j]++;
        if (mv.size() == 1 && mv.get(0) == own[i]) {
          continue; // the only member's own address: no flow
        }
        if (memberKey[gs[i]] < 0) {
          java.util.BitSet b = new java.util.BitSet();
          for (String g : groupSets.get(gs[i])) {
            int m = java.util.Collections.binarySearch(memberships, g);
            if (m >= 0) {
              b.set(m);
            }
          }
          memberKey[gs[i]] = patterns.computeIfAbsent(b, k -> patterns.size());
        }
        long key = ((long) j << 32) | memberKey[gs[i]];
        if (known.get(key, -1) < 0) {
          known.put(key, 1);
          out.add(t.peerClass(nics[i], groupSets.get(gs[i])));
        }
      }
      for (j = 0; j < cuts.size(); j++) {
        BigInteger low = cuts.get(j);
        BigInteger end = j + 1 < cuts.size() ? cuts.get(j + 1) : v.max().add(BigInteger.ONE);
        if (end.subtract(low).compareTo(BigInteger.valueOf(inInterval[j])) > 0) {
          out.add(t.peerClass(IpAddress.of(v, low), List.of()));
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The first address of {@code low..high} that no NIC owns, if any. */
  private Optional<IpAddress> external(IpVersion v, BigInteger low, BigInteger high) {
    IpAddress[] nics = nicAddresses.get(v);
    int i = Arrays.binarySearch(nics, IpAddress.of(v, low));
    i = i >= 0 ? i : -i - 1;
    BigInteger at = low;
    while (at.compareTo(high) <= 0) {
      if (i < nics.length && nics[i].value().equals(at)) {
        at = at.add(BigInteger.ONE);
        i++;
      } else {
        return Optional.of(IpAddress.of(v, at));
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ exposure

  private static final class ExposureDraft {
    final ExposurePort port;
    final List<Place> rules;
    final SourceSpan at;
    final String group;
    final TreeSet<Integer> nics = new TreeSet<>();
    Flow witness;

    ExposureDraft(ExposurePort port, List<Place> rules, SourceSpan at, String group) {
      this.port = port;
      this.rules = rules;
      this.at = at;
      this.group = group;
    }
  }

  /**
   * The internet addresses that reach the table's members on an exposure port: for each interval
   * of the table's cuts cut again at the edges of public space, one that holds a public address
   * no NIC owns, and the classes of its peer class on each port.
   */
  private void exposures(DecisionTable t, List<Nic> members) {
    for (IpVersion v : IpVersion.values()) {
      List<Nic> mv = members.stream().filter(m -> m.addresses().stream()
          .anyMatch(a -> a.version() == v)).toList();
      if (mv.isEmpty()) {
        continue;
      }
      Map<DecisionTable.PeerClass, IpAddress> sources = new LinkedHashMap<>();
      for (BigInteger[] r : publicPieces(t, v)) {
        Optional<IpAddress> a = external(v, r[0], r[1]);
        if (a.isPresent()) {
          sources.putIfAbsent(t.peerClass(a.get(), List.of()), a.get());
        }
      }
      List<Rule> order = t.order();
      for (Map.Entry<DecisionTable.PeerClass, IpAddress> e : sources.entrySet()) {
        IpAddress src = e.getValue();
        t.visit(e.getKey(), (protocol, sp, dp, step, allowed, matched, winners) -> {
          if (!allowed || step != DecisionTable.Decider.RULE) {
            return;
          }
          for (ExposurePort p : exposurePorts) {
            if (p.protocol() == protocol && dp.contains(p.port())) {
              exposed(p, order, winners, mv, src, sp);
            }
          }
        });
      }
    }
  }

  private void exposed(ExposurePort p, List<Rule> order, long[] winners, List<Nic> members,
      IpAddress src, PortRange sp) {
    List<Place> rules = new ArrayList<>();
    Rule first = null;
    for (int i = next(winners, 0); i >= 0; i = next(winners, i + 1)) {
      Rule r = order.get(i);
      rules.add(new Place(r.span()));
      if (first == null || new Place(r.span()).compareTo(new Place(first.span())) < 0) {
        first = r;
      }
    }
    rules.sort(null);
    StringBuilder key = new StringBuilder();
    key.append(String.format("%s|%09d|%09d|", first.span().file(), first.span().line(),
        first.span().column()));
    key.append(p.protocol()).append(':').append(String.format("%05d", p.port())).append('|');
    for (Place r : rules) {
      key.append(r.span().file()).append(':').append(r.span().line()).append(':')
          .append(r.span().column()).append(',');
    }
    Rule decider = first;
    ExposureDraft d = exposures.computeIfAbsent(key.toString(),
        k -> new ExposureDraft(p, rules, decider.span(), decider.group()));
    for (Nic n : members) {
      d.nics.add(nicIndex.get(n));
    }
    if (d.witness == null) {
      IpAddress dst = members.get(0).addresses().stream()
          .filter(a -> a.version() == src.version()).findFirst().orElseThrow();
      int sport = sp.contains(Classes.PREFERRED_SOURCE_PORT) ? Classes.PREFERRED_SOURCE_PORT
          : sp.low();
      d.witness = new Flow(src, dst, p.protocol(), sport, p.port());
    }
  }

  /**
   * The intervals of the table's cuts of a version, cut again at the edges of public space, that
   * are public (whether an interval is public is read at its first address: the cuts include
   * every edge of public space).
   */
  private List<BigInteger[]> publicPieces(DecisionTable t, IpVersion v) {
    TreeSet<BigInteger> cuts = new TreeSet<>(t.cuts(v));
    cuts.addAll(PublicSpace.cuts(v));
    cuts.add(BigInteger.ZERO);
    List<BigInteger> c = new ArrayList<>(cuts);
    List<BigInteger[]> out = new ArrayList<>();
    for (int j = 0; j < c.size(); j++) {
      BigInteger low = c.get(j);
      if (low.compareTo(v.max()) > 0) {
        break;
      }
      BigInteger high = j + 1 < c.size() ? c.get(j + 1).subtract(BigInteger.ONE).min(v.max())
          : v.max();
      if (PublicSpace.contains(IpAddress.of(v, low))) {
        out.add(new BigInteger[] {low, high});
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ findings

  private List<Finding> findings() {
    List<Finding> out = new ArrayList<>();
    for (Group g : network.groups()) {
      if (network.members(g.name()).isEmpty()) {
        long rules = statements.stream().filter(x -> x.group().equals(g.name())).count();
        out.add(new Finding(Kind.UNUSED, g.name(), g.span(), Optional.empty(), List.of(),
            List.of(), "group " + g.name() + " has no member NIC"
                + (rules == 0 ? "" : ": its " + (rules == 1 ? "rule decides" : rules
                    + " rules decide") + " nothing"), Optional.empty()));
      }
    }
    Map<List<Object>, Integer> seen = new HashMap<>();
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      Use u = uses[i];
      String what = describe(s);
      if (network.members(s.group()).isEmpty()) {
        // unused: reported at the group
      } else if (!u.matched) {
        out.add(new Finding(Kind.SHADOWED, s.group(), s.span(), s.ports(),
            List.of(Reason.NO_FLOW), List.of(), what + " decides no flow: it matches no flow at"
                + " any NIC of group " + s.group(), Optional.empty()));
      } else if (!u.decides) {
        List<Reason> reasons = new ArrayList<>(u.lost);
        out.add(new Finding(Kind.SHADOWED, s.group(), s.span(), s.ports(), reasons,
            spans(u.winners), what + " decides no flow: " + why(reasons), Optional.empty()));
      } else if (!u.changes) {
        out.add(new Finding(Kind.REDUNDANT, s.group(), s.span(), s.ports(), List.of(),
            spans(u.instead), what + " decides some flows, but deleting it changes no NIC's"
                + " decision: " + instead(u), Optional.empty()));
      }
      List<Object> key = List.of(s.group(), shape(s), s.ports());
      Integer earlier = seen.putIfAbsent(key, i);
      if (earlier != null) {
        out.add(new Finding(Kind.DUPLICATE, s.group(), s.span(), s.ports(), List.of(),
            List.of(statements.get(earlier).span()), what + " repeats the statement at line "
                + statements.get(earlier).span().line(), Optional.empty()));
      }
    }
    Evaluator ev = new Evaluator(network);
    for (ExposureDraft d : exposures.values()) {
      List<String> nics = new ArrayList<>();
      for (int i : d.nics) {
        nics.add(network.nics().get(i).id());
      }
      var decision = ev.evaluate(d.witness);
      if (!decision.permitted() || network.owner(d.witness.src()).isPresent()
          || !PublicSpace.contains(d.witness.src())) {
        throw new IllegalStateException("the exposure witness " + d.witness + " does not replay:"
            + " " + String.join("; ", decision.trace()));
      }
      out.add(new Finding(Kind.EXPOSURE, d.group, d.at, Optional.empty(), List.of(),
          d.rules.stream().map(Place::span).toList(),
          d.port + " is reachable from the internet on " + nics.size()
              + (nics.size() == 1 ? " NIC (" : " NICs (") + String.join(", ", nics.subList(0,
                  Math.min(5, nics.size()))) + (nics.size() > 5 ? ", ..." : "") + "), e.g. "
              + d.witness,
          Optional.of(new Exposure(d.port, nics, d.witness, decision.trace()))));
    }
    out.sort(Comparator.comparing((Finding f) -> f.span().file())
        .thenComparingInt(f -> f.span().line()).thenComparingInt(f -> f.span().column())
        .thenComparing(f -> f.kind().ordinal())
        .thenComparing(f -> f.ports().map(PortRange::low).orElse(0))
        .thenComparing(f -> f.exposure().map(e -> e.port().protocol() * 100_000
            + e.port().port()).orElse(0)));
    return out;
  }

  private static List<Object> shape(Statement s) {
    List<Object> out = new ArrayList<>();
    for (Rule r : s.rules()) {
      out.add(GroupShape.RuleShape.of(r));
    }
    return out;
  }

  private static List<SourceSpan> spans(TreeSet<Place> places) {
    List<SourceSpan> out = new ArrayList<>();
    TreeSet<List<Object>> lines = new TreeSet<>(Comparator.comparing((List<Object> l) ->
        (String) l.get(0)).thenComparing(l -> (Integer) l.get(1)));
    for (Place p : places) {
      if (lines.add(List.of(p.span().file(), p.span().line()))) {
        out.add(p.span());
      }
    }
    return out;
  }

  private static String describe(Statement s) {
    return "'" + s.text() + "'" + s.ports().map(p -> " (ports " + p + ")").orElse("")
        + " of group " + s.group();
  }

  private static String why(List<Reason> reasons) {
    List<String> parts = new ArrayList<>();
    for (Reason r : reasons) {
      parts.add(switch (r) {
        case PRIORITY -> "rules of a higher priority decide the flows it matches";
        case EQUAL_PRIORITY_DENY -> "a deny of the same priority wins over it";
        case INTRA_GROUP -> "the intra-group allow comes first";
        case NO_FLOW -> "it matches no flow";
      });
    }
    return String.join("; elsewhere ", parts);
  }

  private static String instead(Use u) {
    if (u.instead.isEmpty()) {
      return u.insteadDefault ? "the default decides its flows alike" : "other rules decide alike";
    }
    return "the rules listed decide its flows alike" + (u.insteadDefault
        ? " (the default, where none matches)" : "");
  }
}

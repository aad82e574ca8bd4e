package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Networks;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
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
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LostRule;
import dev.sgproof.semantics.NicDecision;
import dev.sgproof.semantics.Step;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Lint against brute force on generated specs. For every statement (one port range of one rule
 * statement): delete it and compare every NIC's decision, in both directions, on every flow class
 * of the whole network (peer classes cut by every rule CIDR and NIC address, port classes by every
 * rule's ports) in the evaluator; it decides a flow when the evaluator names one of its rules as
 * the decider or as deciding the same way at the same priority. Then: a statement is reported
 * shadowed exactly when it decides nothing and its deletion changes nothing, redundant exactly
 * when it decides something and its deletion changes nothing, with the reasons and the winning
 * rules the evaluator gives; a statement of a group without members is covered by that group's
 * unused finding. Exposures: every NIC that an internet address reaches on a port is in a finding
 * for that port, and every NIC a finding names is reached.
 */
class LintTest {
  private static final int SPECS = 45;

  @Test
  void everyFindingIsConfirmedByDeletionAndEveryRuleThatDoesNothingIsFound() {
    long base = Property.baseSeed(0x11A7L);
    TreeMap<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 4 == 0 ? GenConfig.medium().withRulesPerGroup(6)
          : GenConfig.small()).network(g);
      n = twin(n, g, i % 3);
      DecisionTables tables = i % 2 == 0 ? new DecisionTablesByMatching()
          : new DecisionTablesByEvaluator();
      List<Lint.Finding> findings = Lint.of(n, tables, Lint.DEFAULT_EXPOSURE_PORTS);
      // Read on several threads, the findings are the same, witnesses included.
      List<Lint.Finding> parallel = Lint.of(n, DecisionTablesByMatching::new,
          Lint.DEFAULT_EXPOSURE_PORTS, 2 + i % 3);
      if (!parallel.equals(findings)) {
        fail("seed " + seed + ": on " + (2 + i % 3) + " threads " + parallel + "\nalone "
            + findings);
      }
      String p = problem(n, findings, seen);
      if (p != null) {
        fail("seed " + seed + ": " + p + "\n" + SpecPrinter.print(n) + "findings: "
            + findings.stream().map(f -> f.kind() + "@" + f.span().line() + f.ports()
                + f.reasons()).toList());
      }
    }
    System.out.println("LintTest: " + seen);
    for (String k : List.of("shadowed", "redundant", "changes", "unused", "duplicate",
        "reason priority", "reason equal-priority-deny", "reason intra-group", "reason no-flow",
        "exposure")) {
      assertTrue(seen.getOrDefault(k, 0) > 5, k + " " + seen);
    }
  }

  /**
   * Every third spec gets a rule repeated later in its group (a duplicate), every third an allow
   * rule followed by a deny of the same priority and match (the allow loses to it); the generator
   * alone seldom makes either.
   */
  private static Network twin(Network n, Gen g, int kind) {
    List<Group> withRules = n.groups().stream()
        .filter(x -> x.rules().stream().anyMatch(r -> !r.legacy())).toList();
    if (kind == 0 || withRules.isEmpty()) {
      return n;
    }
    Group target = g.pick(withRules);
    Rule r = g.pick(target.rules().stream().filter(x -> !x.legacy()).toList());
    dev.sgproof.model.Action action = kind == 1 ? r.action() : dev.sgproof.model.Action.DENY;
    Rule copy = new Rule(r.group(), r.direction(), action, r.protocol(), r.dstPorts(),
        r.srcPorts(), r.peer(), r.priority(), false,
        new SourceSpan(NetworkGen.FILE, 5000 + g.nextInt(1000), 1, 1));
    return Networks.withRule(n, copy);
  }

  private static String problem(Network n, List<Lint.Finding> findings,
      TreeMap<String, Integer> seen) {
    Grid grid = new Grid(n);
    for (Lint.Statement s : Lint.statements(n)) {
      List<Lint.Finding> mine = findings.stream().filter(f -> f.span().equals(s.span())
          && f.ports().equals(s.ports()) && f.kind() != Lint.Kind.EXPOSURE).toList();
      if (n.members(s.group()).isEmpty()) {
        boolean unused = findings.stream().anyMatch(f -> f.kind() == Lint.Kind.UNUSED
            && f.group().equals(s.group()));
        if (!unused || mine.stream().anyMatch(f -> f.kind() != Lint.Kind.DUPLICATE)) {
          return "statement of the empty group " + s.group() + ": " + mine;
        }
        seen.merge("unused", 1, Integer::sum);
        continue;
      }
      Brute b = brute(n, s, grid);
      Optional<Lint.Finding> rule = mine.stream().filter(f -> f.kind() == Lint.Kind.SHADOWED
          || f.kind() == Lint.Kind.REDUNDANT).findFirst();
      if (b.changes) {
        seen.merge("changes", 1, Integer::sum);
        if (rule.isPresent()) {
          return "line " + s.span().line() + s.ports() + ": deleting it changes " + b.witness
              + ", but lint says " + rule.get();
        }
        continue;
      }
      Lint.Kind expected = b.decides ? Lint.Kind.REDUNDANT : Lint.Kind.SHADOWED;
      if (rule.isEmpty() || rule.get().kind() != expected) {
        return "line " + s.span().line() + s.ports() + " does nothing (decides " + b.decides
            + "), but lint says " + rule;
      }
      seen.merge(expected.word(), 1, Integer::sum);
      if (expected == Lint.Kind.SHADOWED) {
        if (!rule.get().reasons().equals(b.reasons)) {
          return "line " + s.span().line() + ": reasons " + rule.get().reasons() + ", evaluator "
              + b.reasons;
        }
        b.reasons.forEach(r -> seen.merge("reason " + r.word(), 1, Integer::sum));
        if (!lines(rule.get().by()).equals(b.winners)) {
          return "line " + s.span().line() + ": by " + lines(rule.get().by()) + ", evaluator "
              + b.winners;
        }
      }
    }
    // Duplicates: exactly the statements whose rules an earlier statement of the group repeats.
    List<Lint.Statement> all = Lint.statements(n);
    for (int i = 0; i < all.size(); i++) {
      Lint.Statement s = all.get(i);
      Optional<Lint.Statement> earlier = Optional.empty();
      for (int j = 0; j < i && earlier.isEmpty(); j++) {
        Lint.Statement t = all.get(j);
        if (t.group().equals(s.group()) && t.ports().equals(s.ports())
            && texts(t).equals(texts(s))) {
          earlier = Optional.of(t);
        }
      }
      List<Lint.Finding> dup = findings.stream().filter(f -> f.kind() == Lint.Kind.DUPLICATE
          && f.span().equals(s.span()) && f.ports().equals(s.ports())).toList();
      if (earlier.isPresent() != (dup.size() == 1) || earlier.isPresent()
          && !dup.get(0).by().equals(List.of(earlier.get().span()))) {
        return "line " + s.span().line() + s.ports() + ": repeats " + earlier + ", but lint says "
            + dup;
      }
      if (earlier.isPresent()) {
        seen.merge("duplicate", 1, Integer::sum);
      }
    }
    return exposures(n, findings, grid, seen);
  }

  /** A statement's rules as text with their priorities and sources, in order. */
  private static List<String> texts(Lint.Statement s) {
    return s.rules().stream().map(r -> r.text() + "|" + r.priority() + "|" + r.peer()).toList();
  }

  private static TreeSet<Integer> lines(List<SourceSpan> spans) {
    TreeSet<Integer> out = new TreeSet<>();
    spans.forEach(s -> out.add(s.line()));
    return out;
  }

  /** What the evaluator says of one statement. */
  private static final class Brute {
    boolean changes;
    boolean decides;
    String witness;
    final List<Lint.Reason> reasons = new ArrayList<>();
    final TreeSet<Integer> winners = new TreeSet<>();
  }

  private static Brute brute(Network n, Lint.Statement s, Grid grid) {
    Set<Rule> rules = Collections.newSetFromMap(new IdentityHashMap<>());
    rules.addAll(s.rules());
    Group g = n.groupNamed(s.group());
    List<Rule> left = new ArrayList<>(g.rules());
    left.removeIf(rules::contains);
    Network without = Networks.withGroup(n, Networks.withRules(g, left));
    Evaluator ev = new Evaluator(n);
    Evaluator ew = new Evaluator(without);
    Brute b = new Brute();
    TreeSet<Lint.Reason> reasons = new TreeSet<>();
    boolean matched = false;
    for (Nic nic : n.nics()) {
      if (!nic.groups().contains(s.group())) {
        continue; // a group's rules are read only at its members (semantics.md section 4)
      }
      for (Direction d : Direction.values()) {
        for (Flow flow : grid.flows(nic, d)) {
          NicDecision a = d == Direction.INGRESS ? ev.ingress(nic, flow) : ev.egress(nic, flow);
          NicDecision w = d == Direction.INGRESS ? ew.ingress(nic, flow) : ew.egress(nic, flow);
          if (a.allowed() != w.allowed() && !b.changes) {
            b.changes = true;
            b.witness = d + " at " + nic.id() + " " + flow;
          }
          List<Rule> winners = new ArrayList<>();
          if (a.decidedBy() instanceof Step.CustomRule cr) {
            winners.add(cr.rule());
            a.lost().stream().filter(l -> l.reason() == LostRule.Reason.SAME_DECISION)
                .forEach(l -> winners.add(l.rule()));
          }
          if (winners.stream().anyMatch(rules::contains)) {
            b.decides = true;
            matched = true;
          }
          for (LostRule l : a.lost()) {
            if (rules.contains(l.rule()) && l.reason() != LostRule.Reason.SAME_DECISION) {
              matched = true;
              reasons.add(switch (l.reason()) {
                case HIGHER_PRIORITY_WON -> Lint.Reason.PRIORITY;
                case EQUAL_PRIORITY_DENY_WON -> Lint.Reason.EQUAL_PRIORITY_DENY;
                default -> Lint.Reason.INTRA_GROUP;
              });
              winners.forEach(r -> b.winners.add(r.span().line()));
            }
          }
        }
      }
    }
    if (!matched) {
      reasons.add(Lint.Reason.NO_FLOW);
    }
    b.reasons.addAll(reasons);
    return b;
  }

  /**
   * The flow classes of the whole network towards a NIC: from a representative of every peer
   * class (each NIC address but the NIC's own, and the first address of every interval cut by
   * every rule CIDR, NIC address and edge of public space that no NIC owns), of the NIC's IP
   * versions, for every protocol class and every port class of every rule.
   */
  private static final class Grid {
    final Network n;
    final List<IpAddress> peers = new ArrayList<>();
    final List<PortRange> dst;
    final List<PortRange> src;

    Grid(Network n) {
      this.n = n;
      TreeSet<Integer> dp = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX + 1));
      TreeSet<Integer> sp = new TreeSet<>(List.of(PortRange.MIN, PortRange.MAX + 1));
      for (IpVersion v : IpVersion.values()) {
        TreeSet<BigInteger> cuts = new TreeSet<>(List.of(BigInteger.ZERO));
        for (Group g : n.groups()) {
          for (Rule r : g.rules()) {
            if (r.peer() instanceof Peer.CidrPeer c && c.cidr().version() == v) {
              cuts.add(c.cidr().first().value());
              cuts.add(c.cidr().last().value().add(BigInteger.ONE));
            }
            dp.add(r.dstPorts().low());
            dp.add(r.dstPorts().high() + 1);
            sp.add(r.srcPorts().low());
            sp.add(r.srcPorts().high() + 1);
          }
        }
        cuts.addAll(PublicSpace.cuts(v)); // InternetBoundsTest checks the ranges themselves
        for (Nic nic : n.nics()) {
          for (IpAddress a : nic.addresses()) {
            if (a.version() == v) {
              peers.add(a);
              cuts.add(a.value());
              cuts.add(a.value().add(BigInteger.ONE));
            }
          }
        }
        for (BigInteger c : cuts) {
          if (c.compareTo(v.max()) <= 0) {
            IpAddress a = IpAddress.of(v, c);
            if (n.owner(a).isEmpty()) {
              peers.add(a);
            }
          }
        }
      }
      dst = ranges(dp);
      src = ranges(sp);
    }

    private static List<PortRange> ranges(TreeSet<Integer> cuts) {
      List<Integer> c = new ArrayList<>(cuts);
      List<PortRange> out = new ArrayList<>();
      for (int i = 0; i + 1 < c.size(); i++) {
        out.add(new PortRange(c.get(i), c.get(i + 1) - 1));
      }
      return out;
    }

    /** Every class's flow from a peer to the NIC (for egress, from the NIC to the peer). */
    List<Flow> flows(Nic nic, Direction d) {
      List<Flow> out = new ArrayList<>();
      for (IpAddress peer : peers) {
        if (nic.owns(peer)) {
          continue;
        }
        Optional<IpAddress> own = nic.addresses().stream()
            .filter(a -> a.version() == peer.version()).findFirst();
        if (own.isEmpty()) {
          continue;
        }
        for (int p : Classes.PROTOCOLS) {
          if (!Protocols.fitsVersion(p, peer.version())) {
            continue;
          }
          IpAddress from = d == Direction.INGRESS ? peer : own.get();
          IpAddress to = d == Direction.INGRESS ? own.get() : peer;
          if (!Protocols.hasPorts(p)) {
            out.add(new Flow(from, to, p, Flow.NO_PORT, Flow.NO_PORT));
            continue;
          }
          for (PortRange s : src) {
            for (PortRange t : dst) {
              out.add(new Flow(from, to, p, s.low(), t.low()));
            }
          }
        }
      }
      return out;
    }
  }

  /** Exposures against the evaluator on every internet class towards every NIC. */
  private static String exposures(Network n, List<Lint.Finding> findings, Grid grid,
      TreeMap<String, Integer> seen) {
    Evaluator ev = new Evaluator(n);
    for (Nic nic : n.nics()) {
      for (Lint.ExposurePort port : Lint.DEFAULT_EXPOSURE_PORTS) {
        boolean reached = false;
        Flow witness = null;
        for (Flow f : grid.flows(nic, Direction.INGRESS)) {
          if (f.protocol() == port.protocol() && PublicSpace.contains(f.src())
              && n.owner(f.src()).isEmpty()) {
            Flow g = new Flow(f.src(), f.dst(), f.protocol(), f.srcPort(), port.port());
            if (ev.evaluate(g).permitted()) {
              reached = true;
              witness = g;
              break;
            }
          }
        }
        boolean reported = findings.stream().anyMatch(f -> f.kind() == Lint.Kind.EXPOSURE
            && f.exposure().orElseThrow().port().equals(port)
            && f.exposure().orElseThrow().nics().contains(nic.id()));
        if (reached != reported) {
          return nic.id() + " " + port + ": reached " + reached + " (" + witness
              + "), reported " + reported;
        }
        if (reached) {
          seen.merge("exposure", 1, Integer::sum);
        }
      }
    }
    for (Lint.Finding f : findings) {
      if (f.kind() == Lint.Kind.EXPOSURE) {
        Flow w = f.exposure().orElseThrow().witness();
        if (!ev.evaluate(w).permitted() || !PublicSpace.contains(w.src())
            || n.owner(w.src()).isPresent()
            || w.dstPort() != f.exposure().get().port().port()) {
          return "exposure witness " + w + " does not hold";
        }
      }
    }
    return null;
  }
}

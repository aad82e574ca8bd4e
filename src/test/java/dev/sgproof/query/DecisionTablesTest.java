package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.gen.FlowGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LostRule;
import dev.sgproof.semantics.NicDecision;
import dev.sgproof.semantics.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tables against the evaluator on the networks themselves: for random flows of generated
 * specs, the class a NIC's table puts the flow in decides as the evaluator does at that NIC (the
 * same action, the same kind of step, the same matching rules and the same winners); both
 * implementations, half the specs each. And the bit-set tables equal the reference tables class
 * by class on every peer class of every NIC address and external interval.
 */
class DecisionTablesTest {
  private static final int SPECS = 150;

  @Test
  void everyFlowIsDecidedAtEachEndAsTheEvaluatorDecidesIt() {
    long base = Property.baseSeed(0xD7AB1EL);
    TreeMap<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 3 == 0 ? GenConfig.medium() : GenConfig.small()).network(g);
      DecisionTables tables = i % 2 == 0 ? new DecisionTablesByEvaluator()
          : new DecisionTablesByMatching();
      Evaluator ev = new Evaluator(n);
      for (Flow f : new FlowGen(n).flows(g, 200)) {
        Optional<Nic> src = n.owner(f.src());
        Optional<Nic> dst = n.owner(f.dst());
        if (src.isPresent()) {
          String p = problem(n, tables, ev.egress(src.get(), f), Direction.EGRESS, f, f.dst(), seen);
          if (p != null) {
            fail("seed " + seed + ": " + f + " egress at " + src.get().id() + ": " + p + "\n"
                + SpecPrinter.print(n));
          }
        }
        if (dst.isPresent()) {
          String p = problem(n, tables, ev.ingress(dst.get(), f), Direction.INGRESS, f, f.src(), seen);
          if (p != null) {
            fail("seed " + seed + ": " + f + " ingress at " + dst.get().id() + ": " + p + "\n"
                + SpecPrinter.print(n));
          }
        }
      }
    }
    System.out.println("DecisionTablesTest: " + seen);
    for (String k : List.of("INTRA_GROUP", "RULE", "DEFAULT", "ties")) {
      assertTrue(seen.getOrDefault(k, 0) > 50, k + " " + seen);
    }
  }

  @Test
  void bitSetTablesDecideEveryClassAsTheReferenceTables() {
    long base = Property.baseSeed(0xB175L);
    int classes = 0;
    for (int i = 0; i < 100; i++) {
      long seed = base + i;
      Network n = new NetworkGen(i % 3 == 0 ? GenConfig.medium() : GenConfig.small())
          .network(new Gen(seed));
      DecisionTables ref = new DecisionTablesByEvaluator();
      DecisionTables fast = new DecisionTablesByMatching();
      for (Nic nic : n.nics()) {
        for (Direction d : Direction.values()) {
          DecisionTable a = ref.table(n.groupsOf(nic), d);
          DecisionTable b = fast.table(n.groupsOf(nic), d);
          List<DecisionTable.PeerClass> peers = new ArrayList<>();
          for (Nic other : n.nics()) {
            for (IpAddress x : other.addresses()) {
              peers.add(a.peerClass(x, other.groups()));
            }
          }
          for (dev.sgproof.model.IpVersion v : dev.sgproof.model.IpVersion.values()) {
            for (java.math.BigInteger c : a.cuts(v)) {
              peers.add(a.peerClass(IpAddress.of(v, c), List.of()));
            }
          }
          for (DecisionTable.PeerClass pc : peers) {
            List<DecisionTable.ClassDecision> x = a.decisions(pc);
            List<DecisionTable.ClassDecision> y = b.decisions(pc);
            if (!x.equals(y) || !a.allowedClasses(pc).equals(b.allowedClasses(pc))
                || !a.order().equals(b.order()) || !visited(a, pc).equals(visited(b, pc))) {
              fail("seed " + seed + " " + nic.id() + " " + d + " " + pc + ":\n" + x + "\n" + y
                  + "\n" + visited(a, pc) + "\n" + visited(b, pc));
            }
            classes += x.size();
          }
        }
      }
    }
    assertTrue(classes > 100_000, "classes " + classes);
  }

  /** What {@link DecisionTable#visit} reports, as text (bits by rule index). */
  private static List<String> visited(DecisionTable t, DecisionTable.PeerClass pc) {
    List<String> out = new ArrayList<>();
    t.visit(pc, (protocol, sp, dp, step, allowed, matched, winners) -> out.add(protocol + " " + sp
        + " " + dp + " " + step + " " + allowed + " " + java.util.BitSet.valueOf(matched) + " "
        + java.util.BitSet.valueOf(winners)));
    return out;
  }

  static String problem(Network n, DecisionTables tables, NicDecision expected, Direction d,
      Flow f, IpAddress peer, TreeMap<String, Integer> seen) {
    DecisionTable t = tables.table(n.groupsOf(expected.nic()), d);
    List<String> ownerGroups = n.owner(peer).map(Nic::groups).orElse(List.of());
    DecisionTable.ClassDecision c = find(t.decisions(t.peerClass(peer, ownerGroups)), f);
    if (c == null) {
      return "no class holds the flow";
    }
    DecisionTable.Decider step = expected.decidedBy() instanceof Step.IntraGroup
        ? DecisionTable.Decider.INTRA_GROUP
        : expected.decidedBy() instanceof Step.CustomRule ? DecisionTable.Decider.RULE
        : DecisionTable.Decider.DEFAULT;
    Set<Rule> matched = identities(expected.lost().stream().map(LostRule::rule).toList());
    Set<Rule> winners = identities(List.of());
    if (expected.decidedBy() instanceof Step.CustomRule cr) {
      matched.add(cr.rule());
      winners.add(cr.rule());
      expected.lost().stream().filter(l -> l.reason() == LostRule.Reason.SAME_DECISION)
          .forEach(l -> winners.add(l.rule()));
    }
    seen.merge(step.name(), 1, Integer::sum);
    if (winners.size() > 1) {
      seen.merge("ties", 1, Integer::sum);
    }
    if (c.allowed() != expected.allowed() || c.step() != step
        || !identities(c.matched()).equals(matched) || !identities(c.winners()).equals(winners)) {
      return "table " + c + " but evaluator " + expected.describe();
    }
    if (c.allowedWithout(List.of(), t.defaultAllows()) != c.allowed()) {
      return "deleting nothing changes the decision of " + c;
    }
    return null;
  }

  private static Set<Rule> identities(List<Rule> rules) {
    Set<Rule> s = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    s.addAll(rules);
    return s;
  }

  /** The class of the table that holds the flow (by protocol class and ports). */
  static DecisionTable.ClassDecision find(List<DecisionTable.ClassDecision> classes, Flow f) {
    int p = protocolClass(f.protocol());
    for (DecisionTable.ClassDecision c : classes) {
      if (c.protocol() == p && (!f.hasPorts()
          || c.srcPorts().contains(f.srcPort()) && c.dstPorts().contains(f.dstPort()))) {
        return c;
      }
    }
    return null;
  }

  static int protocolClass(int protocol) {
    return Classes.PROTOCOLS.contains(protocol) ? protocol : Classes.OTHER_PROTOCOL;
  }
}

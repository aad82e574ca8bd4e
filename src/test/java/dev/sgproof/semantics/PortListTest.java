package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Flow;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * A port list is shorthand for one rule per range; the resolver merges identical, overlapping and
 * adjacent ranges of one list first, which keeps every decision, while the quotas still count the
 * rules as written. The fuzz-sized properties run {@link #cases} cases ({@code
 * -Dsgproof.fuzz.long=true}: 20 times more, {@code -Dsgproof.fuzz.cases=N}: N; {@code
 * -Dsgproof.seed=N} for other inputs).
 */
class PortListTest {
  private static final long SEED = Property.baseSeed(0x9047_115L);

  static int cases(int inSuite) {
    Integer exact = Integer.getInteger("sgproof.fuzz.cases");
    if (exact != null) {
      return exact;
    }
    return Boolean.getBoolean("sgproof.fuzz.long") ? inSuite * 20 : inSuite;
  }

  private static List<Rule> rules(LoadResult r) {
    Specs.assertClean(r);
    return r.spec().network().groups().get(0).rules();
  }

  @Test
  void identicalOverlappingAndAdjacentRangesOfOneListAreOneRule() {
    List<Rule> rules =
        rules(Specs.load("group G {\n  ingress allow tcp 85,80,80,81-90,91,95 from 10.0.0.0/8\n}\n"));
    assertEquals(
        List.of(new PortRange(80, 91), PortRange.single(95)),
        rules.stream().map(Rule::dstPorts).toList());
    assertEquals("ingress allow tcp 80-91 from 10.0.0.0/8", rules.get(0).text());
    assertEquals(2, rules.get(1).line());
  }

  @Test
  void sourcePortListsAreMergedToo() {
    List<Rule> rules =
        rules(Specs.load("group G {\n  ingress allow udp 53 from any sport 1-10,5,11,20\n}\n"));
    // one per source range and per IP version of `any`
    assertEquals(4, rules.size());
    assertEquals(
        List.of(new PortRange(1, 11), new PortRange(1, 11), PortRange.single(20), PortRange.single(20)),
        rules.stream().map(Rule::srcPorts).sorted().toList());
  }

  @Test
  void aPortRepeatedTwentyThousandTimesIsOneRulePerPeer() {
    String ports = String.join(",", java.util.Collections.nCopies(20_000, "80"));
    List<Rule> rules = rules(Specs.load("group G {\n  ingress allow tcp " + ports + " from any\n}\n"
        + "instance a ip 10.0.0.1 in G\n"));
    assertEquals(2, rules.size());
  }

  @Test
  void quotasCountTheDistinctRangesAsWritten() {
    StringJoiner adjacent = new StringJoiner(",");
    for (int p = 1; p <= 201; p++) {
      adjacent.add(Integer.toString(p));
    }
    LoadResult many = Specs.load("group G {\n  ingress allow tcp " + adjacent + " from 10.0.0.0/8\n}\n");
    assertEquals(1, many.spec().network().groups().get(0).rules().size());
    Specs.assertDiagnostic(many, DiagnosticCode.SG102, 1, 7, 1);
    String repeated = String.join(",", java.util.Collections.nCopies(300, "80"));
    LoadResult one = Specs.load("group G {\n  ingress allow tcp " + repeated + " from 10.0.0.0/8\n}\n");
    Specs.assertClean(one);
  }

  // ---- properties

  private static List<PortRange> randomList(Random rnd, int domain) {
    List<PortRange> out = new ArrayList<>();
    int n = 1 + rnd.nextInt(rnd.nextInt(20) == 0 ? 40 : 6);
    for (int i = 0; i < n; i++) {
      int low = 1 + rnd.nextInt(domain);
      int high = rnd.nextBoolean() ? low : Math.min(domain, low + rnd.nextInt(6));
      out.add(new PortRange(low, high));
    }
    return out;
  }

  @Test
  void theMergedListCoversTheSamePortsWithDisjointNonAdjacentSortedRanges() {
    Random seeds = new Random(SEED);
    for (int i = 0; i < cases(5_000); i++) {
      long seed = seeds.nextLong();
      List<PortRange> written = randomList(new Random(seed), 1 + new Random(seed).nextInt(60));
      List<PortRange> merged = RuleResolver.merged(written);
      String where = "seed " + SEED + "/" + seed + ": " + written + " -> " + merged;
      BitSet a = new BitSet();
      written.forEach(r -> a.set(r.low(), r.high() + 1));
      BitSet b = new BitSet();
      for (int k = 0; k < merged.size(); k++) {
        PortRange r = merged.get(k);
        assertFalse(b.intersects(bits(r)), where);
        b.set(r.low(), r.high() + 1);
        if (k > 0) {
          assertTrue(merged.get(k - 1).high() + 1 < r.low(), where);
        }
      }
      assertEquals(a, b, where);
    }
  }

  private static BitSet bits(PortRange r) {
    BitSet s = new BitSet();
    s.set(r.low(), r.high() + 1);
    return s;
  }

  private static String list(List<PortRange> ports) {
    StringJoiner j = new StringJoiner(",");
    ports.forEach(p -> j.add(p.toString()));
    return j.toString();
  }

  /** One written statement of group G, as the reference below reads it. */
  private record Written(boolean ingress, boolean deny, int protocol, List<PortRange> dst,
      List<PortRange> src, boolean anyPeer, boolean matchingPeer, int priority) {
    boolean matches(boolean in, Flow f) {
      return ingress == in && protocol == f.protocol() && (anyPeer || matchingPeer)
          && dst.stream().anyMatch(r -> r.contains(f.dstPort()))
          && (src.isEmpty() || src.stream().anyMatch(r -> r.contains(f.srcPort())));
    }
  }

  /**
   * Each port list means one rule per written range: the decision at NIC a (in group G, basic)
   * for every flow is the one computed from the written ranges directly, with no merging: the
   * smallest priority among the matching statements, a deny first on ties, else the default.
   */
  @Test
  void aMergedListDecidesEveryFlowAsOneRulePerWrittenRange() {
    Random seeds = new Random(SEED ^ 0x11);
    int domain = 24;
    for (int i = 0; i < cases(2_000); i++) {
      long seed = seeds.nextLong();
      Random rnd = new Random(seed);
      StringBuilder text = new StringBuilder("group G {\n");
      List<Written> written = new ArrayList<>();
      int statements = 1 + rnd.nextInt(4);
      for (int s = 0; s < statements; s++) {
        boolean ingress = rnd.nextBoolean();
        boolean deny = rnd.nextBoolean();
        boolean tcp = rnd.nextBoolean();
        int peer = rnd.nextInt(3);
        int priority = 1 + rnd.nextInt(3);
        List<PortRange> dst = randomList(rnd, domain);
        List<PortRange> src =
            rnd.nextInt(3) == 0 ? randomList(rnd, domain) : List.of();
        text.append(ingress ? "  ingress " : "  egress ").append(deny ? "deny " : "allow ")
            .append(tcp ? "tcp " : "udp ").append(list(dst))
            .append(ingress ? " from " : " to ")
            .append(peer == 0 ? "any" : peer == 1 ? "10.0.0.0/8" : "192.168.0.0/16")
            .append(src.isEmpty() ? "" : " sport " + list(src))
            .append(" priority ").append(priority).append('\n');
        written.add(new Written(ingress, deny, tcp ? Protocols.TCP : Protocols.UDP, dst, src,
            peer == 0, peer == 1, priority));
      }
      text.append("}\ngroup H\ninstance a ip 10.0.0.1 in G\ninstance b ip 10.0.0.2 in H\n");
      LoadResult r = Specs.load(text.toString());
      String where = "seed " + SEED + "/" + seed + "\n" + text;
      if (r.hasErrors()) {
        fail(where + Specs.describe(r));
      }
      Evaluator evaluator = new Evaluator(r.spec().network());
      for (int f = 0; f < 40; f++) {
        boolean ingress = rnd.nextBoolean();
        int proto = rnd.nextBoolean() ? Protocols.TCP : Protocols.UDP;
        Flow flow = Flow.of(ingress ? "10.0.0.2" : "10.0.0.1", ingress ? "10.0.0.1" : "10.0.0.2",
            proto, 1 + rnd.nextInt(domain + 2), 1 + rnd.nextInt(domain + 2));
        NicDecision at = evaluator.evaluate(flow).steps().stream()
            .filter(d -> d.nic().id().equals("a")).findFirst().orElseThrow();
        assertEquals(reference(written, ingress, flow), summary(at),
            where + flow + "\n" + at.describe());
      }
    }
  }

  private static String reference(List<Written> written, boolean ingress, Flow f) {
    int best = Integer.MAX_VALUE;
    boolean deny = false;
    for (Written w : written) {
      if (w.matches(ingress, f)) {
        if (w.priority() < best) {
          best = w.priority();
          deny = w.deny();
        } else if (w.priority() == best) {
          deny |= w.deny();
        }
      }
    }
    if (best == Integer.MAX_VALUE) {
      return (!ingress) + " default";
    }
    return (!deny) + " rule " + best + (deny ? " deny" : " allow");
  }

  private static String summary(NicDecision n) {
    if (n.decidedBy() instanceof Step.CustomRule cr) {
      return n.allowed() + " rule " + cr.rule().priority() + " " + cr.rule().action();
    }
    return n.allowed() + (n.decidedBy() instanceof Step.Default ? " default" : " other");
  }
}

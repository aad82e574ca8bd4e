package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceText;
import dev.sgproof.flows.FlowSet;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Spec;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ViolationsByEnumeration;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import org.junit.jupiter.api.Test;

/**
 * The rows of violating pairs ({@link ViolatingFlows}): each row (the destinations a source
 * breaks the obligation with) is made in at most one pass over the destinations, its own NIC's
 * addresses left out as they come, and a row whose source has the same egress as the last row's
 * (or both are external) visits only the destinations whose admissions or own NIC differ; rows
 * are made grouped by egress, and a row of another NIC's egress visits only the destinations
 * where the two egresses differ when they are few.
 * Checked by operation count and against the enumeration.
 */
class ViolatingRowsTest {

  /**
   * Forty sources, each in a group of its own that lets a different port out, all inside the
   * destination CIDR (so each source has its own row, without its own address): every row visits
   * each destination position once. Before, three passes visited each three times (the masks,
   * the count of runs, the runs).
   */
  @Test
  void eachRowVisitsEveryDestinationOnce() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append("group S").append(i).append(" advanced {\n  egress allow tcp ")
          .append(1000 + i).append(" to 10.0.0.0/24\n  egress allow tcp 22 to 10.0.0.")
          .append(100 + i).append("/32\n}\n")
          .append("instance s").append(i).append(" ip 10.0.0.").append(i + 1)
          .append(" in S").append(i).append('\n');
    }
    text.append("group Open {\n  ingress allow tcp from 10.0.0.0/8\n}\n")
        .append("instance far ip 10.0.0.200 in Open\n")
        .append("assert 10.0.0.0/24 -> 10.0.0.0/24 unreachable tcp\n");
    long[] rows = rowsOf("rows.sg", text.toString(), 0);
    long destinations = rows[2];
    assertTrue(rows[0] >= 40, rows[0] + " rows");
    assertEquals(rows[0] * destinations, rows[1],
        rows[1] + " positions visited by " + rows[0] + " rows of " + destinations);
  }

  /**
   * Sixty external sources (blocks of 192.168.0.0/16), each admitted by its own destination
   * group (tcp 22 from its /24), and a group of two NICs that admits them all: the rows differ from
   * one another in one or two destination classes. The first row visits every destination, each
   * later one only the destinations of the classes whose admissions differ from the last row's.
   * Both expectations: the same set as the enumeration.
   */
  @Test
  void rowsOfExternalSourcesVisitOnlyTheDestinationsWhoseAdmissionsChanged() {
    StringBuilder text = new StringBuilder();
    int n = 60;
    for (int i = 0; i < n; i++) {
      text.append("group D").append(i).append(" {\n  ingress allow tcp 22 from 192.168.")
          .append(i).append(".0/24\n}\n")
          .append("instance d").append(i).append(" ip 10.0.0.").append(i + 1)
          .append(" in D").append(i).append('\n');
    }
    text.append("group All {\n  ingress allow tcp 443 from 192.168.0.0/16\n}\n")
        .append("instance a1 ip 10.0.0.100 in All\n")
        .append("instance a2 ip 10.0.0.101 in All\n")
        .append("assert 192.168.0.0/16 -> 10.0.0.0/24 unreachable tcp\n")
        .append("assert 192.168.0.0/16 -> 10.0.0.0/24 reachable tcp 22\n");
    for (int a = 0; a < 2; a++) {
      long[] rows = rowsOf("external.sg", text.toString(), a);
      assertTrue(rows[0] >= n, rows[0] + " rows");
      assertTrue(rows[1] <= rows[2] + 4 * (rows[0] - 1),
          rows[1] + " positions visited by " + rows[0] + " rows of " + rows[2]);
    }
  }

  /**
   * Forty sources inside the destination CIDR (each its own row), alternately in two groups whose
   * egress differs at every destination (tcp 1000 out, or tcp 1001): the rows are made grouped
   * by egress, so only the first row and the first of the other egress visit every destination,
   * the others only their own NIC and the last row's. Made in source order, every row visited
   * every destination.
   */
  @Test
  void rowsAreMadeGroupedByEgress() {
    StringBuilder text = new StringBuilder()
        .append("group E0 advanced {\n  egress allow tcp 1000 to 10.0.0.0/24\n}\n")
        .append("group E1 advanced {\n  egress allow tcp 1001 to 10.0.0.0/24\n}\n");
    for (int i = 0; i < 40; i++) {
      text.append("instance s").append(i).append(" ip 10.0.0.").append(i + 1)
          .append(" in E").append(i % 2).append('\n');
    }
    text.append("assert 10.0.0.0/24 -> 10.0.0.0/24 unreachable tcp\n");
    long[] rows = rowsOf("egress.sg", text.toString(), 0);
    assertTrue(rows[0] >= 40, rows[0] + " rows");
    assertTrue(rows[1] <= 2 * rows[2] + 4 * rows[0],
        rows[1] + " positions visited by " + rows[0] + " rows of " + rows[2]);
  }

  /**
   * Forty sources inside the destination CIDR, each in a group of its own that lets tcp out to
   * the whole /24 but one address of its own: consecutive rows' egresses differ at two
   * destinations, so after the first row each visits those and the two own NICs, not every
   * destination.
   */
  @Test
  void aRowOfAnotherEgressVisitsOnlyTheDestinationsWhereTheEgressesDiffer() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append("group G").append(i).append(" advanced {\n")
          .append("  egress allow tcp to 10.0.0.0/24 priority 50\n")
          .append("  egress deny tcp to 10.0.0.").append(100 + i).append("/32 priority 1\n}\n")
          .append("instance s").append(i).append(" ip 10.0.0.").append(i + 1)
          .append(" in G").append(i).append('\n');
    }
    text.append("assert 10.0.0.0/24 -> 10.0.0.0/24 unreachable tcp\n");
    long[] rows = rowsOf("differ.sg", text.toString(), 0);
    assertTrue(rows[0] >= 40, rows[0] + " rows");
    assertTrue(rows[2] >= 80, rows[2] + " destinations");
    assertTrue(rows[1] <= rows[2] + 6 * (rows[0] - 1),
        rows[1] + " positions visited by " + rows[0] + " rows of " + rows[2]);
  }

  /**
   * Fifty destination groups, each of one NIC, that all admit tcp 22 from the same /24 and each
   * tcp 80 from a /24 of its own: the fifty classes of destinations have some 150 decisions among
   * them (tcp 22, tcp 80, the other ports), but only some 52 different ones, which are what the
   * sources are grouped by and what each row reads to find its admissions. Before, the decisions
   * of every class were read, for the grouping and again for every row.
   */
  @Test
  void rowsReadEachDecisionContentOnceHoweverManyClassesHaveIt() {
    StringBuilder text = new StringBuilder();
    int n = 50;
    for (int i = 0; i < n; i++) {
      text.append("group D").append(i).append(" {\n")
          .append("  ingress allow tcp 22 from 192.168.200.0/24\n")
          .append("  ingress allow tcp 80 from 192.168.").append(i).append(".0/24\n}\n")
          .append("instance d").append(i).append(" ip 10.0.0.").append(i + 1)
          .append(" in D").append(i).append('\n');
    }
    text.append("assert 192.168.0.0/16 -> 10.0.0.0/24 unreachable tcp\n");
    long[] rows = rowsOf("contents.sg", text.toString(), 0);
    assertTrue(rows[0] >= n, rows[0] + " rows");
    // One chunk (a handful of relations): its grouping and each row read every content once.
    long contents = n + 3;
    assertTrue(rows[3] <= (rows[0] + 1) * contents,
        rows[3] + " contents read by " + rows[0] + " rows");
    assertTrue(rows[3] >= rows[0] * (n + 1), rows[3] + " contents read: fewer than there are");
  }

  /**
   * The violating flows of the first obligation of the spec's assertion number {@code a} (from
   * 0), compared with the enumeration (the same, and some); the rows made, the destination
   * positions they visited, how many destination positions there are and the decision contents
   * the rows read.
   */
  private static long[] rowsOf(String name, String text, int a) {
    LoadResult loaded = SpecLoader.load(new SourceText(name, text));
    assertFalse(loaded.hasErrors(), loaded.diagnostics().toString());
    Spec spec = loaded.spec();
    Problem p = Problem.of(spec.network(), spec.assertions().get(a));
    Obligation o = p.obligations().get(0);
    ClassSearchEngine engine = new ClassSearchEngine();
    FlowSpace space = new FlowSpace();
    FlowSet bad = engine.violating(p, o, space);
    FlowSet expected = ViolationsByEnumeration.violating(p.network(),
        new Evaluator(p.network()), p.classes(), o, space);
    assertEquals(expected, bad, o.toString());
    assertFalse(bad.isEmpty(), o.toString());
    long[] rows = engine.violationRows();
    int destinations = Classes.of(spec.network(), spec.assertions().get(a))
        .addressClasses(o.destination()).size();
    return new long[] {rows[0], rows[1], destinations, rows[2]};
  }

  /**
   * Rows are made for the relations (distinct decisions) of whole protocols, at most 63 to a
   * pass: a destination group whose ingress gives tcp 64 to 100 relations (each port allowed from
   * its own block of sources, some denied from a random one) is split into two passes; udp, icmp
   * and the other protocols share one, with the relation of the ports nothing allows, which tcp
   * has too. Both expectations, over a few seeds: the same set as the enumeration.
   */
  @Test
  void aProtocolOfMoreThan63RelationsIsSplitAndTheOthersShareAPass() {
    long base = Property.baseSeed(0x63L);
    System.out.println("ViolatingRowsTest base seed " + base);
    for (int c = 0; c < 3; c++) {
      long seed = base + c;
      Gen g = new Gen(seed);
      StringBuilder text = new StringBuilder("group D advanced {\n");
      int ports = 64 + g.nextInt(37);
      for (int i = 0; i < ports; i++) {
        text.append("  ingress allow tcp ").append(2000 + 3 * i).append(" from 10.1.").append(i)
            .append(".0/24\n");
        if (g.nextInt(4) == 0) {
          text.append("  ingress deny tcp ").append(2000 + 3 * i).append(" from 10.1.")
              .append(g.nextInt(ports)).append(".0/25 priority 1\n");
        }
      }
      text.append("  ingress allow udp 53 from 10.1.0.0/20\n")
          .append("  ingress allow udp 123 from 10.1.").append(g.nextInt(ports)).append(".0/24\n")
          .append("  ingress allow icmp from 10.1.").append(g.nextInt(ports)).append(".0/24\n")
          .append("}\n")
          .append("instance d1 ip 10.2.0.1 in D\n")
          .append("instance d2 ip 10.2.0.").append(2 + g.nextInt(200)).append(" in D\n")
          .append("assert 10.1.0.0/16 -> group D unreachable\n")
          .append("assert 10.1.0.0/16 -> group D reachable\n");
      LoadResult loaded = SpecLoader.load(new SourceText("split.sg", text.toString()));
      assertFalse(loaded.hasErrors(), loaded.diagnostics().toString());
      Spec spec = loaded.spec();
      for (int a = 0; a < 2; a++) {
        Problem p = Problem.of(spec.network(), spec.assertions().get(a));
        for (Obligation o : p.obligations()) {
          FlowSpace space = new FlowSpace();
          FlowSet bad = ClassSearchEngine.setBySet().violating(p, o, space);
          FlowSet expected = ViolationsByEnumeration.violating(p.network(),
              new Evaluator(p.network()), p.classes(), o, space);
          assertEquals(expected, bad, "seed " + seed + ", " + o);
          assertFalse(bad.isEmpty(), "seed " + seed + ", " + o);
        }
      }
    }
  }

  /** The lowest set bit by de Bruijn sequence is {@link Long#numberOfTrailingZeros}. */
  @Test
  void lowestBitIsTheNumberOfTrailingZeros() {
    Gen g = new Gen(Property.baseSeed(0xB17L));
    for (int i = 0; i < 64; i++) {
      long word = (1L << i) | (i == 63 ? 0 : g.nextLong() << (i + 1));
      assertEquals(Long.numberOfTrailingZeros(word), ViolatingFlows.lowestBit(word), "bit " + i);
      assertEquals(i, ViolatingFlows.lowestBit(1L << i));
    }
  }
}

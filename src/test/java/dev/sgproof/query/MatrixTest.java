package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Traffic;
import dev.sgproof.report.MatrixReport;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every cell of the matrix against the evaluator on generated networks: a protocol and port
 * class is "always" exactly when every flow of the pair with it is permitted (and there is one),
 * "sometimes" when some are and some are not; folded rows and columns hold the cells of each of
 * their members.
 */
class MatrixTest {
  private static final int NETWORKS = 60;
  private final Map<String, Integer> seen = new TreeMap<>();

  @Test
  void cellsAreExactAndFoldingKeepsThem() {
    long base = Property.baseSeed(0x3A7L);
    for (int i = 0; i < NETWORKS; i++) {
      long seed = base + i;
      Network n = new NetworkGen(GenConfig.small()).network(new Gen(seed));
      for (Matrix.By by : Matrix.By.values()) {
        check(seed, n, by);
      }
    }
    System.out.println("MatrixTest: " + seen);
    assertTrue(seen.getOrDefault("always", 0) > 200, seen.toString());
    assertTrue(seen.getOrDefault("sometimes", 0) > 50, seen.toString());
    assertTrue(seen.getOrDefault("never", 0) > 200, seen.toString());
    assertTrue(seen.getOrDefault("folded", 0) > 10, seen.toString());
  }

  private static Network load(String text) {
    LoadResult r = SpecLoader.load(new SourceText("m.sg", text));
    assertTrue(!r.hasErrors(), r.diagnostics().toString());
    return r.spec().network();
  }

  @Test
  void internetIsPublicSpaceAndExternalEveryAddressNoNicOwnsEachARowAndAColumn() {
    Network n = load(String.join("\n",
        "group Web {",
        "  ingress allow tcp 22 from 10.0.0.0/8",
        "  ingress allow tcp 443 from 0.0.0.0/0",
        "}",
        "instance web ip 10.1.0.10 in Web",
        ""));
    Matrix.Result m = Matrix.compute(n, Matrix.By.INSTANCE, s -> true, s -> true,
        Matrix.byEnumeration(n));
    assertEquals(List.of("web", "internet", "external"),
        m.rows().stream().map(Matrix.Line::label).toList());
    assertEquals(m.rows(), m.columns());
    // A private source outside the spec reaches port 22; no public one does.
    assertEquals(String.join("\n",
        "who reaches whom in m.sg, by instance (always: for every address of the pair and every"
            + " source port; sometimes: for some)",
        "web -> internet: always all",
        "web -> external: always all",
        "internet -> web: always tcp 443",
        "external -> web: always tcp 443; sometimes tcp 22",
        ""), MatrixReport.text("m.sg", m));
  }

  @Test
  void internetAndExternalAreNeverFoldedEvenWhenTheyBehaveAlike() {
    Network n = load(String.join("\n",
        "group Web { ingress allow tcp 443 from 0.0.0.0/0 }",
        "instance web ip 10.1.0.10 in Web",
        ""));
    for (Matrix.By by : Matrix.By.values()) {
      Matrix.Result m = Matrix.compute(n, by, s -> true, s -> true, Matrix.byEnumeration(n));
      List<String> rows = m.rows().stream().map(Matrix.Line::label).toList();
      assertEquals(List.of(by == Matrix.By.GROUP ? "Web" : "web", "internet", "external"), rows);
      assertEquals(m.cells().get(1).get(0), m.cells().get(2).get(0), "alike towards web");
      assertTrue(!m.cells().get(1).get(2).flows(), "internet -> external is no flow");
      // with rows and columns filtered apart, columns fold by equal vectors: still never these
      Matrix.Result web = Matrix.compute(n, by, s -> !s.endsWith("ernal") && !s.equals("internet"),
          s -> true, Matrix.byEnumeration(n));
      assertEquals(List.of(by == Matrix.By.GROUP ? "Web" : "web", "internet", "external"),
          web.columns().stream().map(Matrix.Line::label).toList());
      Matrix.Result outside = Matrix.compute(n, by, s -> true,
          s -> s.equals("web") || s.equals("Web"), Matrix.byEnumeration(n));
      assertEquals(rows, outside.rows().stream().map(Matrix.Line::label).toList());
    }
  }

  private void check(long seed, Network n, Matrix.By by) {
    Matrix.Result m = Matrix.compute(n, by, s -> true, s -> true, Matrix.byEnumeration(n));
    Map<String, Endpoint> endpoints = new TreeMap<>();
    Matrix.entries(n, by).forEach(e -> endpoints.put(e.name(), e.endpoint()));
    Evaluator ev = new Evaluator(n);
    for (int i = 0; i < m.rows().size(); i++) {
      for (int j = 0; j < m.columns().size(); j++) {
        Matrix.Cell cell = m.cells().get(i).get(j);
        if (m.rows().get(i).count() > 1 || m.columns().get(j).count() > 1) {
          seen.merge("folded", 1, Integer::sum);
        }
        for (String a : m.rows().get(i).names()) {
          for (String b : m.columns().get(j).names()) {
            if (a.equals(b) && (m.rows().get(i).count() > 1 || m.columns().get(j).count() > 1)) {
              continue; // a folded diagonal stands for the pairs of distinct members
            }
            String where = "seed " + seed + " by " + by + ": " + a + " -> " + b;
            brute(n, ev, endpoints.get(a), endpoints.get(b), cell, where);
          }
        }
      }
    }
  }

  /** Checks the cell against every class representative of the pair. */
  private void brute(Network n, Evaluator ev, Endpoint a, Endpoint b, Matrix.Cell cell,
      String where) {
    dev.sgproof.model.Assertion probe = new dev.sgproof.model.Assertion("",
        dev.sgproof.model.AssertionKind.REACHABLE, a, b, Traffic.ANY, "probe",
        dev.sgproof.diag.SourceSpan.none("t"));
    Classes c = Classes.of(n, probe);
    Obligation any = new Obligation(a, b, Traffic.ANY, false, Expectation.PERMITTED);
    for (int p : Classes.PROTOCOLS) {
      boolean ported = Protocols.hasPorts(p);
      for (int dp : ported ? c.dstPorts() : List.of(0)) {
        int permitted = 0;
        int denied = 0;
        for (IpAddress s : c.addresses(a)) {
          for (IpAddress d : c.addresses(b)) {
            if (s.version() != d.version() || !Protocols.fitsVersion(p, s.version())) {
              continue;
            }
            for (int sp : ported ? c.srcPorts() : List.of(0)) {
              Flow f = new Flow(s, d, p, sp, dp);
              if (!any.contains(n, f)) {
                continue;
              }
              if (ev.evaluate(f).permitted()) {
                permitted++;
              } else {
                denied++;
              }
            }
          }
        }
        boolean always = cell.always().contains(p, dp);
        boolean sometimes = cell.sometimes().contains(p, dp);
        String what = where + " " + Protocols.name(p) + (ported ? " " + dp : "") + ": "
            + permitted + " permitted, " + denied + " denied; cell " + cell;
        assertEquals(permitted > 0 && denied == 0, always, what);
        assertEquals(permitted > 0 && denied > 0, sometimes, what);
        assertEquals(permitted + denied > 0, cell.possible().contains(p, dp), what);
        seen.merge(always ? "always" : sometimes ? "sometimes" : "never", 1, Integer::sum);
      }
    }
  }
}

package dev.sgproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.flows.Violations;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Matrix;
import dev.sgproof.query.Obligation;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.Specs;
import dev.sgproof.syntax.FlowText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The data and the page of {@code sgproof report}, without a browser: what the page holds is the
 * exact answer (boxes are the violations, every listed box's flow breaks the assertion in the
 * evaluator, matrix cells decode to the matrix), no text of the spec can leave the data block,
 * the same input gives the same bytes, and the group graph has its edges and a layout without
 * overlaps.
 */
class HtmlReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int SPECS = 30;

  static final String QUICK = """
      group Web basic {
        ingress allow tcp 80,443 from 0.0.0.0/0
        ingress deny  tcp 22 from 0.0.0.0/0
      }
      group Db basic isolated {
        ingress allow tcp 5432 from group Web
        egress  deny  all to any priority 100
      }
      instance web ip 10.0.0.10 in Web
      instance db ip 10.0.1.20 in Db
      instance batch ip 10.0.1.21 in Db
      assert internet -> web only tcp 80,443
      assert "db is private": internet -> db unreachable
      assert web -> db reachable tcp 5432
      assert "web reaches batch": web -> batch unreachable
      assert "db answers the world": internet -> db only tcp 5432
      """;

  static List<FileResult> verify(String name, LoadResult loaded) {
    assertFalse(loaded.hasErrors(), () -> Specs.describe(loaded));
    List<AssertionResult> results;
    try (Engines engines = new Engines(1)) {
      results = engines.verify(loaded.spec(), EngineOptions.of(EngineChoice.exhaustive)
          .withDependsOn(true).withSteps(true), r -> {});
    }
    return List.of(new FileResult(name, loaded.diagnostics(),
        Optional.of(loaded.spec().network()), results));
  }

  static ObjectNode model(String name, String text, int maxBoxes) {
    return HtmlReport.model(verify(name, Specs.load(text)), HtmlReport.byEnumeration(),
        new HtmlReport.Options(maxBoxes, List.of(Matrix.By.GROUP, Matrix.By.INSTANCE), 2000),
        "test");
  }

  /** The data block of a page, parsed back. */
  static JsonNode data(String html) throws IOException {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"sgproof-data\">(.*?)"
        + "</script>", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "the page has its data block");
    return MAPPER.readTree(m.group(1));
  }

  @Test
  void textOfTheSpecCannotEndTheDataBlockOrBecomeMarkup() throws IOException {
    String label = "</script><script>alert(1)</script><img src=x onerror=alert(2)> & \u2028"
        + "\u2029 <!-- ]]>";
    String spec = QUICK + "assert \"" + label.replace("\"", "") + "\": web -> db unreachable\n";
    String html = HtmlPage.render(model("a<b>&c.sg", spec, 100));
    assertEquals(2, count(html, "</script"), "only the page's own two script elements end");
    assertEquals(2, count(html, "<script"), "only the page's own two script elements start");
    assertFalse(html.contains("<img"), "no markup from the data");
    assertFalse(html.contains("\u2028") || html.contains("\u2029"), "line separators escaped");
    assertTrue(html.contains("<title>sgproof report: a&lt;b&gt;&amp;c.sg</title>"), html);
    JsonNode d = data(html);
    JsonNode last = d.path("files").get(0).path("assertions").get(5);
    assertEquals(label, last.path("label").asText(), "the label survives exactly");
    assertEquals("a<b>&c.sg", d.path("files").get(0).path("file").asText());
  }

  @Test
  void thePageLoadsNothingAndAllowsOnlyItsOwnScriptAndStyle() {
    String html = HtmlPage.render(model("q.sg", QUICK, 100));
    Matcher csp = Pattern.compile("Content-Security-Policy\" content=\"([^\"]*)\"").matcher(html);
    assertTrue(csp.find());
    assertTrue(csp.group(1).startsWith("default-src 'none'; script-src 'sha256-"), csp.group(1));
    String page = html.replace("\"http://www.w3.org/2000/svg\"", "SVG_NAMESPACE")
        .replace("url(#", "LOCAL_REFERENCE");
    for (String ref : List.of("http:", "https:", "//cdn", "@import", "url(", "src=", "href=\"/",
        "fetch(", "XMLHttpRequest", "WebSocket")) {
      assertFalse(page.contains(ref), "the page names no remote resource: " + ref);
    }
    String js = HtmlPage.resource("report.js");
    assertFalse(js.contains("innerHTML") || js.contains("outerHTML")
        || js.contains("insertAdjacentHTML") || js.contains("document.write")
        || js.contains("eval("), "the script never parses text as markup or code");
  }

  @Test
  void theSameInputGivesTheSameBytes() {
    String a = HtmlPage.render(model("q.sg", QUICK, 100));
    String b = HtmlPage.render(model("q.sg", QUICK, 100));
    assertEquals(a, b);
  }

  @Test
  void withNoBoxesAskedForTheViolationSetsAreNotComputed() throws IOException {
    HtmlReport.Exact noViolations = new HtmlReport.Exact() {
      @Override
      public Violations violations(Network n, Assertion a) {
        throw new AssertionError("violations computed with --max-boxes 0");
      }

      @Override
      public java.util.function.BiFunction<dev.sgproof.model.Endpoint,
          dev.sgproof.model.Endpoint, Matrix.Cell> cells(Network n) {
        return HtmlReport.byEnumeration().cells(n);
      }
    };
    JsonNode f = data(HtmlPage.render(HtmlReport.model(verify("q.sg", Specs.load(QUICK)),
        noViolations, new HtmlReport.Options(0, List.of(Matrix.By.GROUP), 2000), "test")))
        .path("files").get(0);
    int refuted = 0;
    for (JsonNode a : f.path("assertions")) {
      if (a.path("verdict").asText().equals("refuted")) {
        refuted++;
        assertTrue(a.has("counterexample"), a.toString());
        assertFalse(a.has("violations"), a.toString());
      }
    }
    assertEquals(2, refuted);
  }

  @Test
  void theReportsMatricesFromTheTablesAreTheReferenceMatrices() throws IOException {
    long base = Property.baseSeed(0x4E9L);
    for (int i = 0; i < 12; i++) {
      long seed = base + i;
      Network n = new NetworkGen(GenConfig.small()).network(new Gen(seed));
      LoadResult loaded = Specs.load(SpecPrinter.print(n));
      HtmlReport.Options options = new HtmlReport.Options(0,
          List.of(Matrix.By.GROUP, Matrix.By.INSTANCE, Matrix.By.NIC), 2000);
      JsonNode fast = HtmlReport.model(verify("g.sg", loaded), HtmlReport.byTables(), options,
          "t").path("files").get(0).path("matrices");
      JsonNode reference = HtmlReport.model(verify("g.sg", loaded), HtmlReport.byEnumeration(),
          options, "t").path("files").get(0).path("matrices");
      assertEquals(reference, fast, "seed " + seed + "\n" + SpecPrinter.print(n));
    }
  }

  @Test
  void refutedAssertionsCarryTheirTraceAndProvedOnesTheirRules() throws IOException {
    JsonNode f = data(HtmlPage.render(model("q.sg", QUICK, 100))).path("files").get(0);
    Map<String, JsonNode> byText = new TreeMap<>();
    f.path("assertions").forEach(a -> byText.put(a.path("text").asText(), a));
    JsonNode batch = byText.get("web -> batch unreachable");
    assertEquals("refuted", batch.path("verdict").asText());
    assertEquals("tcp 10.0.0.10:49152 -> 10.0.1.21:5432",
        batch.path("counterexample").path("flow").asText());
    assertTrue(batch.path("counterexample").path("trace").toString()
        .contains("batch ingress: allow by the rule of group Db at"), batch.toString());
    assertEquals(1, batch.path("violations").path("total").asInt());
    JsonNode db = byText.get("web -> db reachable tcp 5432");
    assertEquals("proved", db.path("verdict").asText());
    assertEquals("ingress allow tcp 5432 from group Web",
        db.path("dependsOn").get(0).path("rule").asText());
    JsonNode s = data(HtmlPage.render(model("q.sg", QUICK, 100))).path("summary");
    assertEquals(1, s.path("exitCode").asInt());
    assertEquals(3, s.path("proved").asInt());
    assertEquals(2, s.path("refuted").asInt());
  }

  /** What report does: the engines list the boxes; the page is the one of the reference sets. */
  @Test
  void boxesListedByTheEnginesAreTheReferenceBoxes() {
    long base = Property.baseSeed(0x4EAL);
    int refuted = 0;
    for (int i = 0; i < 20; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(GenConfig.small()).network(g);
      String net0 = SpecPrinter.print(n);
      List<String> kept = new ArrayList<>();
      for (Assertion a : AssertionGen.assertions(g, n, 5)) {
        String line = SpecPrinter.assertion(a);
        if (!Specs.load(net0 + line + "\n").hasErrors()) {
          kept.add(line);
        }
      }
      LoadResult loaded = Specs.load(net0 + String.join("\n", kept) + "\n");
      int max = i % 2 == 0 ? 3 : 100;
      HtmlReport.Options options = new HtmlReport.Options(max, List.of(), 2000);
      List<AssertionResult> listed;
      try (Engines engines = new Engines(1)) {
        listed = engines.verify(loaded.spec(), EngineOptions.of(EngineChoice.auto)
            .withDependsOn(true).withSteps(true).withMaxBoxes(max), r -> {});
      }
      refuted += (int) listed.stream().filter(r -> r.violations().isPresent()).count();
      ObjectNode byEngines = HtmlReport.model(List.of(new FileResult("g.sg",
          loaded.diagnostics(), Optional.of(loaded.spec().network()), listed)),
          HtmlReport.byTables(), options, "t");
      ObjectNode reference = HtmlReport.model(verify("g.sg", loaded),
          HtmlReport.byEnumeration(), options, "t");
      JsonNode as = byEngines.path("files").get(0).path("assertions");
      JsonNode rs = reference.path("files").get(0).path("assertions");
      assertEquals(rs.size(), as.size());
      for (int k = 0; k < as.size(); k++) {
        assertEquals(rs.get(k).path("verdict"), as.get(k).path("verdict"), "seed " + seed);
        assertEquals(rs.get(k).path("violations"), as.get(k).path("violations"), "seed " + seed
            + ": " + as.get(k).path("text").asText());
      }
    }
    assertTrue(refuted > 10, refuted + " refuted");
  }

  @Test
  void boxesAreTheExactViolationsAndEachListedFlowBreaksTheAssertion() throws IOException {
    long base = Property.baseSeed(0x4E9L);
    Map<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(GenConfig.small()).network(g);
      String net0 = SpecPrinter.print(n);
      List<String> kept = new ArrayList<>();
      for (Assertion a : AssertionGen.assertions(g, n, 5)) {
        String line = SpecPrinter.assertion(a);
        if (!Specs.load(net0 + line + "\n").hasErrors()) {
          kept.add(line);
        }
      }
      String text = net0 + String.join("\n", kept) + "\n";
      LoadResult loaded = Specs.load(text);
      int max = i % 2 == 0 ? 3 : 100;
      ObjectNode model = HtmlReport.model(verify("gen.sg", loaded), HtmlReport.byEnumeration(),
          new HtmlReport.Options(max, List.of(Matrix.By.GROUP, Matrix.By.NIC), 2000), "test");
      JsonNode f = data(HtmlPage.render(model)).path("files").get(0);
      Network net = loaded.spec().network();
      Evaluator ev = new Evaluator(net);
      for (int k = 0; k < loaded.spec().assertions().size(); k++) {
        Assertion a = loaded.spec().assertions().get(k);
        JsonNode ja = f.path("assertions").get(k);
        if (!ja.path("verdict").asText().equals("refuted")) {
          assertTrue(ja.path("violations").isMissingNode(), "only refuted ones list boxes");
          continue;
        }
        Violations v = HtmlReport.byEnumeration().violations(net, a);
        Violations.Listing listing = v.list(max);
        JsonNode boxes = ja.path("violations").path("boxes");
        String where = "seed " + seed + ", " + a.text() + "\n" + text;
        assertEquals(listing.boxes().size(), boxes.size(), where);
        assertEquals(listing.total().toString(), ja.path("violations").path("total").asText(),
            where);
        assertEquals(listing.truncated(), ja.path("violations").path("truncated").asBoolean());
        boolean counterexampleListed = false;
        Flow cx = flow(ja.path("counterexample").path("flow").asText());
        for (int b = 0; b < boxes.size(); b++) {
          JsonNode box = boxes.get(b);
          var expected = listing.boxes().get(b);
          assertEquals(expected.permitted(), box.get(0).asInt() == 1, where);
          assertEquals(expected.box().srcLow().toString(), box.get(3).asText(), where);
          assertEquals(expected.box().dstHigh().toString(), box.get(6).asText(), where);
          FlowSpace one = new FlowSpace();
          counterexampleListed |= one.box(expected.box()).contains(cx);
          if (box.get(11).isNull()) {
            seen.merge("boxes without a flow at a corner", 1, Integer::sum);
            continue;
          }
          Flow sample = flow(box.get(11).asText());
          assertTrue(one.box(expected.box()).contains(sample), where + "\n" + sample);
          boolean permitted = ev.evaluate(sample).permitted();
          assertEquals(expected.permitted(), permitted, where + "\n" + sample);
          boolean breaks = Obligation.of(a).stream().anyMatch(o -> o.contains(net, sample)
              && !o.expect().satisfiedBy(permitted));
          assertTrue(breaks, where + "\n" + sample + " does not break the assertion");
          seen.merge(permitted ? "permitted flows checked" : "denied flows checked", 1,
              Integer::sum);
        }
        if (!listing.truncated()) {
          assertTrue(counterexampleListed, where + "\nthe counterexample is in a listed box");
        }
        seen.merge(listing.truncated() ? "truncated" : "complete", 1, Integer::sum);
      }
      checkMatrices(net, f, seed);
      seen.merge("matrices", 2, Integer::sum);
    }
    System.out.println("HtmlReportTest: " + seen);
    assertTrue(seen.getOrDefault("permitted flows checked", 0) > 40, seen.toString());
    assertTrue(seen.getOrDefault("denied flows checked", 0) > 40, seen.toString());
    assertTrue(seen.getOrDefault("truncated", 0) > 5, seen.toString());
  }

  private static Flow flow(String text) {
    return FlowText.parse(text).flow().orElseThrow(() -> new AssertionError("not a flow: " + text));
  }

  /** The page's matrices decode to the matrices themselves, cell by cell. */
  private static void checkMatrices(Network n, JsonNode f, long seed) {
    JsonNode ms = f.path("matrices");
    for (JsonNode jm : ms) {
      Matrix.By by = Matrix.By.valueOf(jm.path("by").asText().toUpperCase(java.util.Locale.ROOT));
      Matrix.Result m = Matrix.compute(n, by, x -> true, x -> true, Matrix.byEnumeration(n));
      List<List<String>> rows = new ArrayList<>();
      jm.path("rows").forEach(r -> {
        List<String> names = new ArrayList<>();
        r.forEach(x -> names.add(x.asText()));
        rows.add(names);
      });
      assertEquals(m.rows().stream().map(Matrix.Line::names).toList(), rows, "seed " + seed);
      assertTrue(jm.path("columns").isMissingNode() == m.rows().equals(m.columns()));
      for (int i = 0; i < m.rows().size(); i++) {
        List<Integer> row = new ArrayList<>();
        for (JsonNode v : jm.path("cells").get(i)) {
          if (v.asInt() < 0) {
            for (int k = 0; k < -v.asInt(); k++) {
              row.add(0);
            }
          } else {
            row.add(v.asInt());
          }
        }
        assertEquals(m.columns().size(), row.size(), "seed " + seed);
        for (int j = 0; j < row.size(); j++) {
          Matrix.Cell c = m.cells().get(i).get(j);
          JsonNode kind = jm.path("kinds").get(row.get(j));
          String where = "seed " + seed + " by " + by + " cell " + i + "," + j;
          assertEquals(c.show(c.always()), jm.path("traffic").get(kind.get(0).asInt()).asText(),
              where);
          assertEquals(c.show(c.sometimes()),
              jm.path("traffic").get(kind.get(1).asInt()).asText(), where);
          assertEquals(c.flows(), kind.get(2).asInt() == 1, where);
        }
      }
    }
  }

  @Test
  void aMatrixAboveTheLimitIsLeftOutWithANote() throws IOException {
    ObjectNode model = HtmlReport.model(verify("q.sg", Specs.load(QUICK)),
        HtmlReport.byEnumeration(),
        new HtmlReport.Options(100, List.of(Matrix.By.GROUP, Matrix.By.INSTANCE), 4), "test");
    JsonNode ms = data(HtmlPage.render(model)).path("files").get(0).path("matrices");
    assertEquals(4, ms.get(0).path("endpoints").asInt(), "Web, Db, internet and external");
    assertTrue(ms.get(0).path("omitted").isMissingNode());
    assertEquals(5, ms.get(1).path("endpoints").asInt());
    assertTrue(ms.get(1).path("omitted").asText().contains("more than the 4"), ms.toString());
    assertTrue(ms.get(1).path("cells").isMissingNode());
  }

  @Test
  void theGroupGraphHasAnEdgePerRulePeerAndALayoutWithoutOverlaps() throws IOException {
    LoadResult three = Specs.load(java.nio.file.Files.readString(
        java.nio.file.Path.of("specs/three-tier.sg")));
    JsonNode g = HtmlGraph.build(three.spec().network());
    assertTrue(g.path("laidOut").asBoolean());
    Map<String, JsonNode> edges = new TreeMap<>();
    g.path("edges").forEach(e -> edges.put(e.path("from").asText() + " > "
        + e.path("to").asText() + " " + e.path("action").asText() + " "
        + e.path("direction").asText(), e));
    assertEquals("tcp 5432", edges.get("g:App > g:Db allow ingress").path("label").asText());
    assertEquals("tcp 80,443", edges.get("s:any > g:Web allow ingress").path("label").asText(),
        "one statement with any is one node, its port list one label");
    assertEquals("deny all p100", edges.get("g:Db > d:any deny egress").path("label").asText());
    assertEquals("tcp 22", edges.get("s:192.168.100.0/24 > g:Bastion allow ingress")
        .path("label").asText());
    assertEquals("tcp 443", edges.get("g:Secrets > d:0.0.0.0/0 allow egress").path("label")
        .asText(), "0.0.0.0/0 alone is not any");
    int rules = three.spec().network().groups().stream().mapToInt(x -> x.rules().size()).sum();
    int listed = 0;
    for (JsonNode e : g.path("edges")) {
      listed += e.path("rules").size();
    }
    assertEquals(rules, listed, "every rule is on one edge");
    List<double[]> boxes = new ArrayList<>();
    double w = g.path("width").asDouble();
    double h = g.path("height").asDouble();
    for (JsonNode x : g.path("nodes")) {
      double[] b = {x.path("x").asDouble() - x.path("w").asDouble() / 2,
          x.path("y").asDouble() - x.path("h").asDouble() / 2,
          x.path("x").asDouble() + x.path("w").asDouble() / 2,
          x.path("y").asDouble() + x.path("h").asDouble() / 2};
      assertTrue(b[0] >= 0 && b[1] >= 0 && b[2] <= w && b[3] <= h, "inside: " + x);
      for (double[] o : boxes) {
        if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) {
          fail("nodes overlap: " + x);
        }
      }
      boxes.add(b);
    }
    for (JsonNode e : g.path("edges")) {
      for (JsonNode p : e.path("points")) {
        assertTrue(p.get(0).asDouble() >= 0 && p.get(0).asDouble() <= w
            && p.get(1).asDouble() >= 0 && p.get(1).asDouble() <= h, "edge inside: " + e);
      }
    }
    assertEquals(g.toString(), HtmlGraph.build(three.spec().network()).toString(),
        "the same layout every time");
  }

  /**
   * Parallel edges with short labels (QUICK's allow and deny from 0.0.0.0/0 to Web), and the many
   * edges of a hub.
   */
  @Test
  void edgeLabelsOfParallelEdgesDoNotOverlap() {
    String three = "group A basic {\n  ingress allow tcp 80 from 10.0.0.0/8\n"
        + "  ingress deny tcp 22 from 10.0.0.0/8\n"
        + "  ingress allow udp 53 from 10.0.0.0/8 priority 5\n}\n"
        + "instance a ip 10.1.0.1 in A\n";
    // a hub with 45 neighbours, each with up to three edges to and from it: the middles of its
    // edges crowd together, and their labels used to pile up there
    StringBuilder hub = new StringBuilder("group Hub basic isolated {\n");
    for (int i = 0; i < 45; i++) {
      hub.append(String.format("  ingress allow tcp 443 from group G%02d%n", i));
      if (i % 3 == 0) {
        hub.append(String.format("  ingress deny tcp 22 from group G%02d priority 2%n", i));
      }
    }
    hub.append("}\ninstance hub ip 10.200.0.1 in Hub\n");
    for (int i = 0; i < 45; i++) {
      hub.append(String.format("group G%02d basic { ingress allow tcp 8080 from group Hub }%n", i));
      hub.append(String.format("instance n%02d ip 10.201.0.%d in G%02d%n", i, i + 1, i));
    }
    for (String text : List.of(QUICK, three, hub.toString())) {
      JsonNode g = HtmlGraph.build(Specs.load(text).spec().network());
      assertTrue(g.path("laidOut").asBoolean());
      List<double[]> boxes = new ArrayList<>();
      for (JsonNode e : g.path("edges")) {
        // The estimate the layout places with: 6.4 px a character, 13 px high, on the baseline.
        double w = Math.min(30, e.path("label").asText().length()) * 6.4 + 4;
        double x = e.path("lx").asDouble();
        double y = e.path("ly").asDouble();
        double[] b = {x - w / 2, y - 10, x + w / 2, y + 3};
        for (double[] o : boxes) {
          if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) {
            fail("labels overlap: " + e + " in\n" + g);
          }
        }
        boxes.add(b);
      }
      assertTrue(boxes.size() >= 2, g.toString());
    }
  }

  @Test
  void aBigGroupGraphCarriesNoLayout() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < HtmlGraph.LAYOUT_MAX_NODES + 1; i++) {
      b.append("group g").append(i).append(" { ingress allow tcp 22 from group g")
          .append((i + 1) % (HtmlGraph.LAYOUT_MAX_NODES + 1)).append(" }\n");
    }
    JsonNode g = HtmlGraph.build(Specs.load(b.toString()).spec().network());
    assertFalse(g.path("laidOut").asBoolean());
    assertEquals(HtmlGraph.LAYOUT_MAX_NODES + 1, g.path("nodes").size());
    assertTrue(g.path("nodes").get(0).path("x").isMissingNode());
    assertNotNull(g.path("edges").get(0).path("rules"));
  }

  @Test
  void aBoxWithoutAFlowAtItsCornersHasNoSample() {
    Network n = Specs.load(QUICK).spec().network();
    IpAddress web = IpAddress.of("10.0.0.10");
    IpAddress outside = IpAddress.of("192.0.2.1");
    assertTrue(HtmlReport.sample(n, dev.sgproof.flows.FlowBox.of(1, 1, outside, outside, web,
        web)).isPresent());
    assertTrue(HtmlReport.sample(n, dev.sgproof.flows.FlowBox.of(1, 1, outside, outside, outside,
        outside)).isEmpty(), "two external ends are no flow");
    assertTrue(HtmlReport.sample(n, dev.sgproof.flows.FlowBox.of(1, 1, web, web, web, web))
        .isEmpty(), "one NIC at both ends is no flow");
  }

  private static int count(String s, String sub) {
    int c = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
      c++;
    }
    return c;
  }
}

package dev.sgproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sgproof.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sgproof report} pages in a real browser: headless Chromium from Debian's package,
 * driven over the DevTools protocol. For the report of each spec of {@code specs/}, of all of
 * them at once, and of a generated spec big enough to page: no console error or warning, no
 * uncaught exception; every assertion and every matrix row and column present (paging through);
 * a real click on a cell shows its traffic in the detail panel; filters narrow; the group graph
 * draws every node; a screenshot that is not blank (written to {@code target/browser/}); and the
 * first page rendered, scripts done, within 5 s of navigation.
 *
 * <p>Without Chromium the test is skipped, unless {@code -Dsgproof.browser.required=true} or
 * the environment has {@code CI=true} (as {@code .ci/run} has): then a missing browser fails.
 */
class ReportBrowserTest {
  private static final Path OUT = Path.of("target", "browser");
  private static Chromium browser;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    Optional<Path> bin = Chromium.binary();
    boolean required = Boolean.getBoolean("sgproof.browser.required")
        || "true".equals(System.getenv("CI"));
    if (bin.isEmpty()) {
      if (required) {
        fail("Chromium is not installed, and the browser test is required here"
            + " (.ci/need-chromium installs it: apt-get install chromium)");
      }
      assumeTrue(false, "Chromium is not installed (.ci/need-chromium installs it)");
    }
    Files.createDirectories(OUT);
    browser = new Chromium(bin.get(), 1400, 1000);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  /** Runs {@code sgproof report} and returns the page's data; the exit code must be as given. */
  private static JsonNode report(Path html, int exit, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("report"));
    all.addAll(List.of(args));
    all.add("-o");
    all.add(html.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(all.toArray(String[]::new), o, e);
    }
    assertEquals(exit, code, out.toString(StandardCharsets.UTF_8) + err);
    return HtmlReportTest.data(Files.readString(html));
  }

  @Test
  void theReportOfEachBundledSpecWorksInChromium() throws Exception {
    List<Path> specs;
    try (Stream<Path> s = Files.list(Path.of("specs"))) {
      specs = s.filter(p -> p.toString().endsWith(".sg")).sorted().toList();
    }
    assertTrue(specs.size() >= 6, specs.toString());
    for (Path spec : specs) {
      String name = spec.getFileName().toString().replace(".sg", "");
      Path html = OUT.resolve(name + ".html");
      JsonNode data = report(html, 0, spec.toString());
      Page page = open(html, name);
      page.checkFile(data.path("files").get(0));
      page.graph(data.path("files").get(0).path("graph"));
      page.screenshot(); // docs/report-three-tier.png is target/browser/three-tier.png
      if (name.equals("three-tier")) {
        browser.click("[data-node='g:Db']");
        String detail = browser.eval("document.getElementById('graph-detail').textContent")
            .asText();
        assertTrue(detail.contains("ingress allow tcp 5432 from group App"), detail);
        assertTrue(detail.contains("egress deny all to ::/0 priority 100"), detail);
        assertEquals(List.of(), browser.errors());
      }
    }
  }

  @Test
  void aReportOfSeveralFilesShowsEachFile() throws Exception {
    Path html = OUT.resolve("all-specs.html");
    List<String> args = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("specs"))) {
      s.filter(p -> p.toString().endsWith(".sg")).sorted().forEach(p -> args.add(p.toString()));
    }
    args.add("--matrix");
    args.add("group");
    JsonNode data = report(html, 0, args.toArray(String[]::new));
    Page page = open(html, "all-specs");
    JsonNode files = data.path("files");
    assertEquals(args.size() - 2, files.size());
    for (int i = files.size() - 1; i >= 0; i--) {
      browser.eval("(() => { const s = document.getElementById('file-select'); s.value = '" + i
          + "'; s.dispatchEvent(new Event('change')); })()");
      assertEquals(files.get(i).path("file").asText(),
          browser.eval("document.querySelector('.file-title').firstChild.textContent").asText());
      page.checkFile(files.get(i));
    }
    assertEquals(List.of(), browser.errors());
  }

  @Test
  void aRefutedAssertionShowsItsTraceAndBoxes() throws Exception {
    Path spec = OUT.resolve("quick.sg");
    Files.writeString(spec, HtmlReportTest.QUICK);
    Path html = OUT.resolve("quick.html");
    JsonNode data = report(html, 1, spec.toString());
    Page page = open(html, "quick");
    page.checkFile(data.path("files").get(0));
    String body = browser.eval("document.querySelector(\"[data-assertion='3'] .body\")"
        + ".textContent").asText();
    assertTrue(body.contains("tcp 10.0.0.10:49152 -> 10.0.1.21:5432"), body);
    assertTrue(body.contains("batch ingress: allow by the rule of group Db"), body);
    assertTrue(body.contains("in 1 box"), body);
    int rows = browser.eval("document.querySelectorAll(\"[data-assertion='4'] table.boxes"
        + " tbody tr\").length").asInt();
    assertEquals(data.path("files").get(0).path("assertions").get(4).path("violations")
        .path("boxes").size(), rows);
    browser.click("[data-assertion='2'] .head");
    String proof = browser.eval("document.querySelector(\"[data-assertion='2'] .body\")"
        + ".textContent").asText();
    assertTrue(proof.contains("ingress allow tcp 5432 from group Web"), proof);
    browser.click("button[data-verdict='refuted']");
    assertEquals(2, browser.eval("document.querySelectorAll('[data-assertion]').length").asInt());
    // The mouse is still over the chosen filter: it keeps its dark background (white text on
    // the hover colour was unreadable).
    assertEquals("rgb(36, 41, 47)", browser.eval("getComputedStyle(document.querySelector("
        + "\"button[data-verdict='refuted']\")).backgroundColor").asText());
    assertEquals(List.of(), browser.errors());
    page.screenshot();
  }

  @Test
  void aGeneratedSpecOfManyGroupsPagesFiltersAndRendersWithinFiveSeconds() throws Exception {
    Path spec = OUT.resolve("generated.sg");
    Files.writeString(spec, generated(60, 150));
    Path html = OUT.resolve("generated.html");
    JsonNode data = report(html, 1, spec.toString(), "--matrix", "group");
    Page page = open(html, "generated");
    assertTrue(page.firstFrame < 5000, "first page rendered in " + page.firstFrame + " ms");
    JsonNode f = data.path("files").get(0);
    assertTrue(f.path("assertions").size() > 100, "more than one page of assertions");
    assertTrue(f.path("matrices").get(0).path("rows").size() > 40, "more than one page of rows");
    page.checkFile(f);
    // Select a cell of a row the filter below hides: once hidden, it is no longer shown as selected.
    String hidden = browser.eval("(() => { for (const tr of document.querySelectorAll("
        + "'#matrix-table tbody tr')) { if (!tr.querySelector('th').title.includes('g05')) return"
        + " tr.querySelector('td').getAttribute('data-cell'); } return null; })()").asText();
    browser.click("#matrix-table td[data-cell='" + hidden + "']");
    assertEquals(1, browser.eval("document.querySelectorAll('#matrix-detail h4').length").asInt());
    // The row filter: the rows whose names hold the text, and only those.
    browser.type("#matrix-row-filter", "g05");
    assertEquals(0, browser.eval("document.querySelectorAll('#matrix-detail h4').length").asInt(),
        "the detail panel no longer shows the cell the filter hid");
    List<String> shown = new ArrayList<>();
    browser.eval("Array.from(document.querySelectorAll('#matrix-table tbody th'))"
        + ".map(th => th.textContent)").forEach(x -> shown.add(x.asText()));
    List<String> matching = new ArrayList<>();
    for (JsonNode line : f.path("matrices").get(0).path("rows")) {
      boolean hit = false;
      for (JsonNode x : line) {
        hit |= x.asText().contains("g05");
      }
      if (hit) {
        matching.add(line.get(0).asText() + (line.size() > 1 ? " (+" + (line.size() - 1) + ")"
            : ""));
      }
    }
    assertTrue(matching.size() >= 10, matching.toString());
    assertEquals(matching, shown, "the rows with a name that holds g05, and only those");
    // The graph is too big for one picture: one group's neighbourhood at a time.
    JsonNode graph = f.path("graph");
    assertFalse(graph.path("laidOut").asBoolean());
    browser.type("#graph-filter", "g017");
    browser.click("#graph-groups button");
    assertEquals("g:g017", browser.eval("document.querySelector('#graph .node.sel')"
        + ".getAttribute('data-node')").asText());
    assertTrue(browser.eval("document.querySelectorAll('#graph .edge').length").asInt() > 0);
    assertEquals(List.of(), browser.errors());
    page.screenshot();
    System.out.printf("ReportBrowserTest: generated spec (60 groups, 150 assertions), %,d bytes,"
        + " first page rendered %.0f ms after navigation%n", Files.size(html), page.firstFrame);
  }

  @Test
  void aGroupWithSeventyNeighboursShowsEveryEdgeLabelWithoutOverlap() throws Exception {
    // each neighbour has up to three edges to and from the hub: the labels used to sit mid-way,
    // where forty edges converge, and piled up into one unreadable smear
    StringBuilder spec = new StringBuilder("group Hub basic isolated {\n");
    for (int i = 0; i < 70; i++) {
      spec.append(String.format("  ingress allow tcp 443 from group G%02d%n", i));
      if (i % 3 == 0) {
        spec.append(String.format("  ingress deny tcp 22 from group G%02d priority 2%n", i));
      }
    }
    spec.append("}\n");
    for (int i = 0; i < 70; i++) {
      spec.append(String.format("group G%02d basic { ingress allow tcp 8080 from group Hub }%n", i));
      spec.append(String.format("instance n%02d ip 10.201.0.%d in G%02d%n", i, i + 1, i));
    }
    spec.append("instance hub ip 10.200.0.1 in Hub\nassert hub -> n00 reachable tcp 8080\n");
    Path file = OUT.resolve("hub.sg");
    Files.writeString(file, spec);
    Path html = OUT.resolve("hub.html");
    JsonNode data = report(html, 0, file.toString(), "--matrix", "none");
    assertFalse(data.path("files").get(0).path("graph").path("laidOut").asBoolean());
    open(html, "hub");
    assertEquals("g:Hub", browser.eval("document.querySelector('#graph .node.sel')"
        + ".getAttribute('data-node')").asText(), "it opens on the group with the most edges");
    // 40 neighbours drawn (the rest are counted), 40 + 40 / 3 + ... labels: 40 allow 8080,
    // 40 allow 443, 14 deny 22
    assertEquals(94, browser.eval("document.querySelectorAll('" + LABELS + "').length").asInt());
    assertEquals(0, browser.eval(OVERLAPPING_LABELS).asInt(), "overlapping edge labels");
    assertEquals(List.of(), browser.errors());
  }

  /** The edge labels of the drawn graph (the last layer of its SVG). */
  private static final String LABELS = "#graph svg > g:last-child text";

  /** How many pairs of edge labels of the drawn graph overlap (by their rendered boxes). */
  private static final String OVERLAPPING_LABELS = "(() => { const b = Array.from(document"
      + ".querySelectorAll('" + LABELS + "')).map(t => t.getBoundingClientRect());"
      + " let n = 0; for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++)"
      + " if (b[i].left < b[j].right - 1 && b[j].left < b[i].right - 1 && b[i].top < b[j].bottom"
      + " - 1 && b[j].top < b[i].bottom - 1) n++; return n; })()";

  /**
   * The page at account size, opt-in: {@code -Dsgproof.browser.account=PAGE} names a report
   * (say of the account bench spec with {@code --matrix none}, whose exact matrix by group the
   * reference path cannot compute in reasonable time today). When the page has no matrix by
   * group, one of the spec's size is added with <em>synthetic</em> cells (seeded: half never,
   * a third always, the rest sometimes, over 300 traffic texts), to measure what the page can
   * carry and draw: the file size (under 20 MB required) and the first frame (under 5 s).
   */
  @Test
  void anAccountSizedPageStaysUnder20MbAndRendersWithinFiveSeconds() throws Exception {
    String given = System.getProperty("sgproof.browser.account");
    assumeTrue(given != null && !given.isBlank(), "-Dsgproof.browser.account=PAGE not given");
    com.fasterxml.jackson.databind.node.ObjectNode model =
        (com.fasterxml.jackson.databind.node.ObjectNode) HtmlReportTest.data(
            Files.readString(Path.of(given)));
    com.fasterxml.jackson.databind.node.ObjectNode f =
        (com.fasterxml.jackson.databind.node.ObjectNode) model.path("files").get(0);
    boolean synthetic = false;
    if (!f.path("matrices").toString().contains("\"by\":\"group\"")) {
      synthetic = true;
      com.fasterxml.jackson.databind.node.ArrayNode ms = f.putArray("matrices");
      com.fasterxml.jackson.databind.node.ObjectNode m = ms.addObject();
      m.put("by", "group");
      List<String> names = new ArrayList<>();
      f.path("graph").path("nodes").forEach(n -> {
        if (n.path("kind").asText().equals("group") && n.path("members").asInt() > 0) {
          names.add(n.path("name").asText());
        }
      });
      names.add("internet");
      names.add("external");
      m.put("endpoints", names.size());
      com.fasterxml.jackson.databind.node.ArrayNode rows = m.putArray("rows");
      names.forEach(x -> rows.addArray().add(x));
      m.putArray("emptyGroups");
      java.util.Random rnd = new java.util.Random(1);
      com.fasterxml.jackson.databind.node.ArrayNode traffic = m.putArray("traffic");
      traffic.add("");
      for (int t = 1; t <= 300; t++) {
        traffic.add("tcp " + (t * 37 % 9000 + 1) + "," + (t * 101 % 60000 + 1) + " + udp "
            + (t * 13 % 5000 + 1) + "-" + (t * 13 % 5000 + 50) + " + icmp");
      }
      com.fasterxml.jackson.databind.node.ArrayNode kinds = m.putArray("kinds");
      kinds.addArray().add(0).add(0).add(1);
      kinds.addArray().add(0).add(0).add(0);
      for (int k = 0; k < 2000; k++) {
        boolean always = k % 3 != 0;
        kinds.addArray().add(always ? 1 + rnd.nextInt(300) : 0)
            .add(always && rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(300)).add(1);
      }
      com.fasterxml.jackson.databind.node.ArrayNode cells = m.putArray("cells");
      for (int i = 0; i < names.size(); i++) {
        com.fasterxml.jackson.databind.node.ArrayNode row = cells.addArray();
        int run = 0;
        for (int j = 0; j < names.size(); j++) {
          if (rnd.nextInt(2) == 0) {
            run++;
            continue;
          }
          if (run > 0) {
            row.add(-run);
            run = 0;
          }
          row.add(2 + rnd.nextInt(2000));
        }
        if (run > 0) {
          row.add(-run);
        }
      }
    }
    Path html = OUT.resolve("account.html");
    Files.writeString(html, HtmlPage.render(model));
    long bytes = Files.size(html);
    Page page = open(html, "account");
    JsonNode data = HtmlReportTest.data(Files.readString(html));
    page.checkFile(data.path("files").get(0));
    page.screenshot();
    System.out.printf("ReportBrowserTest: account-sized page (%s): %,d bytes, %d assertions,"
        + " matrix by group %d rows%s, first page rendered %.0f ms after navigation%n", given,
        bytes, data.path("files").get(0).path("assertions").size(),
        data.path("files").get(0).path("matrices").get(0).path("rows").size(),
        synthetic ? " (synthetic cells)" : "", page.firstFrame);
    assertTrue(bytes < 20_000_000, bytes + " bytes");
    assertTrue(page.firstFrame < 5000, page.firstFrame + " ms");
  }

  /**
   * A spec of {@code groups} basic groups (one in ten advanced, one in seven isolated) of one
   * NIC each (one in nine NICs in a second group), rules with group and CIDR peers, allow and
   * deny, and {@code assertions} assertions of every kind. Few distinct ports, so the reference
   * matrix stays quick.
   */
  static String generated(int groups, int assertions) {
    int[] ports = {22, 80, 443, 5432};
    StringBuilder b = new StringBuilder();
    java.util.function.IntPredicate advanced = i -> i % 10 == 9;
    java.util.function.IntFunction<String> peer = j -> {
      int k = Math.floorMod(j, groups);
      while (advanced.test(k)) {
        k = (k + 1) % groups;
      }
      return String.format("g%03d", k);
    };
    for (int i = 0; i < groups; i++) {
      String opts = advanced.test(i) ? "advanced" : i % 7 == 3 ? "basic isolated" : "basic";
      b.append(String.format("group g%03d %s {%n", i, opts));
      if (advanced.test(i)) {
        b.append("  ingress allow tcp ").append(ports[i % 4]).append(" from 10.1.0.0/24\n");
        b.append("  egress allow tcp 443 to 0.0.0.0/0\n");
      } else {
        b.append("  ingress allow tcp ").append(ports[i % 4]).append(" from group ")
            .append(peer.apply(i - 1)).append('\n');
        if (i % 3 == 0) {
          b.append("  ingress allow tcp 22 from 10.0.0.0/8\n");
        }
        if (i % 5 == 0) {
          b.append("  ingress deny tcp 22 from group ").append(peer.apply(i + 5))
              .append(" priority 2\n");
        }
        if (i % 11 == 0) {
          b.append("  egress deny all to 192.0.2.0/24 priority 50\n");
        }
      }
      b.append("}\n");
    }
    for (int i = 0; i < groups; i++) {
      String in = String.format("g%03d", i)
          + (i % 9 == 0 && !advanced.test(i) ? ", " + peer.apply(i + 3) : "");
      b.append(String.format("instance i%03d ip 10.1.%d.%d in %s%n", i, i / 200, i % 200 + 1,
          in));
    }
    for (int k = 0; k < assertions; k++) {
      int i = k % groups;
      int j = (k * 7 + 1) % groups;
      switch (k % 5) {
        case 0 -> b.append(String.format("assert i%03d -> i%03d reachable tcp %d%n", i, j,
            ports[j % 4]));
        case 1 -> b.append(String.format("assert internet -> i%03d unreachable tcp 22%n", i));
        case 2 -> b.append(String.format("assert group g%03d -> group g%03d only tcp %d%n", i,
            (i + 1) % groups, ports[(i + 1) % 4]));
        case 3 -> b.append(String.format("assert i%03d <-> i%03d isolated%n", i, j == i ? j + 1
            : j));
        default -> b.append(String.format("assert \"label %d\": 10.0.0.0/8 -> i%03d reachable"
            + " tcp 22%n", k, i));
      }
    }
    return b.toString();
  }

  private static Page open(Path html, String name) throws IOException, InterruptedException {
    double ms = browser.open(html.toAbsolutePath().toUri().toString());
    assertEquals(List.of(), browser.errors(), name + ": no console error");
    return new Page(name, ms);
  }

  /** Checks on the page open in the browser. */
  private static final class Page {
    final String name;
    final double firstFrame;

    Page(String name, double firstFrame) {
      this.name = name;
      this.firstFrame = firstFrame;
    }

    /** Every assertion, every matrix row and column, and a click on a cell with traffic. */
    void checkFile(JsonNode f) throws IOException {
      JsonNode as = f.path("assertions");
      if (as.size() > 0) {
        browser.click("button[data-verdict='all']");
        List<String> seen = new ArrayList<>();
        while (true) {
          browser.eval("Array.from(document.querySelectorAll('[data-assertion]')).map(e =>"
              + " e.getAttribute('data-assertion') + ' ' + e.querySelector('.mono').textContent)")
              .forEach(x -> seen.add(x.asText()));
          if (!next("#assertions")) {
            break;
          }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < as.size(); i++) {
          expected.add(i + " " + as.get(i).path("text").asText());
        }
        assertEquals(expected, seen, name + ": every assertion, in order");
      }
      JsonNode ms = f.path("matrices");
      for (int m = 0; m < ms.size(); m++) {
        browser.eval("(() => { const s = document.getElementById('matrix-by'); s.value = '" + m
            + "'; s.dispatchEvent(new Event('change')); })()");
        JsonNode jm = ms.get(m);
        if (jm.has("omitted")) {
          assertTrue(browser.eval("document.getElementById('matrix').textContent").asText()
              .contains(jm.path("omitted").asText()));
          continue;
        }
        JsonNode rows = jm.path("rows");
        JsonNode cols = jm.has("columns") ? jm.path("columns") : rows;
        assertEquals(labels(rows), collect("#matrix-row-pager",
            "#matrix-table tbody tr[data-row] > th"), name + ": every row");
        assertEquals(labels(cols), collect("#matrix-col-pager",
            "#matrix-table thead th[data-col]"), name + ": every column");
        clickCell(jm, rows, cols);
      }
      assertEquals(List.of(), browser.errors(), name + ": no console error");
    }

    private List<String> labels(JsonNode lines) {
      List<String> out = new ArrayList<>();
      for (JsonNode l : lines) {
        out.add(l.get(0).asText() + (l.size() > 1 ? " (+" + (l.size() - 1) + ")" : ""));
      }
      return out;
    }

    /** The texts of the elements, on every page of the pager (from its first page). */
    private List<String> collect(String pager, String selector) throws IOException {
      while (browser.eval("(() => { const b = document.querySelector(\"" + pager
          + " [data-page='prev']\"); return !!b && !b.disabled; })()").asBoolean()) {
        browser.click(pager + " [data-page='prev']");
      }
      List<String> out = new ArrayList<>();
      while (true) {
        browser.eval("Array.from(document.querySelectorAll(" + Chromium.quote(selector)
            + ")).map(e => e.textContent)").forEach(x -> out.add(x.asText()));
        if (!next(pager)) {
          break;
        }
      }
      while (browser.eval("(() => { const b = document.querySelector(\"" + pager
          + " [data-page='prev']\"); return !!b && !b.disabled; })()").asBoolean()) {
        browser.click(pager + " [data-page='prev']");
      }
      return out;
    }

    private boolean next(String scope) throws IOException {
      boolean more = browser.eval("(() => { const b = document.querySelector(\"" + scope
          + " [data-page='next']\"); return !!b && !b.disabled; })()").asBoolean();
      if (more) {
        browser.click(scope + " [data-page='next']");
      }
      return more;
    }

    /** A real click on the first cell with traffic shows that cell's traffic in the panel. */
    private void clickCell(JsonNode jm, JsonNode rows, JsonNode cols) throws IOException {
      String cell = browser.eval("(() => { const td = document.querySelector('#matrix-table"
          + " td.always, #matrix-table td.sometimes'); return td ? td.getAttribute('data-cell')"
          + " : null; })()").asText(null);
      if (cell == null) {
        return;
      }
      browser.click("#matrix-table td[data-cell='" + cell + "']");
      String[] ij = cell.split(",");
      int i = Integer.parseInt(ij[0]);
      int j = Integer.parseInt(ij[1]);
      List<Integer> row = new ArrayList<>();
      for (JsonNode v : jm.path("cells").get(i)) {
        for (int k = 0; k < (v.asInt() < 0 ? -v.asInt() : 1); k++) {
          row.add(v.asInt() < 0 ? 0 : v.asInt());
        }
      }
      JsonNode kind = jm.path("kinds").get(row.get(j));
      String always = jm.path("traffic").get(kind.get(0).asInt()).asText();
      String sometimes = jm.path("traffic").get(kind.get(1).asInt()).asText();
      assertEquals(always.isEmpty() ? "nothing" : always, browser.eval("document.querySelector("
          + "\"#matrix-detail [data-traffic='always']\").textContent").asText(), name);
      assertEquals(sometimes.isEmpty() ? "nothing" : sometimes, browser.eval(
          "document.querySelector(\"#matrix-detail [data-traffic='sometimes']\").textContent")
          .asText(), name);
      String title = browser.eval("document.querySelector('#matrix-detail h4').textContent")
          .asText();
      assertEquals(labels(rows).get(i) + " \u2192 " + labels(cols).get(j), title, name);
      assertTrue(browser.eval("document.querySelector(\"#matrix-table td[data-cell='" + cell
          + "']\").classList.contains('sel')").asBoolean(), name + ": the cell is marked");
    }

    void graph(JsonNode g) throws IOException {
      if (g.path("laidOut").asBoolean()) {
        assertEquals(g.path("nodes").size(),
            browser.eval("document.querySelectorAll('#graph [data-node]').length").asInt(), name);
        assertEquals(g.path("edges").size(),
            browser.eval("document.querySelectorAll('#graph g.edge[data-from]').length").asInt(),
            name);
      }
    }

    /** Writes the whole page as a PNG under target/browser/ and checks it is not blank. */
    void screenshot() throws IOException {
      browser.eval("window.scrollTo(0, 0)");
      byte[] png = browser.screenshot();
      Files.write(OUT.resolve(name + ".png"), png);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(img.getWidth() >= 1000 && img.getHeight() >= 500,
          name + ": " + img.getWidth() + "x" + img.getHeight());
      Set<Integer> colours = new HashSet<>();
      long inked = 0;
      long total = 0;
      for (int y = 0; y < img.getHeight(); y += 2) {
        for (int x = 0; x < img.getWidth(); x += 2) {
          int rgb = img.getRGB(x, y) & 0xffffff;
          colours.add(rgb);
          total++;
          if (rgb != 0xffffff) {
            inked++;
          }
        }
      }
      assertTrue(colours.size() > 50, name + ": " + colours.size() + " colours");
      assertTrue(inked * 20 > total, name + ": " + inked + " of " + total + " pixels not white");
    }
  }
}

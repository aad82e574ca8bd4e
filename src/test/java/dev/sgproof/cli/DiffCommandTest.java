package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sgproof diff} (issue 14, items 1 and 2): formats, exit codes, imported inputs. */
class DiffCommandTest {
  private static final String DIR = Cli.RESOURCES + "diff/";
  private static final String OLD = DIR + "old.sg";
  private static final String NEW = DIR + "new.sg";

  @Test
  void listsWhatTheChangeOpensAndClosesWithTheNicsAtTheEnds() {
    Cli r = Cli.run("diff", OLD, NEW);
    assertEquals(1, r.exit(), r.err());
    assertEquals("", r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("sgproof diff " + OLD + " -> " + NEW, lines.get(0));
    assertEquals("newly permitted: 29 boxes", lines.get(1));
    assertTrue(lines.contains("  tcp 10.0.1.31-255.255.255.255 port 1-65535 -> 10.0.1.20 port 5432"
        + "  (external -> db)"), r.out());
    assertTrue(lines.contains("  tcp 10.0.1.30 port 1-65535 -> 10.0.1.20 port 5432"
        + "  (cache (new) -> db)"), r.out());
    assertTrue(lines.contains("newly denied: 12 boxes"), r.out());
    assertTrue(lines.contains("  tcp 10.0.0.10 port 1-65535 -> 10.0.1.30 port 1-5431"
        + "  (web -> cache (new))"), r.out());
    assertTrue(lines.contains("assertions whose verdict changes: 2"), r.out());
    assertTrue(lines.contains("  " + NEW + ":12: \"db private\": internet -> db unreachable:"
        + " proved -> refuted"), r.out());
    assertTrue(lines.contains("  " + NEW + ":14: cache -> db unreachable: no verdict (instance"
        + " cache does not exist in " + OLD + ") -> refuted"), r.out());
  }

  @Test
  void theReadmeExampleIsWhatDiffPrints(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String start = "$ sgproof diff old.sg new.sg";
    int from = readme.indexOf(start);
    assertTrue(from >= 0, "README shows a diff");
    from = readme.indexOf('\n', from) + 1;
    String shown = readme.substring(from, readme.indexOf("```", from));
    int exitAt = shown.indexOf("$ echo $?\n");
    Path old = dir.resolve("old.sg");
    Path neu = dir.resolve("new.sg");
    Files.copy(Path.of(OLD), old);
    Files.writeString(neu, Files.readString(old).replace(
        "  ingress allow tcp 5432 from group Web\n",
        "  ingress allow tcp 5432 from group Web\n"
            + "  ingress allow tcp 5432 from 0.0.0.0/0 priority 50\n"));
    Cli r = Cli.run("diff", old.toString(), neu.toString());
    assertEquals(shown.substring(0, exitAt), r.out().replace(dir + "/", ""));
    assertEquals(Integer.parseInt(shown.substring(exitAt + "$ echo $?\n".length()).trim()),
        r.exit());
  }

  @Test
  void aChangeThatDecidesEveryFlowAlikeExitsZero() {
    Cli r = Cli.run("diff", OLD, DIR + "same.sg");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals(String.join("\n",
        "sgproof diff " + OLD + " -> " + DIR + "same.sg",
        "newly permitted: none",
        "newly denied: none",
        "assertions whose verdict changes: none",
        ""), r.out());
  }

  @Test
  void failOnOpenedLetsAChangeThatOnlyClosesFlowsPass() {
    Cli any = Cli.run("diff", OLD, DIR + "closes.sg");
    assertEquals(1, any.exit(), any.err());
    assertTrue(any.out().contains("newly permitted: none"), any.out());
    assertTrue(any.out().contains("  tcp 0.0.0.0-10.0.0.9 port 1-65535 -> 10.0.0.10 port 443"
        + "  (external -> web)"), any.out());
    Cli opened = Cli.run("diff", "--fail-on", "opened", OLD, DIR + "closes.sg");
    assertEquals(0, opened.exit(), opened.err());
    assertEquals(1, Cli.run("diff", "--fail-on", "opened", OLD, NEW).exit());
    // The reverse change opens what this one closes.
    assertEquals(1, Cli.run("diff", "--fail-on", "opened", DIR + "closes.sg", OLD).exit());
  }

  @Test
  void inputErrorsExitTwoWithTheirPlace() {
    Cli r = Cli.run("diff", OLD, DIR + "broken.sg");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains(DIR + "broken.sg:2:"), r.err());
    assertEquals("", r.out());
    assertEquals(2, Cli.run("diff", OLD).exit());
    assertEquals(2, Cli.run("diff", OLD, NEW, "--format", "yaml").exit());
    assertEquals(2, Cli.run("diff", "--terraform", DIR + "plan.json", OLD).exit());
    assertEquals(2, Cli.run("diff", OLD, DIR + "missing.sg").exit());
  }

  @Test
  void jsonHasTheShapeOfLanguageMd() throws Exception {
    Cli r = Cli.run("diff", "--format", "json", "--max-boxes", "3", OLD, NEW);
    assertEquals(1, r.exit(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(OLD, j.get("old").asText());
    assertEquals(NEW, j.get("new").asText());
    JsonNode p = j.get("newlyPermitted");
    assertEquals(29, p.get("total").asInt());
    assertTrue(p.get("truncated").asBoolean());
    assertEquals(3, p.get("boxes").size());
    JsonNode box = p.get("boxes").get(0);
    List<String> fields = new ArrayList<>();
    box.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("protocol", "src", "dst", "srcPort", "dstPort", "from", "to"), fields);
    assertEquals("[0,5]", box.get("protocol").toString());
    assertEquals("[\"10.0.1.30\",\"10.0.1.30\"]", box.get("src").toString());
    assertTrue(box.get("srcPort").isNull());
    assertEquals("[\"cache (new)\"]", box.get("from").toString());
    assertEquals("[\"external\"]", box.get("to").toString());
    assertEquals(12, j.get("newlyDenied").get("total").asInt());
    JsonNode a = j.get("assertions");
    assertEquals(2, a.size());
    assertEquals(NEW, a.get(0).get("file").asText());
    assertEquals(12, a.get(0).get("line").asInt());
    assertEquals("db private", a.get(0).get("label").asText());
    assertEquals("internet -> db unreachable", a.get(0).get("text").asText());
    assertEquals("proved", a.get(0).get("old").asText());
    assertEquals("refuted", a.get(0).get("new").asText());
    assertTrue(a.get(1).get("label").isNull());
    assertTrue(a.get(1).get("old").isNull());
    assertEquals("instance cache does not exist in " + OLD, a.get(1).get("oldNote").asText());
  }

  @Test
  void theSameInputsGiveTheSameBytes() {
    for (String format : List.of("text", "markdown", "json", "sarif")) {
      Cli a = Cli.run("diff", "--format", format, OLD, NEW);
      Cli b = Cli.run("diff", "--format", format, OLD, NEW);
      assertEquals(a.out(), b.out(), format);
    }
  }

  @Test
  void markdownOpensWithAShortTableAndFoldsTheRest() {
    Cli r = Cli.run("diff", "--format", "markdown", OLD, DIR + "labels.sg");
    assertEquals(1, r.exit(), r.err());
    String md = r.out();
    assertTrue(md.startsWith("### sgproof diff\n\n`" + OLD + "` \u2192 `" + DIR + "labels.sg`:"
        + " **opens 3 boxes of flows, closes 0**; 2 assertions change their verdict.\n\n"
        + "| change | traffic | from | to |\n|---|---|---|---|\n"), md);
    assertEquals(3, md.lines().filter(l -> l.startsWith("| opened |")).count(), md);
    assertTrue(md.contains("<details><summary>All listed boxes: 3 opened, 0 closed</summary>"),
        md);
    // The label is data: no table cell break, no HTML, no code span. OLD's assertion has
    // another label, so it is another assertion, listed too.
    assertTrue(md.contains("| \"db \\| &lt;b&gt;private&lt;/b&gt; \\`x\\`\": internet -&gt; db"
        + " unreachable | " + DIR.replace("_", "\\_") + "labels.sg:12 | proved | refuted |"), md);
    assertTrue(md.contains("| \"db private\": internet -&gt; db unreachable | " + OLD + ":10 |"
        + " proved | refuted |"), md);
    assertFalse(md.contains("<b>"), md);
  }

  @Test
  void sarifAnnotatesTheRuleThatOpensAFlow() throws Exception {
    Cli r = Cli.run("diff", "--format", "sarif", OLD, DIR + "labels.sg");
    JsonNode run = new ObjectMapper().readTree(r.out()).get("runs").get(0);
    JsonNode results = run.get("results");
    assertEquals(5, results.size());
    JsonNode first = results.get(0);
    assertEquals("opened", first.get("ruleId").asText());
    JsonNode loc = first.get("locations").get(0).get("physicalLocation");
    assertEquals(DIR + "labels.sg", loc.get("artifactLocation").get("uri").asText());
    assertEquals(8, loc.get("region").get("startLine").asInt(), first.toString());
    JsonNode last = results.get(3);
    assertEquals("verdict-changed", last.get("ruleId").asText());
    assertEquals(12, last.get("locations").get(0).get("physicalLocation").get("region")
        .get("startLine").asInt());
  }

  @Test
  void comparesTheStateBeforeATerraformPlanWithThePlannedState() {
    Cli r = Cli.run("diff", "--terraform", DIR + "plan.json");
    assertEquals(1, r.exit(), r.err());
    String plan = DIR + "plan.json";
    assertEquals(String.join("\n",
        "sgproof diff " + plan + " (prior_state) -> " + plan + " (planned_values)",
        "newly permitted: 3 boxes",
        "  tcp 0.0.0.0-10.0.0.255 port 1-65535 -> 10.0.2.20 port 5432  (external -> db1)",
        "  tcp 10.0.2.0-10.0.2.19 port 1-65535 -> 10.0.2.20 port 5432  (external -> db1)",
        "  tcp 10.0.2.21-255.255.255.255 port 1-65535 -> 10.0.2.20 port 5432  (external -> db1)",
        "newly denied: none",
        "assertions whose verdict changes: none",
        ""), r.out());
  }

  @Test
  void aPlanWithoutPriorStateComparesAgainstAnEmptyNetwork() {
    Cli r = Cli.run("diff", "--terraform", DIR + "plan_no_prior.json");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("newly permitted: 38 boxes"), r.out());
    assertTrue(r.out().contains("(web1 (new) -> external)"), r.out());
    assertTrue(r.out().contains("newly denied: none"), r.out());
  }

  @Test
  void comparesTwoAlibabaCloudExports() {
    Cli r = Cli.run("diff", "--alibaba", DIR + "alibaba/old", DIR + "alibaba/new");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("newly permitted: 2 boxes"), r.out());
    assertTrue(r.out().contains(" -> 10.0.1.10-10.0.1.11 port 8080"), r.out());
    assertTrue(r.out().contains("newly denied: none"), r.out());
    Cli notDir = Cli.run("diff", "--alibaba", OLD, NEW);
    assertEquals(2, notDir.exit());
    assertTrue(notDir.err().contains("is not a directory"), notDir.err());
  }

  @Test
  void neverWritesOverAnInput() throws Exception {
    Path dir = Cli.workDir();
    try {
      Path old = dir.resolve("old.sg");
      Files.copy(Path.of(OLD), old);
      String before = Files.readString(old);
      Cli r = Cli.run("diff", "--format", "json", "--output", old.toString(), old.toString(), NEW);
      assertEquals(2, r.exit());
      assertEquals(before, Files.readString(old));
      Path md = dir.resolve("diff.md");
      Cli ok = Cli.run("diff", "--format", "markdown", "--output", md.toString(), old.toString(),
          NEW);
      assertEquals(1, ok.exit(), ok.err());
      assertTrue(Files.readString(md).startsWith("### sgproof diff"));
    } finally {
      Cli.delete(dir);
    }
  }
}

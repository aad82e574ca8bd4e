package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Document xml(String text) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < l.getLength(); i++) {
      out.add((Element) l.item(i));
    }
    return out;
  }

  @Test
  void junitHasOneSuitePerFileAndAFailureWithCounterexampleAndTrace() throws Exception {
    Cli r = Cli.run("verify", "--format", "junit", "--jobs", "2", Cli.QUICK);
    assertEquals(1, r.exit());
    Element root = xml(r.out()).getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    List<Element> suites = elements(root, "testsuite");
    assertEquals(1, suites.size());
    Element s = suites.get(0);
    assertEquals(Cli.QUICK, s.getAttribute("name"));
    assertEquals("5", s.getAttribute("tests"));
    assertEquals("1", s.getAttribute("failures"));
    assertEquals("0", s.getAttribute("errors"));
    List<Element> cases = elements(s, "testcase");
    assertEquals(List.of("internet -> web only tcp 80,443", "db is private",
        "web -> db reachable tcp 5432", "db <-> batch isolated", "web reaches <batch> & 'more'"),
        cases.stream().map(c -> c.getAttribute("name")).toList());
    cases.forEach(c -> assertEquals(Cli.QUICK, c.getAttribute("classname")));
    List<Element> failures = elements(s, "failure");
    assertEquals(1, failures.size());
    Element f = failures.get(0);
    assertEquals(cases.get(4), f.getParentNode());
    assertEquals("counterexample: tcp 10.0.0.10:49152 -> 10.0.1.21:5432 (web -> batch)",
        f.getAttribute("message"));
    String body = f.getTextContent();
    assertTrue(body.contains(Cli.QUICK + ":15: refuted: web -> batch unreachable"), body);
    assertTrue(body.contains("expected: denied, but it is permitted"), body);
    assertTrue(body.contains("batch ingress: allow by the rule of group Db at " + Cli.QUICK + ":6"), body);
  }

  @Test
  void junitGivesAnErrorTestcasePerDiagnosticOfAFileThatDoesNotResolve() throws Exception {
    Cli r = Cli.run("verify", "--format", "junit", Cli.BROKEN);
    assertEquals(2, r.exit());
    Element s = elements(xml(r.out()).getDocumentElement(), "testsuite").get(0);
    assertEquals("2", s.getAttribute("tests"));
    assertEquals("2", s.getAttribute("errors"));
    List<Element> cases = elements(s, "testcase");
    assertEquals(List.of("SG011 at " + Cli.BROKEN + ":2:21", "SG030 at " + Cli.BROKEN + ":4:30"),
        cases.stream().map(c -> c.getAttribute("name")).toList());
    assertEquals(2, elements(s, "error").size());
    assertEquals("unknown group Nope", elements(s, "error").get(1).getAttribute("message"));
  }

  @Test
  void sarifLocatesRefutedAssertionsAtTheirLineAndColumn() throws Exception {
    Cli r = Cli.run("verify", "--format", "sarif", Cli.QUICK);
    assertEquals(1, r.exit());
    JsonNode root = JSON.readTree(r.out());
    assertEquals("2.1.0", root.path("version").asText());
    assertTrue(root.path("$schema").asText().contains("sarif-2.1.0"));
    assertEquals(1, root.path("runs").size());
    JsonNode run = root.path("runs").get(0);
    JsonNode driver = run.path("tool").path("driver");
    assertEquals("sgproof", driver.path("name").asText());
    assertFalse(driver.path("version").asText().isEmpty());
    assertEquals("refuted", driver.path("rules").get(0).path("id").asText());
    JsonNode results = run.path("results");
    assertEquals(1, results.size());
    JsonNode res = results.get(0);
    assertEquals("refuted", res.path("ruleId").asText());
    assertEquals("error", res.path("level").asText());
    assertEquals(0, res.path("ruleIndex").asInt());
    assertTrue(res.path("message").path("text").asText().contains("10.0.0.10:49152"));
    JsonNode loc = res.path("locations").get(0).path("physicalLocation");
    assertEquals(Cli.QUICK, loc.path("artifactLocation").path("uri").asText());
    // line 15 is indented by two spaces; the assertion's span starts at its label (column 10)
    String line15 = Files.readAllLines(Path.of(Cli.QUICK)).get(14);
    int column = loc.path("region").path("startColumn").asInt();
    assertEquals(15, loc.path("region").path("startLine").asInt());
    assertTrue(column >= 3 && line15.substring(column - 1).contains("web -> batch unreachable"),
        "column " + column + " in: " + line15);
  }

  @Test
  void sarifHasARuleAndALocatedResultPerDiagnostic() throws Exception {
    Cli r = Cli.run("verify", "--format", "sarif", Cli.BROKEN);
    assertEquals(2, r.exit());
    JsonNode run = JSON.readTree(r.out()).path("runs").get(0);
    List<String> rules = new ArrayList<>();
    run.path("tool").path("driver").path("rules").forEach(x -> rules.add(x.path("id").asText()));
    assertEquals(List.of("SG011", "SG030"), rules);
    assertEquals("port outside 1..65535",
        run.path("tool").path("driver").path("rules").get(0).path("shortDescription").path("text").asText());
    JsonNode results = run.path("results");
    assertEquals(2, results.size());
    assertEquals("SG030", results.get(1).path("ruleId").asText());
    assertEquals(1, results.get(1).path("ruleIndex").asInt());
    assertEquals("error", results.get(1).path("level").asText());
    JsonNode region = results.get(1).path("locations").get(0).path("physicalLocation").path("region");
    assertEquals(4, region.path("startLine").asInt());
    assertEquals(30, region.path("startColumn").asInt());
    assertEquals("Nope", Files.readAllLines(Path.of(Cli.BROKEN)).get(3).substring(29, 33));
  }

  @Test
  void oneRunPrintsTextAndWritesJunitAndSarifFiles(@TempDir Path dir) throws Exception {
    Path junit = dir.resolve("out/j.xml");
    Path sarif = dir.resolve("s.sarif");
    Cli r = Cli.run("verify", "--format", "text", "--format", "junit", "--output", junit.toString(),
        "--format", "sarif", "--output", sarif.toString(), Cli.QUICK);
    assertEquals(1, r.exit());
    assertTrue(r.out().endsWith("4 passed, 1 failed, 0 unknown, 0 errors\n"), r.out());
    assertTrue(r.out().contains("\u2717 refuted  web reaches <batch>"), r.out());
    assertEquals("testsuites", xml(Files.readString(junit)).getDocumentElement().getTagName());
    assertEquals("2.1.0", JSON.readTree(Files.readString(sarif)).path("version").asText());
  }

  @Test
  void twoFormatsOnStandardOutputAreRejected() {
    Cli r = Cli.run("verify", "--format", "json", "--format", "junit", Cli.QUICK);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("at most one --format may go to standard output"), r.err());
  }

  @Test
  void everyFormatIsDeterministic(@TempDir Path dir) throws Exception {
    for (String format : List.of("text", "json", "junit", "sarif")) {
      List<String> outs = new ArrayList<>();
      for (String jobs : List.of("1", "4")) {
        Path f = dir.resolve(format + jobs);
        Cli r = Cli.run("verify", "--jobs", jobs, "--format", format, "--output", f.toString(),
            Cli.QUICK, "specs/three-tier.sg");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        outs.add(Files.readString(f));
      }
      assertEquals(outs.get(0), outs.get(1), format);
    }
  }

  @Test
  void quietPrintsOnlyFailuresAndTheSummary() {
    Cli r = Cli.run("verify", "--quiet", Cli.QUICK);
    assertEquals(1, r.exit());
    assertFalse(r.out().contains("proved"), r.out());
    assertTrue(r.out().startsWith("\u2717 refuted  web reaches <batch>"), r.out());
    assertTrue(r.out().endsWith("\n4 passed, 1 failed, 0 unknown, 0 errors\n"), r.out());
    Cli all = Cli.run("verify", "--quiet", "specs/three-tier.sg");
    assertEquals(0, all.exit());
    assertTrue(all.out().matches("\\d+ passed, 0 failed, 0 unknown, 0 errors\n"), all.out());
  }

  @Test
  void noColourAndNoProgressWhenNotOnATerminal() {
    // Under the test runner standard output is not a terminal.
    assertFalse(Terminal.colour());
    assertFalse(Progress.onTerminal());
    Cli r = Cli.run("verify", Cli.QUICK);
    assertFalse(r.out().contains("\u001b["), r.out());
    assertEquals("", r.err());
  }
}

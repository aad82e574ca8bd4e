package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sgproof lint} (issue 14, item 3): formats, exit codes, options. */
class LintCommandTest {
  private static final String DIR = Cli.RESOURCES + "lint/";
  private static final String NET = DIR + "net.sg";

  @Test
  void reportsEachKindAtItsStatementWithTheRulesThatMakeItSo() {
    Cli r = Cli.run("lint", NET);
    assertEquals(1, r.exit(), r.err());
    String out = r.out();
    assertTrue(out.contains(NET + ":2:3: warning[SG202]: redundant: 'ingress allow tcp 443 from"
        + " 0.0.0.0/0' (ports 443) of group Web decides some flows"), out);
    assertTrue(out.contains(NET + ":4:3: warning[SG201]: shadowed (priority): 'ingress allow tcp"
        + " 22 from 0.0.0.0/0 priority 5' of group Web decides no flow"), out);
    assertTrue(out.contains("    by: " + NET + ":3\n"), out);
    assertTrue(out.contains(NET + ":7:3: warning[SG203]: duplicate:"), out);
    assertTrue(out.contains(NET + ":11:3: warning[SG205]: exposure: tcp 5432 is reachable from"
        + " the internet on 1 NIC (db)"), out);
    assertTrue(out.contains("    witness: tcp 1.0.0.0:49152 -> 10.0.1.20:5432 (external -> db)"),
        out);
    assertTrue(out.contains(NET + ":13:3: warning[SG201]: shadowed (no-flow): 'egress deny all"
        + " to ::/0' of group Db"), out);
    assertTrue(out.contains(NET + ":15:7: warning[SG204]: unused: group Spare has no member"
        + " NIC"), out);
    assertTrue(out.endsWith("11 findings: 1 duplicate, 2 exposure, 5 redundant, 2 shadowed,"
        + " 1 unused\n"), out);
  }

  @Test
  void aSpecWhoseRulesAllMatterExitsZero() {
    Cli r = Cli.run("lint", DIR + "clean.sg");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals("no findings\n", r.out());
  }

  @Test
  void moreExposurePortsAreChecked() {
    Cli r = Cli.run("lint", "--exposure-ports", "tcp:443,udp:161", DIR + "clean.sg");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains(DIR + "clean.sg:3:3: warning[SG205]: exposure: tcp 443 is"
        + " reachable from the internet on 1 NIC (web)"), r.out());
    Cli bad = Cli.run("lint", "--exposure-ports", "tcp:80x", DIR + "clean.sg");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("not 'tcp:80x'"), bad.err());
    assertEquals(2, Cli.run("lint", "--exposure-ports", "icmp:1", DIR + "clean.sg").exit());
    assertEquals(2, Cli.run("lint", "--exposure-ports", "tcp:0", DIR + "clean.sg").exit());
  }

  @Test
  void quotaWarningsAreFindings() {
    Cli r = Cli.run("lint", DIR + "quota.sg");
    assertEquals(1, r.exit());
    assertTrue(r.out().contains(DIR + "quota.sg:20:42: warning[SG104]: quota: NIC x"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void findingsInAnIncludedFileNameThatFile() {
    Cli r = Cli.run("lint", DIR + "main.sg");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().startsWith(DIR + "rules.sg:2:3: warning[SG201]: shadowed"
        + " (equal-priority-deny): 'ingress allow tcp 8080 from 0.0.0.0/0' of group Web"), r.out());
  }

  @Test
  void inputErrorsExitTwo() {
    Cli r = Cli.run("lint", DIR + "broken.sg");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains(DIR + "broken.sg:2:"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void jsonHasTheShapeOfLanguageMd() throws Exception {
    Cli r = Cli.run("lint", "--format", "json", NET);
    assertEquals(1, r.exit(), r.err());
    JsonNode file = new ObjectMapper().readTree(r.out()).get("files").get(0);
    assertEquals(NET, file.get("file").asText());
    JsonNode fs = file.get("findings");
    assertEquals(11, fs.size());
    JsonNode shadowed = fs.get(1);
    List<String> fields = new ArrayList<>();
    shadowed.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("code", "kind", "file", "line", "group", "ports", "message", "by",
        "column", "reason", "reasons"), fields);
    assertEquals("SG201", shadowed.get("code").asText());
    assertEquals("shadowed", shadowed.get("kind").asText());
    assertEquals(4, shadowed.get("line").asInt());
    assertEquals("Web", shadowed.get("group").asText());
    assertTrue(shadowed.get("ports").isNull());
    assertEquals("priority", shadowed.get("reason").asText());
    assertEquals("[{\"file\":\"" + NET + "\",\"line\":3}]", shadowed.get("by").toString());
    JsonNode listed = fs.get(0);
    assertEquals("redundant", listed.get("kind").asText());
    assertEquals("443", listed.get("ports").asText());
    JsonNode exposure = null;
    for (JsonNode f : fs) {
      if (f.get("kind").asText().equals("exposure") && f.get("port").asInt() == 3306) {
        exposure = f;
      }
    }
    assertEquals("tcp", exposure.get("protocol").asText());
    JsonNode flow = exposure.get("flow");
    assertEquals("1.0.0.0", flow.get("srcIp").asText());
    assertEquals("db", flow.get("to").asText());
    assertEquals(3306, flow.get("dstPort").asInt());
    assertEquals("[\"db\"]", exposure.get("nics").toString());
  }

  @Test
  void sarifAnnotatesTheRuleLines() throws Exception {
    Cli r = Cli.run("lint", "--format", "sarif", NET);
    JsonNode run = new ObjectMapper().readTree(r.out()).get("runs").get(0);
    assertEquals(11, run.get("results").size());
    JsonNode first = run.get("results").get(0);
    assertEquals("SG202", first.get("ruleId").asText());
    assertEquals("note", first.get("level").asText());
    JsonNode region = first.get("locations").get(0).get("physicalLocation").get("region");
    assertEquals(2, region.get("startLine").asInt());
    assertEquals(3, region.get("startColumn").asInt());
  }

  @Test
  void anyNumberOfWorkersGivesTheSameBytes() {
    String alone = Cli.run("lint", "--jobs", "1", "--format", "json", NET).out();
    assertEquals(alone, Cli.run("lint", "--jobs", "3", "--format", "json", NET).out());
    assertEquals(2, Cli.run("lint", "--jobs", "-1", NET).exit());
  }

  @Test
  void theSameSpecGivesTheSameBytes() {
    for (String format : List.of("text", "json", "sarif")) {
      assertEquals(Cli.run("lint", "--format", format, NET).out(),
          Cli.run("lint", "--format", format, NET).out(), format);
    }
  }
}

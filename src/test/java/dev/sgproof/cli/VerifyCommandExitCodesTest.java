package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The exit codes and the JSON shape of language.md, through the real command line. */
class VerifyCommandExitCodesTest {
  private static final String REFUTED = Cli.resource("refuted_web_to_batch.sg");
  private static final String ERRORS = Cli.resource("errors_everywhere.sg");
  private static final String PROVED = Cli.resource("all_proved.sg");

  @Test
  void exitsZeroWhenEveryAssertionIsProved() {
    Cli r = Cli.run("verify", PROVED);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().endsWith("2 passed, 0 failed, 0 unknown, 0 errors\n"), r.out());
  }

  @Test
  void exitsOneAndShowsTheCounterexampleWhenAnAssertionIsRefuted() {
    Cli r = Cli.run("verify", REFUTED);
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("\u2717 refuted  web reaches batch  " + REFUTED + ":15"), r.out());
    assertTrue(r.out().contains("counterexample: tcp 10.0.0.10:49152 -> 10.0.1.21:5432 (web -> batch)"), r.out());
    assertTrue(r.out().contains("batch ingress: allow by the rule of group Db at " + REFUTED + ":6 priority 1"), r.out());
    assertTrue(r.out().endsWith("4 passed, 1 failed, 0 unknown, 0 errors\n"), r.out());
  }

  @Test
  void bothEnginesGiveTheSameReport() {
    Cli smt = Cli.run("verify", "--format", "json", REFUTED);
    Cli exhaustive = Cli.run("verify", "--format", "json", "--engine", "exhaustive", REFUTED);
    // dependsOn is computed by the SMT engine only; compare everything else.
    assertEquals(smt.out().replaceAll("(?s)\"dependsOn\" : \\[.*?\\]", ""),
        exhaustive.out().replaceAll("(?s)\"dependsOn\" : \\[.*?\\]", ""));
  }

  @Test
  void exitsTwoAndReportsEveryErrorWithAPosition() {
    Cli r = Cli.run("verify", ERRORS);
    assertEquals(2, r.exit(), r.out() + r.err());
    for (String where : new String[] {":2:29: error[SG014]", ":2:49: error[SG010]", ":3:21: error[SG011]",
        ":3:38: error[SG030]", ":6:13: error[SG031]"}) {
      assertTrue(r.err().contains(ERRORS + where), "missing " + where + " in\n" + r.err());
    }
    assertTrue(r.err().contains("    assert a -> b reachable\n                ^\n"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void verifiesNothingWhenAnyFileHasErrors() {
    Cli r = Cli.run("verify", PROVED, ERRORS);
    assertEquals(2, r.exit());
    assertFalse(r.out().contains("proved"), r.out());
  }

  @Test
  void exitsTwoOnAMissingFileAndOnBadOptions() {
    Cli missing = Cli.run("verify", "no/such/file.sg");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("no/such/file.sg"), missing.err());
    assertEquals(2, Cli.run("verify", "--format", "yaml", PROVED).exit());
    assertEquals(2, Cli.run("verify", "--timeout", "0", PROVED).exit());
    assertEquals(2, Cli.run("verify", "--jobs", "-3", PROVED).exit());
    assertEquals(2, Cli.run("verify").exit());
    assertEquals(2, Cli.run("frobnicate").exit());
  }

  @Test
  void jsonHasTheShapeOfLanguageMd() throws Exception {
    Cli r = Cli.run("verify", "--format", "json", REFUTED);
    assertEquals(1, r.exit());
    JsonNode root = new ObjectMapper().readTree(r.out());
    JsonNode file = root.get("files").get(0);
    assertEquals(REFUTED, file.get("file").asText());
    JsonNode as = file.get("assertions");
    assertEquals(5, as.size());
    JsonNode first = as.get(0);
    assertEquals(11, first.get("line").asInt());
    assertTrue(first.get("label").isNull());
    assertEquals("internet -> web only tcp 80,443", first.get("text").asText());
    assertEquals("proved", first.get("verdict").asText());
    assertTrue(first.get("counterexample").isNull());
    JsonNode last = as.get(4);
    assertEquals("web reaches batch", last.get("label").asText());
    assertEquals("refuted", last.get("verdict").asText());
    JsonNode c = last.get("counterexample");
    assertEquals("tcp", c.get("protocol").asText());
    assertEquals("10.0.0.10", c.get("srcIp").asText());
    assertEquals("10.0.1.21", c.get("dstIp").asText());
    assertEquals(49152, c.get("srcPort").asInt());
    assertEquals(5432, c.get("dstPort").asInt());
    assertEquals("web", c.get("from").asText());
    assertEquals("batch", c.get("to").asText());
    assertEquals(2, c.get("trace").size());
  }

  @Test
  void outputIsTheSameBytesEveryRun() {
    String a = Cli.run("verify", "--format", "json", "--jobs", "2", REFUTED, PROVED).out();
    String b = Cli.run("verify", "--format", "json", "--jobs", "1", REFUTED, PROVED).out();
    assertEquals(a, b);
  }

  @Test
  void dryRunResolvesWithoutVerifying() {
    Cli ok = Cli.run("verify", "--dry-run", REFUTED, PROVED);
    assertEquals(0, ok.exit(), ok.out() + ok.err());
    assertEquals("dry run: 2 files, 7 assertions parsed, resolved and validated; nothing verified\n",
        ok.out());
    Cli bad = Cli.run("verify", "--dry-run", ERRORS);
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("error[SG031]"), bad.err());
  }
}

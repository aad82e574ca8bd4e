package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code sgproof explain SPEC FLOW} (issue 13, item 2). */
class ExplainCommandTest {
  private static final String SPEC = Cli.RESOURCES + "explain/main.sg";
  private static final String NET = Cli.RESOURCES + "explain/net.sg";

  @Test
  void namesTheDecidingRuleAndEveryRuleThatLostWithTheirFileAndLine() {
    Cli r = Cli.run("explain", SPEC, "tcp 10.0.0.10:40000 -> 10.0.1.20:5432");
    assertEquals(0, r.exit(), r.err());
    assertEquals(String.join("\n",
        "tcp 10.0.0.10:40000 -> 10.0.1.20:5432 (web -> db): permitted",
        "  web egress: allow by the default of a basic group (no rule matched)",
        "  db ingress: allow by the rule of group Db at " + NET + ":5 priority 1: ingress allow"
            + " tcp 5432 from group Web",
        "      matched and lost: the rule of group Db at " + NET + ":6 priority 5: ingress deny"
            + " tcp 5432 from 10.0.0.0/8 priority 5 (a higher-priority rule won)",
        "      matched and lost: the rule of group Db at " + NET + ":7 priority 5: ingress allow"
            + " tcp 5432 from 10.0.0.10/32 priority 5 (a higher-priority rule won)",
        ""), r.out());
  }

  @Test
  void explainsAnExternalSourceAndIpv6InJson() throws Exception {
    Cli r = Cli.run("explain", "--format", "json", SPEC,
        "tcp", "[2001:db8::1]:1234", "->", "[2001:db8::20]:5432");
    assertEquals(0, r.exit(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("external", j.get("from").asText());
    assertEquals("db", j.get("to").asText());
    assertEquals(false, j.get("permitted").asBoolean());
    assertEquals(1, j.get("steps").size());
    assertEquals("default", j.get("steps").get(0).get("decidedBy").get("kind").asText());
  }

  @Test
  void saysWhetherAnEndNoNicOwnsIsInTheInternetOrOnlyExternal() throws Exception {
    Cli priv = Cli.run("explain", SPEC, "tcp 10.9.9.9:40000 -> 10.0.0.10:443");
    assertEquals(0, priv.exit(), priv.err());
    assertEquals(String.join("\n",
        "tcp 10.9.9.9:40000 -> 10.0.0.10:443 (external -> web): permitted",
        "  source 10.9.9.9 is in external, not in internet (no NIC owns it; not public address"
            + " space)",
        "  web ingress: allow by the rule of group Web at " + NET + ":2 priority 1: ingress allow"
            + " tcp 443 from 0.0.0.0/0",
        ""), priv.out());
    Cli pub = Cli.run("explain", SPEC, "tcp 10.0.0.10:40000 -> 8.8.8.8:443");
    assertEquals(0, pub.exit(), pub.err());
    assertTrue(pub.out().contains("\n  destination 8.8.8.8 is in internet and external (no NIC owns"
        + " it; public address space)\n"), pub.out());
    Cli json = Cli.run("explain", "--format", "json", SPEC, "tcp 10.9.9.9:40000 -> 10.0.0.10:443");
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertEquals("external", j.get("from").asText());
    assertEquals(false, j.get("fromInternet").asBoolean());
    assertEquals(false, j.get("toInternet").asBoolean());
    JsonNode k = new ObjectMapper().readTree(
        Cli.run("explain", "--format", "json", SPEC, "tcp 1.0.0.0:40000 -> 10.0.0.10:443").out());
    assertEquals("external", k.get("from").asText());
    assertEquals(true, k.get("fromInternet").asBoolean());
  }

  @Test
  void refusesFlowsOutsideTheModel() {
    Cli external = Cli.run("explain", SPEC, "icmp 192.0.2.1 -> 192.0.2.2");
    assertEquals(2, external.exit());
    assertTrue(external.err().contains("is not a flow of the model"), external.err());
    Cli self = Cli.run("explain", SPEC, "tcp [2001:db8::20]:1 -> 10.0.1.20:1");
    assertEquals(2, self.exit());
    assertTrue(self.err().contains("FLOW:1:"), self.err());
    Cli oneNic = Cli.run("explain", SPEC, "udp 10.0.1.20:1 -> 10.0.1.20:2");
    assertEquals(2, oneNic.exit());
    assertTrue(oneNic.err().contains("both addresses belong to NIC db"), oneNic.err());
  }

  @Test
  void pointsACaretAtABadFlowAndEscapesWhatItEchoes() {
    Cli r = Cli.run("explain", SPEC, "tcp 10.0.0.1 -> 10.0.0.2:99999\u001b[2J");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("FLOW:1:26: error: '99999\u001b[2J' is not a port")
        || r.err().contains("FLOW:1:26"), r.err());
    assertTrue(!r.err().substring(r.err().indexOf('\n')).contains("\u001b"), r.err());
  }

  @Test
  void reportsSpecErrorsWithExitTwo() {
    Cli r = Cli.run("explain", Cli.BROKEN, "tcp 10.0.0.1 -> 10.0.0.2:22");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("error[SG"), r.err());
  }
}

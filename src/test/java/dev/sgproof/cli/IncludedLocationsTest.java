package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What comes from an included file is located in that file, in every format: the assertion, the
 * rules of its proof, the rules of its trace, its diagnostics.
 */
class IncludedLocationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NET = String.join("\n",
      "# the network, as imported",
      "group Web basic {",
      "  ingress allow tcp 80 from 0.0.0.0/0",
      "  ingress allow tcp 443 from 10.0.0.1/8",
      "}",
      "group Db basic isolated {",
      "  ingress allow tcp 5432 from group Web",
      "}",
      "instance web ip 10.0.0.10 in Web",
      "instance db ip 10.0.1.20 in Db",
      "instance batch ip 10.0.1.21 in Db",
      "assert \"net leak\": web -> batch unreachable",
      "");
  private static final String MAIN = String.join("\n",
      "include \"net.sg\"",
      "assert \"http\": 203.0.113.0/24 -> web reachable tcp 80",
      "");

  Path dir;
  String main;
  String net;

  @BeforeEach
  void write() throws IOException {
    dir = Cli.workDir();
    Files.writeString(dir.resolve("main.sg"), MAIN);
    Files.writeString(dir.resolve("net.sg"), NET);
    main = dir.resolve("main.sg").toString();
    net = dir.resolve("net.sg").toString();
  }

  @AfterEach
  void cleanUp() {
    Cli.delete(dir);
  }

  @Test
  void textNamesTheIncludedFileForAssertionsProofRulesAndTraceRules() {
    Cli r = Cli.run("verify", "--explain", main);
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("\u2717 refuted  net leak  " + net + ":12\n"), r.out());
    assertTrue(r.out().contains("batch ingress: allow by the rule of group Db at " + net
        + ":7 priority 1: ingress allow tcp 5432 from group Web"), r.out());
    assertTrue(r.out().contains("\u2713 proved   http  " + main + ":2\n"), r.out());
    assertTrue(r.out().contains("    depends on " + net + ":3 group Web: ingress allow tcp 80"
        + " from 0.0.0.0/0\n"), r.out());
    assertTrue(r.err().contains(net + ":4:"), r.err()); // the SG111 warning, with its file
  }

  @Test
  void junitNamesTheIncludedFileInTheFailure() {
    Cli r = Cli.run("verify", "--format", "junit", main);
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains(net + ":12: refuted: web -&gt; batch unreachable")
        || r.out().contains(net + ":12: refuted: web -> batch unreachable"), r.out());
    assertTrue(r.out().contains("group Db at " + net + ":7 priority 1"), r.out());
  }

  @Test
  void sarifLocatesTheRefutationAndTheWarningInTheIncludedFile() throws IOException {
    Cli r = Cli.run("verify", "--format", "sarif", main);
    assertEquals(1, r.exit(), r.err());
    JsonNode results = JSON.readTree(r.out()).path("runs").get(0).path("results");
    assertEquals(2, results.size(), r.out());
    for (JsonNode res : results) {
      JsonNode loc = res.path("locations").get(0).path("physicalLocation");
      assertEquals(net, loc.path("artifactLocation").path("uri").asText());
      int line = loc.path("region").path("startLine").asInt();
      assertEquals(res.path("ruleId").asText().equals("refuted") ? 12 : 4, line, res.toString());
    }
  }

  @Test
  void jsonHasAFileOnEveryAssertionDependencyAndDiagnostic() throws IOException {
    Cli r = Cli.run("verify", "--format", "json", main);
    assertEquals(1, r.exit(), r.err());
    JsonNode file = JSON.readTree(r.out()).path("files").get(0);
    assertEquals(main, file.path("file").asText());
    JsonNode leak = file.path("assertions").get(0);
    assertEquals("net leak", leak.path("label").asText());
    assertEquals(net, leak.path("file").asText());
    assertEquals(12, leak.path("line").asInt());
    JsonNode http = file.path("assertions").get(1);
    assertEquals(main, http.path("file").asText());
    assertEquals(2, http.path("line").asInt());
    JsonNode dep = http.path("dependsOn").get(0);
    assertEquals(net, dep.path("file").asText());
    assertEquals(3, dep.path("line").asInt());
    JsonNode warning = file.path("diagnostics").get(0);
    assertEquals("SG111", warning.path("code").asText());
    assertEquals(net, warning.path("file").asText());
    assertEquals(4, warning.path("line").asInt());
  }

  @Test
  void theProofRecordNamesTheIncludedFile() throws IOException {
    Path proofs = dir.resolve("proofs");
    Cli r = Cli.run("verify", "--proofs", proofs.toString(), main);
    assertEquals(1, r.exit(), r.err());
    JsonNode rec = JSON.readTree(Files.readString(proofs.resolve(dir).resolve("main.proof.json")));
    String relNet = net.replace('\\', '/');
    assertEquals(relNet, rec.path("assertions").get(0).path("file").asText());
    JsonNode dep = rec.path("assertions").get(1).path("dependsOn").get(0);
    assertEquals(relNet, dep.path("file").asText());
    assertEquals(3, dep.path("line").asInt());
  }

  @Test
  void aDuplicateDeclarationNamesTheFileOfTheFirst() throws IOException {
    Files.writeString(dir.resolve("main.sg"), MAIN + "group Web basic {\n}\n");
    Cli r = Cli.run("verify", main);
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(main + ":3:7: error[SG033]: group Web is already declared at "
        + net + ":2"), r.err());
  }
}

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The violation boxes of refuted assertions as verify prints them (language.md, "Violations"). */
class VerifyViolationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC = """
      group Web basic {
        ingress allow tcp 80,443 from 0.0.0.0/0
        ingress allow udp 53 from 10.0.0.0/8
        ingress deny tcp 443 from 192.168.0.0/16 priority 1
      }
      instance web ip 10.0.0.10 in Web
      instance api ip 10.0.0.11 in Web
      assert "web is closed": 0.0.0.0/0 -> web unreachable
      assert 10.1.0.0/16 -> web reachable tcp 80
      """;

  private Path dir;
  private String spec;

  @BeforeEach
  void write() throws Exception {
    dir = Cli.workDir();
    spec = dir.resolve("boxes.sg").toString();
    Files.writeString(Path.of(spec), SPEC);
  }

  @AfterEach
  void delete() {
    Cli.delete(dir);
  }

  private JsonNode json(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("verify", "--format", "json"));
    args.addAll(List.of(extra));
    args.add(spec);
    Cli r = Cli.run(args.toArray(String[]::new));
    assertEquals(1, r.exit(), r.err());
    return JSON.readTree(r.out());
  }

  private static JsonNode refuted(JsonNode root) {
    for (JsonNode a : root.get("files").get(0).get("assertions")) {
      if (a.get("verdict").asText().equals("refuted")) {
        return a;
      }
    }
    throw new AssertionError("no refuted assertion in " + root);
  }

  /** A box as the text report writes it, from its JSON. */
  private static String text(JsonNode b) {
    return b.toString();
  }

  @Test
  void jsonListsEveryBoxUpToTheCapWithTheTotal() throws Exception {
    JsonNode v = refuted(json()).get("violations");
    long total = v.get("total").asLong();
    assertTrue(total > 3, "the spec should need more than three boxes: " + v);
    assertEquals(Math.min(total, 100), v.get("boxes").size());
    assertEquals(total > 100, v.get("truncated").asBoolean());
    for (JsonNode b : v.get("boxes")) {
      assertTrue(b.get("permitted").asBoolean(), "unreachable is broken only by permitted flows: " + b);
    }
    JsonNode capped = refuted(json("--max-boxes", "2")).get("violations");
    assertEquals(2, capped.get("boxes").size());
    assertEquals(total, capped.get("total").asLong());
    assertTrue(capped.get("truncated").asBoolean());
    assertEquals(v.get("boxes").get(0), capped.get("boxes").get(0));
    assertEquals(v.get("boxes").get(1), capped.get("boxes").get(1));
  }

  @Test
  void maxBoxesZeroLeavesViolationsOut() throws Exception {
    JsonNode a = refuted(json("--max-boxes", "0"));
    assertFalse(a.has("violations"), a.toString());
    assertTrue(a.get("counterexample").isObject(), a.toString());
  }

  @Test
  void everyEngineListsTheSameBoxes() throws Exception {
    JsonNode auto = refuted(json("--engine", "auto")).get("violations");
    assertEquals(auto, refuted(json("--engine", "exhaustive")).get("violations"));
    assertEquals(auto, refuted(json("--engine", "smt")).get("violations"));
  }

  @Test
  void textShowsTheFirstThreeBoxesAndHowManyMore() throws Exception {
    JsonNode v = refuted(json()).get("violations");
    long total = v.get("total").asLong();
    Cli r = Cli.run("verify", spec);
    assertEquals(1, r.exit());
    List<String> lines = r.out().lines().filter(l -> l.startsWith("    ")).toList();
    int first = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("    violations:     ")) {
        first = i;
      }
    }
    assertTrue(first >= 0, r.out());
    for (int i = 0; i < 3; i++) {
      String line = lines.get(first + i).substring("    violations:     ".length());
      JsonNode b = v.get("boxes").get(i);
      String protocol = b.get("protocol").get(0).asText();
      assertTrue(line.endsWith(" (permitted)"), line);
      assertTrue(line.contains(b.get("src").get(0).asText()) && line.contains(b.get("dst").get(0).asText()),
          line + " vs " + text(b));
      assertTrue(line.startsWith(protocol.equals("6") ? "tcp " : protocol.equals("17") ? "udp " : ""),
          line + " vs " + text(b));
    }
    assertEquals(" ".repeat(20) + "and " + (total - 3) + " more ranges", lines.get(first + 3));
  }

  @Test
  void quietLeavesTheRangesOutAndTextIsTheSameWhateverElseIsWritten() throws Exception {
    Cli quiet = Cli.run("verify", "--quiet", spec);
    assertEquals(1, quiet.exit());
    assertFalse(quiet.out().contains("violations:"), quiet.out());
    assertTrue(quiet.out().contains("counterexample:"), quiet.out());

    Cli plain = Cli.run("verify", spec);
    Path out = dir.resolve("r.json");
    Cli both = Cli.run("verify", "--format", "text", "--format", "json", "--output", out.toString(),
        spec);
    assertEquals(plain.out(), both.out());
    Cli quietBoth = Cli.run("verify", "--quiet", "--format", "text", "--format", "json", "--output",
        out.toString(), spec);
    assertEquals(quiet.out(), quietBoth.out());
    assertTrue(JSON.readTree(Files.readString(out)).toString().contains("\"violations\""));
  }

  @Test
  void aProvedAssertionHasNoViolationsButNamesTheRulesThatDecideIt() throws Exception {
    JsonNode root = json();
    for (JsonNode a : root.get("files").get(0).get("assertions")) {
      if (a.get("verdict").asText().equals("proved")) {
        assertFalse(a.has("violations") && !a.get("violations").isNull(), a.toString());
        assertTrue(a.get("decidedBy").size() > 0, a.toString());
      }
    }
  }
}

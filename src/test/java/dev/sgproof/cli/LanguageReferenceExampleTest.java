package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.PublicSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of the language reference (docs/language.md) has the verdicts its comments give,
 * with every engine; a counterexample from {@code internet} has a public source address, and JSON
 * names it {@code external}.
 */
class LanguageReferenceExampleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERDICT = Pattern.compile("#\\s*(proved|refuted)\\b");

  @Test
  void everyAssertionHasTheVerdictItsCommentGives(@TempDir Path dir) throws IOException {
    String doc = Files.readString(Path.of("docs/language.md"));
    String start = "## Example\n\n```\n";
    int from = doc.indexOf(start);
    assertTrue(from >= 0, "docs/language.md has an example");
    from += start.length();
    String spec = doc.substring(from, doc.indexOf("```", from));
    TreeMap<Integer, String> expected = new TreeMap<>();
    String[] lines = spec.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = VERDICT.matcher(lines[i]);
      if (lines[i].startsWith("assert") && m.find()) {
        expected.put(i + 1, m.group(1));
      }
    }
    assertEquals(7, expected.size(), "every assertion of the example says its verdict");
    Path file = dir.resolve("example.sg");
    Files.writeString(file, spec);
    for (String engine : new String[] {"auto", "smt", "exhaustive"}) {
      Cli r = Cli.run("verify", "--engine", engine, "--format", "json", file.toString());
      assertEquals(1, r.exit(), r.err());
      TreeMap<Integer, String> actual = new TreeMap<>();
      int fromInternet = 0;
      for (JsonNode a : JSON.readTree(r.out()).path("files").get(0).path("assertions")) {
        actual.put(a.path("line").asInt(), a.path("verdict").asText());
        JsonNode cx = a.path("counterexample");
        if (a.path("text").asText().startsWith("internet ->") && cx.isObject()) {
          fromInternet++;
          assertTrue(PublicSpace.contains(IpAddress.of(cx.path("srcIp").asText())),
              engine + ": " + cx);
          assertEquals("external", cx.path("from").asText(), engine);
        }
      }
      assertEquals(expected, actual, engine);
      assertTrue(fromInternet >= 2, engine + ": counterexamples from the internet");
    }
  }
}

package dev.sgproof.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Network;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code verify --format json} is streamed, with each rule of dependsOn and decidedBy serialized
 * once and copied: the bytes must be those of the one way sgproof prints JSON ({@link
 * Json#render}) for the same document, on generated specs of several files with every kind of
 * field (labels, counterexamples, violations, dependsOn, decidedBy, the same rule under many
 * assertions), and a file output's UTF-8 bytes ({@link JsonReport#write}) are that string's.
 */
class JsonReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void theStreamedDocumentIsWhatJsonRenderPrintsForIt() throws Exception {
    long base = Property.baseSeed(0x150AL);
    EngineOptions options = EngineOptions.of(EngineChoice.auto).withDependsOn(true)
        .withSteps(true).withMaxBoxes(5).withDecidedBy(true);
    TreeMap<String, Integer> seen = new TreeMap<>();
    try (Engines engines = new Engines(1)) {
      for (int i = 0; i < 40; i++) {
        long seed = base + i;
        List<FileResult> files = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
          Gen g = new Gen(seed * 2 + f);
          Network n = new NetworkGen(f == 0 ? GenConfig.small() : GenConfig.medium()).network(g);
          // Every other run, names beyond ASCII (two, three and four bytes in UTF-8).
          String name = "f" + f + (i % 2 == 1 ? "-\u00e9\u4e2d\uD83D\uDE00" : "") + ".sg";
          Spec spec = new Spec(name, n, AssertionGen.assertions(g, n, 6));
          List<AssertionResult> results = engines.verify(spec, options, r -> {});
          files.add(new FileResult(name, List.of(), Optional.of(n), results));
        }
        String streamed = new JsonReport().render(files);
        JsonNode tree = MAPPER.readTree(streamed);
        assertEquals(Json.render((ObjectNode) tree), streamed, "seed " + seed);
        // A file output streams the same document as UTF-8 bytes.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        new JsonReport().write(files, bytes);
        org.junit.jupiter.api.Assertions.assertArrayEquals(
            streamed.getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes.toByteArray(),
            "seed " + seed);
        for (JsonNode file : tree.get("files")) {
          for (JsonNode a : file.get("assertions")) {
            count(seen, a, "decidedBy");
            count(seen, a, "dependsOn");
            count(seen, a, "violations");
            if (!a.get("counterexample").isNull()) {
              seen.merge("counterexample", 1, Integer::sum);
            }
          }
        }
      }
    }
    System.out.println("JsonReportTest: " + seen);
    assertTrue(seen.getOrDefault("decidedBy", 0) > 100, seen.toString());
    assertTrue(seen.getOrDefault("dependsOn", 0) >= 5, seen.toString());
    assertTrue(seen.getOrDefault("violations", 0) > 50, seen.toString());
    assertTrue(seen.getOrDefault("counterexample", 0) > 50, seen.toString());
  }

  /** Counts assertions with a non-empty array or object under {@code field}. */
  private static void count(TreeMap<String, Integer> seen, JsonNode a, String field) {
    JsonNode x = a.get(field);
    if (x != null && x.size() > 0) {
      seen.merge(field, 1, Integer::sum);
    }
  }
}

package dev.sgproof.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.diag.SourceSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 runs as {@link SarifReport} writes them (one run of the tool {@code sgproof}, rules
 * sorted by id, results in the order added, each located at a line and column of a spec), for the
 * reports of other commands.
 */
final class Sarif {
  private final String version;
  private final TreeMap<String, ObjectNode> rules = new TreeMap<>();
  private final List<ObjectNode> results = new ArrayList<>();

  /** @param version the sgproof version, for {@code tool.driver.version} */
  Sarif(String version) {
    this.version = version;
  }

  /** Declares a rule (once; later declarations of the same id are ignored). */
  void rule(String id, String text, String level) {
    rules.computeIfAbsent(id, k -> {
      ObjectNode r = Json.object();
      r.put("id", id);
      r.putObject("shortDescription").put("text", text);
      r.putObject("defaultConfiguration").put("level", level);
      return r;
    });
  }

  /** A result of a declared rule at the span (the whole line when the span has no length). */
  ObjectNode result(String ruleId, String level, String message, SourceSpan span) {
    ObjectNode r = Json.object();
    r.put("ruleId", ruleId);
    r.put("level", level);
    r.putObject("message").put("text", message);
    ObjectNode loc = r.putArray("locations").addObject().putObject("physicalLocation");
    loc.putObject("artifactLocation").put("uri", SarifReport.uri(span.file()));
    ObjectNode region = loc.putObject("region");
    region.put("startLine", Math.max(1, span.line()));
    region.put("startColumn", Math.max(1, span.column()));
    if (span.length() > 0) {
      region.put("endColumn", span.column() + span.length());
    }
    results.add(r);
    return r;
  }

  String render() {
    ObjectNode root = Json.object();
    root.put("$schema", SarifReport.SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "sgproof");
    driver.put("version", version);
    driver.put("informationUri", "https://github.com/sgproof/sgproof");
    ArrayNode ruleArray = driver.putArray("rules");
    List<String> ids = new ArrayList<>(rules.keySet());
    for (Map.Entry<String, ObjectNode> e : rules.entrySet()) {
      ruleArray.add(e.getValue());
    }
    ArrayNode resultArray = run.putArray("results");
    for (ObjectNode r : results) {
      r.put("ruleIndex", ids.indexOf(r.get("ruleId").asText()));
      resultArray.add(r);
    }
    run.put("columnKind", "utf16CodeUnits");
    return Json.render(root);
  }
}

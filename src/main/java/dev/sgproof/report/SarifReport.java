package dev.sgproof.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Assertion;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 for code-scanning annotations: one run of the tool {@code sgproof} whose rules are
 * the diagnostic codes that occur plus {@code refuted} and {@code unknown}; one result per
 * diagnostic and per refuted or unknown assertion, located at its line and column in the spec.
 * Proved assertions are not results (nothing to annotate). Deterministic: rules sorted by id,
 * results in file order (diagnostics, then assertions).
 */
public final class SarifReport {
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String REFUTED = "refuted";
  static final String UNKNOWN = "unknown";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String version;

  /** @param version the sgproof version, for {@code tool.driver.version} */
  public SarifReport(String version) {
    this.version = version;
  }

  public String render(List<FileResult> files) {
    TreeMap<String, ObjectNode> rules = new TreeMap<>();
    List<ObjectNode> results = new ArrayList<>();
    for (FileResult f : files) {
      for (Diagnostic d : f.diagnostics()) {
        rules.computeIfAbsent(d.code().id(), id -> diagnosticRule(d.code()));
        results.add(result(d.code().id(), d.isError() ? "error" : "warning",
            d.code().id() + ": " + d.message(), d.span()));
      }
      for (AssertionResult r : f.results()) {
        Assertion a = r.assertion();
        String name = a.hasLabel() ? a.label() + " (" + a.text() + ")" : a.text();
        if (r.verdict() instanceof Verdict.Refuted ref) {
          rules.computeIfAbsent(REFUTED, id -> verdictRule(id,
              "An assertion is refuted: a counterexample flow contradicts it."));
          results.add(result(REFUTED, "error", "refuted: " + name + "; counterexample: "
              + Counterexamples.describe(f.network().orElseThrow(), ref.counterexample())
              + "; " + String.join("; ", r.decision().orElseThrow().trace()), a.span()));
        } else if (r.verdict() instanceof Verdict.Unknown u) {
          rules.computeIfAbsent(UNKNOWN, id -> verdictRule(id,
              "An assertion is neither proved nor refuted (the solver gave up)."));
          results.add(result(UNKNOWN, "warning", "unknown: " + name + "; " + u.reason(), a.span()));
        }
      }
    }
    ObjectNode root = MAPPER.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "sgproof");
    driver.put("version", version);
    driver.put("informationUri", "https://github.com/sgproof/sgproof");
    ArrayNode ruleArray = driver.putArray("rules");
    List<String> ids = new ArrayList<>(rules.keySet());
    rules.values().forEach(ruleArray::add);
    ArrayNode resultArray = run.putArray("results");
    for (ObjectNode r : results) {
      r.put("ruleIndex", ids.indexOf(r.get("ruleId").asText()));
      resultArray.add(r);
    }
    run.put("columnKind", "utf16CodeUnits");
    return Json.render(root);
  }

  private static ObjectNode diagnosticRule(DiagnosticCode c) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("id", c.id());
    r.putObject("shortDescription").put("text", c.summary());
    r.putObject("defaultConfiguration").put("level", c.id().startsWith("SG1") ? "warning" : "error");
    return r;
  }

  private static ObjectNode verdictRule(String id, String text) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("id", id);
    r.putObject("shortDescription").put("text", text);
    r.putObject("defaultConfiguration").put("level", id.equals(REFUTED) ? "error" : "warning");
    return r;
  }

  private static ObjectNode result(String ruleId, String level, String message, SourceSpan span) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("ruleId", ruleId);
    r.put("level", level);
    r.putObject("message").put("text", message);
    ObjectNode loc = r.putArray("locations").addObject().putObject("physicalLocation");
    loc.putObject("artifactLocation").put("uri", uri(span.file()));
    ObjectNode region = loc.putObject("region");
    region.put("startLine", span.line());
    region.put("startColumn", span.column());
    if (span.length() > 0) {
      region.put("endColumn", span.column() + span.length());
    }
    return r;
  }

  /**
   * The spec path as a URI reference: relative paths stay relative (code scanning resolves them
   * against the repository root), absolute ones become {@code file:} URIs; forward slashes, and
   * characters outside the URI set %-encoded.
   */
  static String uri(String path) {
    String p = path.replace('\\', '/');
    if (java.nio.file.Path.of(path).isAbsolute()) {
      return "file://" + (p.startsWith("/") ? "" : "/") + encode(p);
    }
    return encode(p);
  }

  private static String encode(String p) {
    StringBuilder b = new StringBuilder();
    for (byte x : p.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }
}

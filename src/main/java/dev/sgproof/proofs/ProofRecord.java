package dev.sgproof.proofs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Verdict;
import dev.sgproof.report.Json;
import dev.sgproof.report.JsonReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The recorded proof of one spec file ({@code DIR/specs/x.proof.json} for {@code specs/x.sg}):
 * SHA-256 digests of the spec text and of every included file, the sgproof and Z3 versions, and
 * per assertion its file and line, label, text, verdict, counterexample (flow fields) and {@code
 * dependsOn} (group, file, line, rule). Files are named relative to the current directory. Object
 * keys are sorted and there is no timestamp, so the same results give the same bytes.
 */
public final class ProofRecord {
  static final ObjectMapper MAPPER = new ObjectMapper();
  public static final String SUFFIX = ".proof.json";

  private ProofRecord() {}

  /**
   * The spec's path relative to the current directory, '/' separated and normalised
   * ({@code specs/x.sg}), or empty when the spec lies outside the current directory.
   */
  public static Optional<String> relative(Path spec) {
    Path base = Path.of("").toAbsolutePath().normalize();
    Path p = spec.toAbsolutePath().normalize();
    if (!p.startsWith(base) || p.equals(base)) {
      return Optional.empty();
    }
    return Optional.of(base.relativize(p).toString().replace('\\', '/'));
  }

  /**
   * The record file of a spec inside the current directory: its path relative to the current
   * directory, without the last extension, under {@code dir} ({@code specs/x.sg} ->
   * {@code dir/specs/x.proof.json}), so that specs of the same name in different folders have
   * different records.
   *
   * @throws IllegalArgumentException when the spec lies outside the current directory
   */
  public static Path path(Path dir, Path spec) {
    return dir.resolve(withoutExtension(spec) + SUFFIX);
  }

  /**
   * The spec's path relative to the current directory without its last extension ({@code
   * specs/x.sg} -> {@code specs/x}): where its record and its SMT-LIB files go under their
   * directories.
   *
   * @throws IllegalArgumentException when the spec lies outside the current directory
   */
  public static String withoutExtension(Path spec) {
    String rel = relative(spec).orElseThrow(() -> new IllegalArgumentException(
        spec + " lies outside the current directory"));
    int slash = rel.lastIndexOf('/');
    int dot = rel.lastIndexOf('.');
    return dot > slash + 1 ? rel.substring(0, dot) : rel;
  }

  /** A file name as the spans have it, relative to the current directory ('/' separated). */
  static String place(String file) {
    try {
      Path base = Path.of("").toAbsolutePath().normalize();
      return base.relativize(Path.of(file).toAbsolutePath().normalize()).toString()
          .replace('\\', '/');
    } catch (RuntimeException e) {
      return file;
    }
  }

  /**
   * The record of one verified spec.
   *
   * @param spec the spec file as given on the command line
   * @param sources the texts read for it (the spec and its includes) by name
   */
  public static ObjectNode of(
      Path spec, Map<String, SourceText> sources, Network network, List<AssertionResult> results,
      String sgproofVersion, String z3Version) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("file", place(spec.toString()));
    TreeMap<String, String> digests = digests(spec, sources);
    root.put("digest", combined(digests));
    ObjectNode src = root.putObject("sources");
    digests.forEach(src::put);
    root.put("sgproofVersion", sgproofVersion);
    root.put("z3Version", z3Version);
    ArrayNode as = root.putArray("assertions");
    for (AssertionResult r : results) {
      as.add(assertion(network, r));
    }
    return sorted(root);
  }

  /** Digest of each source, keyed by its path relative to the spec's directory ('/' separated). */
  static TreeMap<String, String> digests(Path spec, Map<String, SourceText> sources) {
    Path base = spec.toAbsolutePath().normalize().getParent();
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, SourceText> e : sources.entrySet()) {
      Path p = Path.of(e.getKey()).toAbsolutePath().normalize();
      String key = base == null ? p.toString() : base.relativize(p).toString();
      out.put(key.replace('\\', '/'), sha256(e.getValue().text()));
    }
    return out;
  }

  static String combined(TreeMap<String, String> digests) {
    StringBuilder b = new StringBuilder();
    digests.forEach((k, v) -> b.append(k).append('\0').append(v).append('\n'));
    return sha256(b.toString());
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return "sha256:" + HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What names an assertion in a record before it is checked: its file, line, label and text (for
   * matching a shard's share against a whole record).
   */
  public static ObjectNode identity(Assertion a) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("file", place(a.span().file()));
    o.put("line", a.line());
    if (a.hasLabel()) {
      o.put("label", a.label());
    } else {
      o.putNull("label");
    }
    o.put("text", a.text());
    return o;
  }

  static ObjectNode assertion(Network n, AssertionResult r) {
    Assertion a = r.assertion();
    ObjectNode o = MAPPER.createObjectNode();
    o.put("file", place(a.span().file()));
    o.put("line", a.line());
    if (a.hasLabel()) {
      o.put("label", a.label());
    } else {
      o.putNull("label");
    }
    o.put("text", a.text());
    Verdict v = r.verdict();
    o.put("verdict", v.word());
    if (v instanceof Verdict.Refuted ref) {
      o.set("counterexample", flow(n, ref.counterexample()));
    } else {
      o.putNull("counterexample");
    }
    ArrayNode deps = o.putArray("dependsOn");
    if (v instanceof Verdict.Proved p) {
      for (Rule rule : p.dependsOn()) {
        ObjectNode d = deps.addObject();
        d.put("group", rule.group());
        d.put("file", place(rule.span().file()));
        d.put("line", rule.line());
        d.put("rule", rule.text());
      }
    }
    return o;
  }

  private static ObjectNode flow(Network n, Flow f) {
    ObjectNode c = MAPPER.createObjectNode();
    JsonReport.flowFields(c, n, f);
    return c;
  }

  /** A copy with the keys of every object in sorted order (arrays keep their order). */
  static <T extends JsonNode> T sorted(T node) {
    if (node instanceof ObjectNode o) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.put(e.getKey(), sorted(e.getValue()));
      }
      ObjectNode out = MAPPER.createObjectNode();
      fields.forEach(out::set);
      @SuppressWarnings("unchecked")
      T t = (T) out;
      return t;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = MAPPER.createArrayNode();
      a.forEach(x -> out.add(sorted(x)));
      @SuppressWarnings("unchecked")
      T t = (T) out;
      return t;
    }
    return node;
  }

  public static String render(ObjectNode record) {
    return Json.render(sorted(record));
  }

  public static ObjectNode parse(String text) throws JsonProcessingException {
    JsonNode n = MAPPER.readTree(text);
    if (!(n instanceof ObjectNode o)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return o;
  }
}

package dev.sgproof.shard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where each format carries the shard header, and reading it back. */
final class ShardFormats {
  /** The top-level field of a JSON report and of a proof record. */
  static final String JSON_FIELD = "shard";
  /** The property of the SARIF run. */
  static final String SARIF_PROPERTY = "sgproofShard";
  /** Opens the XML comment of a JUnit report, before {@code <testsuites>}. */
  static final String JUNIT_COMMENT = "<!-- sgproof shard ";
  private static final String JUNIT_END = " -->\n";

  /** Reads numbers exactly (a float never appears today; one would keep its digits). */
  private static final ObjectMapper READER = JsonMapper.builder()
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  /** Compact, ASCII only: the header inside an XML comment. */
  private static final ObjectMapper ASCII = JsonMapper.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .build();

  private ShardFormats() {}

  /** Parses JSON text that sgproof wrote (a report, a SARIF log, a record). */
  static ObjectNode parseObject(String text) {
    try {
      JsonNode n = READER.readTree(text);
      if (n instanceof ObjectNode o) {
        return o;
      }
      throw new IllegalArgumentException("not a JSON object");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The JUnit report with its header as a comment line before {@code <testsuites>}: {@code <!--
   * sgproof shard 2/4 {...} -->}, the header's JSON in ASCII with every '-' written {@code
   * \u002d} (JSON outside strings has none here), so that no "--" can end the comment early.
   */
  static String withJUnitHeader(String junit, ShardHeader h) {
    int at = junit.indexOf("<testsuites");
    if (at < 0) {
      throw new IllegalStateException("a JUnit report without <testsuites>");
    }
    String json;
    try {
      json = ASCII.writeValueAsString(h.toJson()).replace("-", "\\u002d");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return junit.substring(0, at) + JUNIT_COMMENT + h.shard() + " " + json + JUNIT_END
        + junit.substring(at);
  }

  /** A JUnit report split into its header's JSON and the report as an unsharded run writes it. */
  record JUnitParts(ObjectNode header, String report) {}

  /** Null when the text carries no shard comment. */
  static JUnitParts splitJUnit(String text) {
    int at = text.indexOf(JUNIT_COMMENT);
    int suites = text.indexOf("<testsuites");
    if (at < 0 || (suites >= 0 && suites < at)) {
      return null;
    }
    int end = text.indexOf(JUNIT_END, at);
    int brace = text.indexOf('{', at);
    if (end < 0 || brace < 0 || brace > end) {
      return null;
    }
    ObjectNode header = parseObject(text.substring(brace, end));
    return new JUnitParts(header, text.substring(0, at) + text.substring(end + JUNIT_END.length()));
  }
}

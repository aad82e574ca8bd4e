package dev.sgproof.imports;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parses JSON text into a {@link JsonAt}; syntax errors name the file, path, line and column. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonAt parse(String file, String text) {
    if (text.isBlank()) {
      throw new ImportException(file, "$", "the file is empty (expected JSON)");
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      return JsonAt.root(file, node);
    } catch (JsonProcessingException e) {
      String path = "$";
      if (e.getProcessor() instanceof JsonParser p) {
        path = path(p.getParsingContext());
      }
      JsonLocation l = e.getLocation();
      String where = l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
      String msg = e.getOriginalMessage();
      if (msg != null && msg.startsWith("Unexpected end-of-input")) {
        msg = "the JSON ends early (truncated?)";
      }
      throw new ImportException(file, path, "invalid JSON" + where + ": " + firstLine(msg));
    }
  }

  private static String path(JsonStreamContext c) {
    StringBuilder b = new StringBuilder();
    for (JsonStreamContext x = c; x != null && !x.inRoot(); x = x.getParent()) {
      if (x.inArray()) {
        b.insert(0, "[" + Math.max(0, x.getCurrentIndex()) + "]");
      } else if (x.inObject() && x.getCurrentName() != null) {
        b.insert(0, "." + x.getCurrentName());
      }
    }
    return "$" + b;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

package dev.sgproof.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON value with the file it came from and its path ({@code $.a.b[3]}), so that every error and
 * warning names where it is. A missing field, JSON null and the empty string all read as absent
 * (the API sends {@code ""} for unused fields).
 */
final class JsonAt {
  final String file;
  final String path;
  private final JsonNode node;

  JsonAt(String file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  static JsonAt root(String file, JsonNode node) {
    return new JsonAt(file, "$", node);
  }

  JsonNode node() {
    return node;
  }

  JsonAt get(String field) {
    JsonNode child = node != null && node.isObject() ? node.get(field) : null;
    return new JsonAt(file, path + "." + field, child);
  }

  /** Follows several fields: {@code at("SecurityGroupIds", "SecurityGroupId")}. */
  JsonAt at(String... fields) {
    JsonAt j = this;
    for (String f : fields) {
      j = j.get(f);
    }
    return j;
  }

  boolean isAbsent() {
    return node == null
        || node.isNull()
        || node.isMissingNode()
        || (node.isTextual() && node.asText().isBlank());
  }

  boolean isPresent() {
    return !isAbsent();
  }

  boolean isObject() {
    return node != null && node.isObject();
  }

  boolean has(String field) {
    return get(field).isPresent();
  }

  ImportException error(String reason) {
    return new ImportException(file, path, reason);
  }

  ImportWarning warning(String message) {
    return new ImportWarning(file, path, message);
  }

  /** A string (numbers and booleans are accepted as their text); empty when absent. */
  Optional<String> text() {
    if (isAbsent()) {
      return Optional.empty();
    }
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      return Optional.of(node.asText().trim());
    }
    throw error("expected a string, found " + kind());
  }

  String requireText() {
    return text().orElseThrow(() -> error("is missing"));
  }

  /** An integer, written as a JSON number or as a string of digits. */
  Optional<Integer> integer() {
    if (isAbsent()) {
      return Optional.empty();
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return Optional.of(node.asInt());
    }
    if (node.isTextual()) {
      String t = node.asText().trim();
      if (t.matches("[+-]?[0-9]{1,9}")) {
        return Optional.of(Integer.parseInt(t));
      }
      throw error("\"" + t + "\" is not an integer");
    }
    throw error("expected an integer, found " + kind());
  }

  Optional<Boolean> bool() {
    if (isAbsent()) {
      return Optional.empty();
    }
    if (node.isBoolean()) {
      return Optional.of(node.asBoolean());
    }
    if (node.isTextual() && node.asText().trim().matches("(?i)true|false")) {
      return Optional.of(Boolean.parseBoolean(node.asText().trim()));
    }
    throw error("expected a boolean, found " + kind());
  }

  /** The elements of an array; none when absent. */
  List<JsonAt> elements() {
    List<JsonAt> out = new ArrayList<>();
    if (isAbsent()) {
      return out;
    }
    if (!node.isArray()) {
      throw error("expected an array, found " + kind());
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(new JsonAt(file, path + "[" + i + "]", node.get(i)));
    }
    return out;
  }

  /** The strings of an array of strings; none when absent. */
  List<String> strings() {
    List<String> out = new ArrayList<>();
    for (JsonAt e : elements()) {
      e.text().ifPresent(out::add);
    }
    return out;
  }

  void requireObject() {
    if (!isObject()) {
      throw isAbsent() ? error("is missing") : error("expected an object, found " + kind());
    }
  }

  String kind() {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    } else if (node.isObject()) {
      return "an object";
    } else if (node.isArray()) {
      return "an array";
    } else if (node.isTextual()) {
      return "a string";
    } else if (node.isNumber()) {
      return "a number";
    } else if (node.isBoolean()) {
      return "a boolean";
    }
    return "null";
  }
}

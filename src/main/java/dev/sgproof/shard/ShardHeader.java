package dev.sgproof.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.report.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What each output of {@code verify --shard K/N} carries so that {@code sgproof merge} can put the
 * shards together, and refuse to when they do not belong together: K and N, a digest of the
 * inputs (the FILE names and the text of every file read), the sgproof version, per FILE its
 * number of assertions and the places of those this shard verified, and the shard's counts.
 *
 * <pre>
 * {"index": 2, "count": 4, "inputs": "sha256:...", "sgproofVersion": "0.1.0",
 *  "files": [{"file": "specs/a.sg", "assertions": 18, "share": [0, 5, 9]}],
 *  "summary": {"proved": 2, "refuted": 1, "unknown": 0, "errors": 0}}
 * </pre>
 */
public record ShardHeader(
    int index, int count, String inputs, String version, List<FileShare> files,
    int proved, int refuted, int unknown, int errors) {

  /** One FILE of the run: its assertions in all, and the places of this shard's. */
  public record FileShare(String file, int assertions, List<Integer> share) {
    public FileShare {
      share = List.copyOf(share);
    }
  }

  public ShardHeader {
    files = List.copyOf(files);
  }

  /** K/N. */
  public String shard() {
    return index + "/" + count;
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("index", index);
    o.put("count", count);
    o.put("inputs", inputs);
    o.put("sgproofVersion", version);
    ArrayNode fs = o.putArray("files");
    for (FileShare f : files) {
      ObjectNode fo = fs.addObject();
      fo.put("file", f.file());
      fo.put("assertions", f.assertions());
      ArrayNode s = fo.putArray("share");
      f.share().forEach(s::add);
    }
    ObjectNode s = o.putObject("summary");
    s.put("proved", proved);
    s.put("refuted", refuted);
    s.put("unknown", unknown);
    s.put("errors", errors);
    return o;
  }

  /**
   * Reads a header written by {@link #toJson}.
   *
   * @param where the file it is read from, for the message
   * @throws MergeException when it is not a well-formed header
   */
  public static ShardHeader fromJson(JsonNode o, String where) throws MergeException {
    if (!(o instanceof ObjectNode)) {
      throw new MergeException(where + ": the shard header is not a JSON object");
    }
    int index = number(o, "index", where);
    int count = number(o, "count", where);
    if (count < 1 || count > Shard.MAX || index < 1 || index > count) {
      throw new MergeException(where + ": the shard header names shard " + index + "/" + count);
    }
    List<FileShare> files = new ArrayList<>();
    if (!o.path("files").isArray()) {
      throw new MergeException(where + ": the shard header has no list of files");
    }
    for (JsonNode f : o.path("files")) {
      int total = number(f, "assertions", where);
      List<Integer> share = new ArrayList<>();
      int last = -1;
      for (JsonNode i : f.path("share")) {
        if (!i.canConvertToInt() || !i.isIntegralNumber() || i.intValue() <= last
            || i.intValue() >= total) {
          throw new MergeException(where + ": the shard header's share of "
              + f.path("file").asText() + " is not a rising list of places below " + total);
        }
        last = i.intValue();
        share.add(last);
      }
      if (!f.path("file").isTextual() || !f.path("share").isArray()) {
        throw new MergeException(where + ": a file of the shard header lacks its name or share");
      }
      files.add(new FileShare(f.path("file").asText(), total, share));
    }
    JsonNode s = o.path("summary");
    return new ShardHeader(index, count, text(o, "inputs", where), text(o, "sgproofVersion", where),
        files, number(s, "proved", where), number(s, "refuted", where), number(s, "unknown", where),
        number(s, "errors", where));
  }

  private static int number(JsonNode o, String field, String where) throws MergeException {
    JsonNode n = o.path(field);
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
      throw new MergeException(where + ": the shard header has no number '" + field + "'");
    }
    return n.intValue();
  }

  private static String text(JsonNode o, String field, String where) throws MergeException {
    JsonNode n = o.path(field);
    if (!n.isTextual()) {
      throw new MergeException(where + ": the shard header has no '" + field + "'");
    }
    return n.asText();
  }
}

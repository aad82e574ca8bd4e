package dev.sgproof.proofs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares a fresh proof record with the recorded one and says, one readable line per difference,
 * what changed: a missing record, a stale digest (the spec or an included file changed), and per
 * assertion (matched by line) its text, verdict, counterexample or dependencies. The versions of
 * sgproof and Z3 are informative and never a difference by themselves.
 */
public final class ProofCheck {
  private ProofCheck() {}

  /**
   * @param file the spec as named in messages
   * @param recorded the record read from disk, or empty when there is none
   * @param fresh the record of this run
   * @return the differences, empty when the record is current
   */
  public static List<String> differences(
      String file, Optional<ObjectNode> recorded, ObjectNode fresh) {
    List<String> out = new ArrayList<>();
    if (recorded.isEmpty()) {
      for (JsonNode a : fresh.path("assertions")) {
        out.add(where(file, a) + ": no recorded proof");
      }
      if (out.isEmpty()) {
        out.add(file + ": no recorded proof");
      }
      return out;
    }
    ObjectNode rec = recorded.get();
    boolean stale = !rec.path("digest").asText().equals(fresh.path("digest").asText());
    if (stale) {
      out.add(file + ": the record is stale: " + staleWhy(rec, fresh));
    }
    TreeMap<Integer, JsonNode> before = byLine(rec);
    TreeMap<Integer, JsonNode> now = byLine(fresh);
    for (JsonNode a : fresh.path("assertions")) {
      int line = a.path("line").asInt();
      JsonNode r = before.get(line);
      String at = where(file, a);
      if (r == null) {
        out.add(at + ": no recorded proof for this assertion");
        continue;
      }
      List<String> diffs = compare(r, a);
      for (String d : diffs) {
        out.add(at + ": " + d);
      }
      if (diffs.isEmpty() && stale) {
        out.add(at + ": recorded against an older text of the spec (stale)");
      }
    }
    for (var e : before.entrySet()) {
      if (!now.containsKey(e.getKey())) {
        out.add(file + ":" + e.getKey() + ": the recorded assertion '" + name(e.getValue())
            + "' is no longer in the spec");
      }
    }
    return out;
  }

  private static List<String> compare(JsonNode rec, JsonNode now) {
    List<String> out = new ArrayList<>();
    if (!rec.path("text").equals(now.path("text")) || !rec.path("label").equals(now.path("label"))) {
      out.add("the assertion changed: recorded '" + name(rec) + "', now '" + name(now) + "'");
    }
    String vr = rec.path("verdict").asText();
    String vn = now.path("verdict").asText();
    if (!vr.equals(vn)) {
      out.add("verdict differs: recorded " + vr + ", now " + vn);
    }
    if (!rec.path("counterexample").equals(now.path("counterexample"))) {
      out.add("counterexample differs: recorded " + flow(rec.path("counterexample"))
          + ", now " + flow(now.path("counterexample")));
    }
    Set<String> dr = deps(rec.path("dependsOn"));
    Set<String> dn = deps(now.path("dependsOn"));
    if (!dr.equals(dn)) {
      Set<String> gone = new LinkedHashSet<>(dr);
      gone.removeAll(dn);
      Set<String> added = new LinkedHashSet<>(dn);
      added.removeAll(dr);
      List<String> parts = new ArrayList<>();
      if (!gone.isEmpty()) {
        parts.add("no longer depends on " + String.join("; ", gone));
      }
      if (!added.isEmpty()) {
        parts.add("now depends on " + String.join("; ", added));
      }
      out.add("dependsOn differs: " + String.join(", ", parts));
    }
    return out;
  }

  private static String staleWhy(ObjectNode rec, ObjectNode fresh) {
    JsonNode a = rec.path("sources");
    JsonNode b = fresh.path("sources");
    List<String> changed = new ArrayList<>();
    TreeMap<String, Boolean> names = new TreeMap<>();
    a.fieldNames().forEachRemaining(n -> names.put(n, true));
    b.fieldNames().forEachRemaining(n -> names.put(n, true));
    for (String n : names.keySet()) {
      if (!a.path(n).equals(b.path(n))) {
        changed.add(n + (a.has(n) ? b.has(n) ? " changed" : " is no longer read" : " is new"));
      }
    }
    return (changed.isEmpty() ? "the digest differs" : String.join(", ", changed))
        + " (recorded " + abbrev(rec.path("digest").asText()) + ", now "
        + abbrev(fresh.path("digest").asText()) + ")";
  }

  private static String abbrev(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) + "..." : digest;
  }

  private static TreeMap<Integer, JsonNode> byLine(JsonNode record) {
    TreeMap<Integer, JsonNode> m = new TreeMap<>();
    for (JsonNode a : record.path("assertions")) {
      m.putIfAbsent(a.path("line").asInt(), a);
    }
    return m;
  }

  private static Set<String> deps(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode d : array) {
      out.add("line " + d.path("line").asInt() + " group " + d.path("group").asText() + ": "
          + d.path("rule").asText());
    }
    return out;
  }

  /** {@code tcp 10.0.0.10:49152 -> 10.0.1.21:5432 (web -> batch)}, or "none". */
  static String flow(JsonNode c) {
    if (c == null || c.isNull() || c.isMissingNode()) {
      return "none";
    }
    String src = c.path("srcIp").asText();
    String dst = c.path("dstIp").asText();
    if (!c.path("srcPort").isNull()) {
      src = hostPort(src, c.path("srcPort").asText());
      dst = hostPort(dst, c.path("dstPort").asText());
    }
    return c.path("protocol").asText() + " " + src + " -> " + dst + " ("
        + c.path("from").asText() + " -> " + c.path("to").asText() + ")";
  }

  private static String hostPort(String ip, String port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  private static String name(JsonNode a) {
    return a.path("label").isTextual() ? a.path("label").asText() + ": " + a.path("text").asText()
        : a.path("text").asText();
  }

  private static String where(String file, JsonNode a) {
    String label = a.path("label").isTextual() ? a.path("label").asText() : a.path("text").asText();
    return file + ":" + a.path("line").asInt() + ": '" + label + "'";
  }
}

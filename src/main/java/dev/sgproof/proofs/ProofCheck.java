package dev.sgproof.proofs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a fresh proof record with the recorded one and says, one readable line per difference,
 * what changed per assertion: its text, verdict, counterexample or dependencies, an assertion
 * without a record, a recorded one that is gone.
 *
 * <p>Assertions are matched by label, those without one by their (normalised) text, repeated
 * ones by their order among equals; what is left is matched by text (a label added, renamed or
 * dropped). Lines and files are places, not results: a moved assertion or rule is no difference,
 * and {@code dependsOn} is compared as the multiset of (group, rule). A changed digest (the spec
 * or an included file changed) is a note, never a difference by itself: a comment-only edit keeps
 * the check green. The versions of sgproof and Z3 are informative.
 */
public final class ProofCheck {
  private ProofCheck() {}

  /** What a comparison found: differences fail the check, notes inform. */
  public record Outcome(List<String> differences, List<String> notes) {
    public Outcome {
      differences = List.copyOf(differences);
      notes = List.copyOf(notes);
    }
  }

  /**
   * @param file the spec as named in messages about the whole file
   * @param rec the record read from disk
   * @param fresh the record of this run
   */
  public static Outcome compare(String file, ObjectNode rec, ObjectNode fresh) {
    List<JsonNode> now = list(fresh.path("assertions"));
    boolean[] checked = new boolean[now.size()];
    java.util.Arrays.fill(checked, true);
    return compare(file, rec, fresh, now, checked, true);
  }

  /**
   * Compares only the share of a shard ({@code verify --shard K/N --check-proofs}): the
   * assertions are matched to the record exactly as a whole run matches them, then only those of
   * the share are compared, so that the shards together find what the whole run finds.
   *
   * @param fresh the record of this shard (its share's assertions, in file order)
   * @param all every assertion of the spec as {@link ProofRecord#identity} gives it
   * @param share the places in {@code all} of the assertions of {@code fresh}
   * @param reportGone whether this shard reports recorded assertions no longer in the spec (one
   *     shard does, so that each is reported once)
   */
  public static Outcome compareShare(String file, ObjectNode rec, ObjectNode fresh,
      List<? extends JsonNode> all, List<Integer> share, boolean reportGone) {
    List<JsonNode> now = new ArrayList<>(all);
    List<JsonNode> mine = list(fresh.path("assertions"));
    if (mine.size() != share.size()) {
      throw new IllegalArgumentException(mine.size() + " results for a share of " + share.size());
    }
    boolean[] checked = new boolean[now.size()];
    for (int k = 0; k < share.size(); k++) {
      now.set(share.get(k), mine.get(k));
      checked[share.get(k)] = true;
    }
    return compare(file, rec, fresh, now, checked, reportGone);
  }

  private static Outcome compare(String file, ObjectNode rec, ObjectNode fresh,
      List<JsonNode> now, boolean[] checked, boolean reportGone) {
    List<String> out = new ArrayList<>();
    List<JsonNode> before = list(rec.path("assertions"));
    JsonNode[] match = new JsonNode[now.size()];
    List<JsonNode> left = pair(before, now, match, ProofCheck::key);
    left = pair(left, now, match, a -> a.path("text").asText());
    for (int i = 0; i < now.size(); i++) {
      if (!checked[i]) {
        continue;
      }
      JsonNode a = now.get(i);
      String at = where(file, a);
      if (match[i] == null) {
        out.add(at + ": no recorded proof for this assertion");
        continue;
      }
      for (String d : compare(match[i], a)) {
        out.add(at + ": " + d);
      }
    }
    for (JsonNode r : reportGone ? left : List.<JsonNode>of()) {
      out.add(where(file, r) + ": the recorded assertion '" + name(r)
          + "' is no longer in the spec");
    }
    List<String> notes = new ArrayList<>();
    if (!rec.path("digest").asText().equals(fresh.path("digest").asText())) {
      notes.add(file + ": recorded against an older text: " + staleWhy(rec, fresh)
          + (out.isEmpty() ? "; every result is the same (re-record to update the digest)" : ""));
    }
    return new Outcome(out, notes);
  }

  /** The label, or the text of an assertion without one. */
  private static String key(JsonNode a) {
    return a.path("label").isTextual() ? "label\0" + a.path("label").asText()
        : "text\0" + a.path("text").asText();
  }

  /**
   * Matches each unmatched {@code now[i]} to the first unmatched recorded assertion of the same
   * key (so repeated ones pair by their order among equals); returns the recorded ones left.
   */
  private static List<JsonNode> pair(List<JsonNode> recorded, List<JsonNode> now, JsonNode[] match,
      java.util.function.Function<JsonNode, String> key) {
    Map<String, Deque<JsonNode>> byKey = new LinkedHashMap<>();
    for (JsonNode r : recorded) {
      byKey.computeIfAbsent(key.apply(r), k -> new ArrayDeque<>()).add(r);
    }
    java.util.Set<JsonNode> used = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    for (int i = 0; i < now.size(); i++) {
      if (match[i] != null) {
        continue;
      }
      Deque<JsonNode> q = byKey.get(key.apply(now.get(i)));
      if (q != null && !q.isEmpty()) {
        match[i] = q.poll();
        used.add(match[i]);
      }
    }
    List<JsonNode> left = new ArrayList<>();
    for (JsonNode r : recorded) {
      if (!used.contains(r)) {
        left.add(r);
      }
    }
    return left;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
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
    List<JsonNode> gone = list(rec.path("dependsOn"));
    List<JsonNode> added = new ArrayList<>();
    for (JsonNode d : now.path("dependsOn")) {
      int i = indexOf(gone, dependency(d));
      if (i >= 0) {
        gone.remove(i);
      } else {
        added.add(d);
      }
    }
    if (!gone.isEmpty() || !added.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!gone.isEmpty()) {
        parts.add("no longer depends on " + describe(gone));
      }
      if (!added.isEmpty()) {
        parts.add("now depends on " + describe(added));
      }
      out.add("dependsOn differs: " + String.join(", ", parts));
    }
    return out;
  }

  /** What a dependency is, apart from where it is written: its group and rule. */
  private static String dependency(JsonNode d) {
    return d.path("group").asText() + "\0" + d.path("rule").asText();
  }

  private static int indexOf(List<JsonNode> deps, String dependency) {
    for (int i = 0; i < deps.size(); i++) {
      if (dependency(deps.get(i)).equals(dependency)) {
        return i;
      }
    }
    return -1;
  }

  private static String describe(List<JsonNode> deps) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : deps) {
      String place = d.path("file").isTextual()
          ? d.path("file").asText() + ":" + d.path("line").asInt()
          : "line " + d.path("line").asInt();
      out.add(place + " group " + d.path("group").asText() + ": " + d.path("rule").asText());
    }
    return String.join("; ", out);
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

  /** {@code specs/net.sg:52: 'label'}: the file the assertion is written in, else the spec. */
  private static String where(String file, JsonNode a) {
    String label = a.path("label").isTextual() ? a.path("label").asText() : a.path("text").asText();
    String in = a.path("file").isTextual() ? a.path("file").asText() : file;
    return in + ":" + a.path("line").asInt() + ": '" + label + "'";
  }
}

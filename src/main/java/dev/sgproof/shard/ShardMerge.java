package dev.sgproof.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.proofs.ProofRecord;
import dev.sgproof.report.Json;
import dev.sgproof.report.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sgproof merge}: joins the outputs of {@code verify --shard 1/N} .. {@code N/N} into
 * exactly what the unsharded run writes. Each output is read with its {@link ShardHeader}; the set
 * is refused (a {@link MergeException}) unless every output comes from the same inputs, N and
 * sgproof version, the outputs of one shard agree with each other, and each kind given holds
 * every shard 1..N exactly once. The merge never re-renders what the shards wrote: each
 * assertion's part (a JSON object, a SARIF result, a JUnit test case, a record entry) is taken as
 * it is and put back at the assertion's place; only the totals around them are recomputed.
 */
public final class ShardMerge {
  private ShardMerge() {}

  /** What a shard output is. */
  public enum Kind {
    JSON("JSON report"), JUNIT("JUnit report"), SARIF("SARIF log"), PROOFS("proof records");

    private final String noun;

    Kind(String noun) {
      this.noun = noun;
    }

    public String noun() {
      return noun;
    }
  }

  /** One shard output, read. */
  public static final class Input {
    final String name;
    final Kind kind;
    final ShardHeader header;
    /** JSON and SARIF: the document; null otherwise. */
    final ObjectNode json;
    /** JUnit: the report without the header comment; null otherwise. */
    final String text;
    /** Proof records: by path under the directory; null otherwise. */
    final Map<String, ObjectNode> records;

    private Input(String name, Kind kind, ShardHeader header, ObjectNode json, String text,
        Map<String, ObjectNode> records) {
      this.name = name;
      this.kind = kind;
      this.header = header;
      this.json = json;
      this.text = text;
      this.records = records;
    }

    public Kind kind() {
      return kind;
    }

    public String name() {
      return name;
    }

    public ShardHeader header() {
      return header;
    }
  }

  /**
   * Reads one output file of a shard: a JSON report, a SARIF log or a JUnit report, told apart by
   * content.
   *
   * @throws MergeException when it is none of them, or carries no shard header
   */
  public static Input read(String name, String text) throws MergeException {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    if (t.stripLeading().startsWith("<")) {
      ShardFormats.JUnitParts parts;
      try {
        parts = ShardFormats.splitJUnit(t);
      } catch (IllegalArgumentException e) {
        throw new MergeException(name + ": the shard header of this JUnit report is damaged");
      }
      if (parts == null) {
        throw new MergeException(name + ": " + (t.contains("<testsuites")
            ? "a JUnit report without a shard header (not written by verify --shard K/N)"
            : "neither a JSON report, a SARIF log nor a JUnit report of sgproof"));
      }
      return new Input(name, Kind.JUNIT, ShardHeader.fromJson(parts.header(), name), null,
          parts.report(), null);
    }
    ObjectNode root;
    try {
      root = ShardFormats.parseObject(t);
    } catch (IllegalArgumentException e) {
      throw new MergeException(name + ": neither a JSON report, a SARIF log nor a JUnit report"
          + " of sgproof (" + e.getMessage() + ")");
    }
    if (root.has("runs")) {
      JsonNode h = root.path("runs").path(0).path("properties").path(ShardFormats.SARIF_PROPERTY);
      if (h.isMissingNode()) {
        throw new MergeException(name + ": a SARIF log without a shard header (not written by"
            + " verify --shard K/N)");
      }
      return new Input(name, Kind.SARIF, ShardHeader.fromJson(h, name), root, null, null);
    }
    if (root.has("files") && root.has("summary")) {
      if (!root.has(ShardFormats.JSON_FIELD)) {
        throw new MergeException(name + ": a JSON report without a shard header (not written by"
            + " verify --shard K/N)");
      }
      return new Input(name, Kind.JSON, ShardHeader.fromJson(root.get(ShardFormats.JSON_FIELD),
          name), root, null, null);
    }
    if (root.has("assertions") && root.has("digest")) {
      throw new MergeException(name + ": a single proof record; give the directory that"
          + " verify --shard K/N --proofs DIR wrote instead");
    }
    throw new MergeException(name + ": neither a JSON report, a SARIF log nor a JUnit report of"
        + " sgproof");
  }

  /**
   * Reads the proof records one shard wrote under a directory.
   *
   * @param records each record's text by its path under the directory ('/' separated)
   */
  public static Input readProofs(String dir, Map<String, String> records) throws MergeException {
    if (records.isEmpty()) {
      throw new MergeException(dir + ": no proof records (*" + ProofRecord.SUFFIX + ") in it");
    }
    Map<String, ObjectNode> out = new TreeMap<>();
    ShardHeader header = null;
    String first = null;
    java.util.Set<Integer> fileIndexes = new java.util.HashSet<>();
    for (Map.Entry<String, String> e : records.entrySet()) {
      String where = dir + "/" + e.getKey();
      ObjectNode r;
      try {
        r = ShardFormats.parseObject(e.getValue());
      } catch (IllegalArgumentException x) {
        throw new MergeException(where + ": not a proof record (" + x.getMessage() + ")");
      }
      if (!r.has(ShardFormats.JSON_FIELD)) {
        throw new MergeException(where + ": a proof record without a shard header (not written"
            + " by verify --shard K/N --proofs DIR)");
      }
      ShardHeader h = ShardHeader.fromJson(r.get(ShardFormats.JSON_FIELD), where);
      JsonNode fi = r.get(ShardFormats.JSON_FIELD).path("fileIndex");
      if (!fi.canConvertToInt() || fi.intValue() < 0 || fi.intValue() >= h.files().size()) {
        throw new MergeException(where + ": the shard header names no file of the run");
      }
      if (!fileIndexes.add(fi.intValue())) {
        throw new MergeException(where + ": a second record of "
            + h.files().get(fi.intValue()).file() + " in " + dir);
      }
      if (header == null) {
        header = h;
        first = where;
      } else if (!header.equals(h)) {
        throw new MergeException(first + " and " + where + " come from different runs (their"
            + " shard headers differ)");
      }
      out.put(e.getKey(), r);
    }
    return new Input(dir, Kind.PROOFS, header, null, null, out);
  }

  /**
   * Checks that the outputs belong together and that each kind holds every shard exactly once.
   *
   * @throws MergeException saying what is wrong: different inputs, N or versions; two different
   *     headers for one shard; a shard given twice or missing; shares that overlap or leave an
   *     assertion out
   */
  public static void check(List<Input> inputs) throws MergeException {
    if (inputs.isEmpty()) {
      throw new MergeException("no shard outputs given");
    }
    Input first = inputs.get(0);
    for (Input in : inputs) {
      ShardHeader a = first.header;
      ShardHeader b = in.header;
      if (!a.inputs().equals(b.inputs()) || !names(a).equals(names(b))) {
        throw new MergeException(first.name + " and " + in.name + " are shards of different"
            + " inputs (the spec files or their texts differ); merge the shards of one run");
      }
      if (a.count() != b.count()) {
        throw new MergeException(first.name + " is a shard of " + a.count() + " but " + in.name
            + " of " + b.count() + " (--shard K/N with different N)");
      }
      if (!a.version().equals(b.version())) {
        throw new MergeException(first.name + " was written by sgproof " + a.version() + " but "
            + in.name + " by " + b.version());
      }
    }
    Map<Integer, Input> byShard = new TreeMap<>();
    for (Input in : inputs) {
      Input other = byShard.putIfAbsent(in.header.index(), in);
      if (other != null && !other.header.equals(in.header)) {
        throw new MergeException(other.name + " and " + in.name + " both claim shard "
            + in.header.shard() + " but differ (outputs of different runs)");
      }
    }
    int n = first.header.count();
    Map<Kind, Map<Integer, Input>> kinds = new LinkedHashMap<>();
    for (Input in : inputs) {
      Input twice = kinds.computeIfAbsent(in.kind, k -> new TreeMap<>())
          .putIfAbsent(in.header.index(), in);
      if (twice != null) {
        throw new MergeException("shard " + in.header.shard() + " is given twice as a "
            + in.kind.noun + ": " + twice.name + " and " + in.name);
      }
    }
    for (Map.Entry<Kind, Map<Integer, Input>> e : kinds.entrySet()) {
      List<String> missing = new ArrayList<>();
      for (int k = 1; k <= n; k++) {
        if (!e.getValue().containsKey(k)) {
          missing.add(k + "/" + n);
        }
      }
      if (!missing.isEmpty()) {
        throw new MergeException("the " + e.getKey().noun + " of shard"
            + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
            + " " + (missing.size() == 1 ? "is" : "are") + " missing (given: "
            + String.join(", ", e.getValue().values().stream().map(i -> i.name).toList()) + ")");
      }
    }
    if (byShard.size() == n) {
      coverage(byShard);
    }
  }

  private static List<String> names(ShardHeader h) {
    return h.files().stream().map(f -> f.file() + "\0" + f.assertions()).toList();
  }

  /** Every assertion of every file in exactly one share. */
  private static void coverage(Map<Integer, Input> byShard) throws MergeException {
    ShardHeader any = byShard.values().iterator().next().header;
    for (int f = 0; f < any.files().size(); f++) {
      int total = any.files().get(f).assertions();
      int[] owner = new int[total];
      for (Input in : byShard.values()) {
        for (int place : in.header.files().get(f).share()) {
          if (owner[place] != 0) {
            throw new MergeException("shards " + owner[place] + " and " + in.header.index()
                + " both verified assertion " + (place + 1) + " of " + any.files().get(f).file()
                + " (shards of different plans)");
          }
          owner[place] = in.header.index();
        }
      }
      for (int place = 0; place < total; place++) {
        if (owner[place] == 0) {
          throw new MergeException("no shard verified assertion " + (place + 1) + " of "
              + any.files().get(f).file() + " (shards of different plans)");
        }
      }
    }
  }

  /** The summary of the whole run, from the shards' counts (one output per shard). */
  public static Summary summary(List<Input> inputs) {
    Map<Integer, ShardHeader> byShard = new TreeMap<>();
    inputs.forEach(i -> byShard.putIfAbsent(i.header.index(), i.header));
    int p = 0;
    int r = 0;
    int u = 0;
    for (ShardHeader h : byShard.values()) {
      p += h.proved();
      r += h.refuted();
      u += h.unknown();
    }
    return new Summary(p, r, u, byShard.values().iterator().next().errors());
  }

  /** The outputs of one kind in shard order. */
  private static List<Input> of(List<Input> inputs, Kind kind) {
    return inputs.stream().filter(i -> i.kind == kind)
        .sorted(Comparator.comparingInt(i -> i.header.index())).toList();
  }

  /** The JSON report of the whole run (after {@link #check}). */
  public static String json(List<Input> inputs) throws MergeException {
    List<Input> shards = of(inputs, Kind.JSON);
    Input first = shards.get(0);
    ObjectNode root = first.json.deepCopy();
    root.remove(ShardFormats.JSON_FIELD);
    for (Input s : shards) {
      same(first, s, without(s.json, "files", "summary", ShardFormats.JSON_FIELD),
          without(first.json, "files", "summary", ShardFormats.JSON_FIELD), "the report");
    }
    ArrayNode files = (ArrayNode) root.path("files");
    int p = 0;
    int r = 0;
    int u = 0;
    for (int f = 0; f < first.header.files().size(); f++) {
      JsonNode[] merged = new JsonNode[first.header.files().get(f).assertions()];
      for (Input s : shards) {
        JsonNode fo = fileObject(s, f);
        same(first, s, without(fo, "assertions"), without(fileObject(first, f), "assertions"),
            "the entry of " + first.header.files().get(f).file());
        place(s, f, fo.path("assertions"), merged);
      }
      ArrayNode as = Json.object().arrayNode();
      for (JsonNode a : merged) {
        as.add(a);
        switch (a.path("verdict").asText()) {
          case "proved" -> p++;
          case "refuted" -> r++;
          default -> u++;
        }
      }
      ((ObjectNode) files.get(f)).set("assertions", as);
    }
    if (root.path("summary") instanceof ObjectNode so) {
      Summary s = new Summary(p, r, u, so.path("errors").asInt());
      so.put("proved", p);
      so.put("refuted", r);
      so.put("unknown", u);
      so.put("exitCode", s.exitCode());
    }
    return Json.render(root);
  }

  private static JsonNode fileObject(Input s, int f) throws MergeException {
    JsonNode fo = s.json.path("files").path(f);
    if (!(fo instanceof ObjectNode) || s.json.path("files").size() != s.header.files().size()) {
      throw new MergeException(s.name + ": its files do not match its shard header");
    }
    return fo;
  }

  /** Puts a shard's entries of file {@code f} (one per assertion of its share) at their places. */
  private static void place(Input s, int f, JsonNode entries, JsonNode[] merged)
      throws MergeException {
    List<Integer> share = s.header.files().get(f).share();
    if (!entries.isArray() || entries.size() != share.size()) {
      throw new MergeException(s.name + ": holds " + entries.size() + " assertions of "
          + s.header.files().get(f).file() + " where its shard header lists " + share.size());
    }
    for (int i = 0; i < share.size(); i++) {
      merged[share.get(i)] = entries.get(i);
    }
  }

  private static JsonNode without(JsonNode o, String... fields) {
    ObjectNode c = ((ObjectNode) o).deepCopy();
    for (String f : fields) {
      c.remove(f);
    }
    return c;
  }

  private static void same(Input a, Input b, JsonNode x, JsonNode y, String what)
      throws MergeException {
    if (!x.equals(y)) {
      throw new MergeException(a.name + " and " + b.name + " differ in " + what
          + " beyond their shares (outputs of different runs or options)");
    }
  }

  /** The SARIF log of the whole run (after {@link #check}). */
  public static String sarif(List<Input> inputs) throws MergeException {
    List<Input> shards = of(inputs, Kind.SARIF);
    Input first = shards.get(0);
    int files = first.header.files().size();
    TreeMap<String, JsonNode> rules = new TreeMap<>();
    List<List<JsonNode>> diagnostics = new ArrayList<>();
    record Placed(int place, int order, ObjectNode result) {}
    List<List<Placed>> asserted = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      diagnostics.add(null);
      asserted.add(new ArrayList<>());
    }
    int order = 0;
    JsonNode frame = sarifFrame(first);
    for (Input s : shards) {
      same(first, s, sarifFrame(s), frame, "the log");
      ObjectNode run = (ObjectNode) s.json.path("runs").path(0);
      for (JsonNode rule : run.path("tool").path("driver").path("rules")) {
        JsonNode had = rules.putIfAbsent(rule.path("id").asText(), rule);
        if (had != null && !had.equals(rule)) {
          throw new MergeException(s.name + " describes the rule " + rule.path("id").asText()
              + " differently from another shard");
        }
      }
      JsonNode results = run.path("results");
      JsonNode places = run.path("properties").path(ShardFormats.SARIF_PROPERTY).path("results");
      if (!places.isArray() || places.size() != results.size()) {
        throw new MergeException(s.name + ": its results do not match its shard header");
      }
      List<List<JsonNode>> mine = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        mine.add(new ArrayList<>());
      }
      for (int i = 0; i < results.size(); i++) {
        int f = places.path(i).path(0).asInt(-1);
        int place = places.path(i).path(1).asInt(-2);
        if (f < 0 || f >= files
            || (place != -1 && !s.header.files().get(f).share().contains(place))) {
          throw new MergeException(s.name + ": result " + (i + 1) + " belongs to no assertion of"
              + " its share");
        }
        ObjectNode result = ((ObjectNode) results.get(i)).deepCopy();
        result.remove("ruleIndex");
        if (place == -1) {
          mine.get(f).add(result);
        } else {
          asserted.get(f).add(new Placed(place, order++, result));
        }
      }
      for (int f = 0; f < files; f++) {
        if (diagnostics.get(f) == null) {
          diagnostics.set(f, mine.get(f));
        } else if (!diagnostics.get(f).equals(mine.get(f))) {
          throw new MergeException(first.name + " and " + s.name + " differ in the diagnostics of "
              + first.header.files().get(f).file() + " (outputs of different runs)");
        }
      }
    }
    List<String> ids = new ArrayList<>(rules.keySet());
    ObjectNode root = first.json.deepCopy();
    ObjectNode run = (ObjectNode) root.path("runs").path(0);
    ArrayNode ruleArray = Json.object().arrayNode();
    rules.values().forEach(ruleArray::add);
    ((ObjectNode) run.path("tool").path("driver")).set("rules", ruleArray);
    ArrayNode out = Json.object().arrayNode();
    for (int f = 0; f < files; f++) {
      List<ObjectNode> all = new ArrayList<>();
      diagnostics.get(f).forEach(d -> all.add((ObjectNode) d));
      asserted.get(f).stream()
          .sorted(Comparator.comparingInt(Placed::place).thenComparingInt(Placed::order))
          .forEach(x -> all.add(x.result()));
      for (ObjectNode result : all) {
        result.put("ruleIndex", ids.indexOf(result.path("ruleId").asText()));
        out.add(result);
      }
    }
    run.set("results", out);
    ObjectNode props = (ObjectNode) run.path("properties");
    props.remove(ShardFormats.SARIF_PROPERTY);
    if (props.isEmpty()) {
      run.remove("properties");
    }
    return Json.render(root);
  }

  /** A SARIF log without what differs between shards: rules, results, the shard property. */
  private static JsonNode sarifFrame(Input s) {
    ObjectNode c = s.json.deepCopy();
    ObjectNode run = (ObjectNode) c.path("runs").path(0);
    ((ObjectNode) run.path("tool").path("driver")).remove("rules");
    run.remove("results");
    if (run.path("properties") instanceof ObjectNode p) {
      p.remove(ShardFormats.SARIF_PROPERTY);
    }
    return c;
  }

  private static final Pattern COUNTS =
      Pattern.compile(" tests=\"(\\d+)\" failures=\"(\\d+)\" errors=\"(\\d+)\"");
  private static final String SUITE = "\n  <testsuite ";
  private static final String SUITE_END = "\n  </testsuite>";
  private static final String CASE = "\n    <testcase ";
  private static final String CASE_END = "</testcase>";

  /** One {@code <testsuite>} of a shard's JUnit report: its start tag and its test cases. */
  private record Suite(String start, List<String> cases) {}

  /** The JUnit report of the whole run (after {@link #check}). */
  public static String junit(List<Input> inputs) throws MergeException {
    List<Input> shards = of(inputs, Kind.JUNIT);
    Input first = shards.get(0);
    if (first.header.errors() > 0) {
      // Nothing was verified: every shard wrote the same report of the diagnostics.
      for (Input s : shards) {
        if (!s.text.equals(first.text)) {
          throw new MergeException(first.name + " and " + s.name + " differ in their diagnostics"
              + " (outputs of different runs)");
        }
      }
      return first.text;
    }
    int files = first.header.files().size();
    List<List<Suite>> parsed = new ArrayList<>();
    String head = null;
    String tail = null;
    for (Input s : shards) {
      int open = s.text.indexOf("<testsuites");
      int close = open < 0 ? -1 : s.text.indexOf('>', open);
      int last = s.text.lastIndexOf("\n</testsuites>");
      if (close < 0 || last < close) {
        throw new MergeException(s.name + ": not a JUnit report of sgproof");
      }
      String h = s.text.substring(0, close + 1);
      String t = s.text.substring(last);
      if (head == null) {
        head = h;
        tail = t;
      } else if (!counts(h).equals(counts(head)) || !t.equals(tail)) {
        throw new MergeException(first.name + " and " + s.name + " differ beyond their shares");
      }
      List<Suite> suites = suites(s, s.text.substring(close + 1, last));
      if (suites.size() != files) {
        throw new MergeException(s.name + ": its test suites do not match its shard header");
      }
      parsed.add(suites);
    }
    StringBuilder body = new StringBuilder();
    int tests = 0;
    int failures = 0;
    int errors = 0;
    for (int f = 0; f < files; f++) {
      String[] merged = new String[first.header.files().get(f).assertions()];
      for (int k = 0; k < shards.size(); k++) {
        Suite suite = parsed.get(k).get(f);
        if (!counts(suite.start()).equals(counts(parsed.get(0).get(f).start()))) {
          throw new MergeException(first.name + " and " + shards.get(k).name + " differ in the"
              + " suite of " + first.header.files().get(f).file());
        }
        List<Integer> share = shards.get(k).header.files().get(f).share();
        if (suite.cases().size() != share.size()) {
          throw new MergeException(shards.get(k).name + ": holds " + suite.cases().size()
              + " test cases of " + first.header.files().get(f).file() + " where its shard header"
              + " lists " + share.size());
        }
        for (int i = 0; i < share.size(); i++) {
          merged[share.get(i)] = suite.cases().get(i);
        }
      }
      int t = merged.length;
      int fail = 0;
      int err = 0;
      StringBuilder cases = new StringBuilder();
      for (String c : merged) {
        cases.append(c);
        fail += c.contains("<failure ") ? 1 : 0;
        err += c.contains("<error ") ? 1 : 0;
      }
      body.append(withCounts(parsed.get(0).get(f).start(), t, fail, err)).append(cases)
          .append(SUITE_END);
      tests += t;
      failures += fail;
      errors += err;
    }
    return withCounts(head, tests, failures, errors) + body + tail;
  }

  private static List<Suite> suites(Input s, String body) throws MergeException {
    List<Suite> out = new ArrayList<>();
    int at = 0;
    while (at < body.length()) {
      if (!body.startsWith(SUITE, at)) {
        throw new MergeException(s.name + ": not a JUnit report of sgproof (unexpected text)");
      }
      int tagEnd = body.indexOf('>', at);
      int end = body.indexOf(SUITE_END, at);
      if (tagEnd < 0 || end < tagEnd) {
        throw new MergeException(s.name + ": not a JUnit report of sgproof (a suite is not closed)");
      }
      String start = body.substring(at, tagEnd + 1);
      List<String> cases = new ArrayList<>();
      int c = tagEnd + 1;
      while (c < end) {
        int caseEnd = body.indexOf(CASE_END, c);
        if (!body.startsWith(CASE, c) || caseEnd < 0 || caseEnd > end) {
          throw new MergeException(s.name + ": not a JUnit report of sgproof (a test case is not"
              + " where it should be)");
        }
        cases.add(body.substring(c, caseEnd + CASE_END.length()));
        c = caseEnd + CASE_END.length();
      }
      out.add(new Suite(start, cases));
      at = end + SUITE_END.length();
    }
    return out;
  }

  /** A start tag with its counts blanked, for comparing tags of one suite across shards. */
  private static String counts(String tag) {
    return COUNTS.matcher(tag).replaceAll("");
  }

  private static String withCounts(String tag, int tests, int failures, int errors)
      throws MergeException {
    Matcher m = COUNTS.matcher(tag);
    if (!m.find()) {
      throw new MergeException("not a JUnit report of sgproof (a start tag without counts)");
    }
    return tag.substring(0, m.start()) + " tests=\"" + tests + "\" failures=\"" + failures
        + "\" errors=\"" + errors + "\"" + tag.substring(m.end());
  }

  /**
   * The proof records of the whole run by path under the output directory (after {@link
   * #check}).
   */
  public static Map<String, String> proofs(List<Input> inputs) throws MergeException {
    List<Input> shards = of(inputs, Kind.PROOFS);
    Input first = shards.get(0);
    TreeSet<String> paths = new TreeSet<>(first.records.keySet());
    for (Input s : shards) {
      if (!s.records.keySet().equals(paths)) {
        TreeSet<String> odd = new TreeSet<>(paths);
        odd.addAll(s.records.keySet());
        odd.removeIf(p -> first.records.containsKey(p) && s.records.containsKey(p));
        throw new MergeException(first.name + " and " + s.name + " hold different records ("
            + String.join(", ", odd) + ")");
      }
    }
    if (first.header.errors() == 0 && paths.size() != first.header.files().size()) {
      throw new MergeException(first.name + " holds " + paths.size() + " proof records for the "
          + first.header.files().size() + " files of the run");
    }
    Map<String, String> out = new TreeMap<>();
    for (String path : paths) {
      ObjectNode rec = first.records.get(path).deepCopy();
      int f = rec.path(ShardFormats.JSON_FIELD).path("fileIndex").asInt();
      JsonNode[] merged = new JsonNode[first.header.files().get(f).assertions()];
      JsonNode frame = without(rec, "assertions", ShardFormats.JSON_FIELD);
      for (Input s : shards) {
        ObjectNode mine = s.records.get(path);
        if (mine.path(ShardFormats.JSON_FIELD).path("fileIndex").asInt() != f
            || !without(mine, "assertions", ShardFormats.JSON_FIELD).equals(frame)) {
          throw new MergeException(first.name + "/" + path + " and " + s.name + "/" + path
              + " differ beyond their shares (records of different runs)");
        }
        place(s, f, mine.path("assertions"), merged);
      }
      ArrayNode as = rec.putArray("assertions");
      for (JsonNode a : merged) {
        as.add(a);
      }
      rec.remove(ShardFormats.JSON_FIELD);
      out.put(path, ProofRecord.render(rec));
    }
    return out;
  }
}

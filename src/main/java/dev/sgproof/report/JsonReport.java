package dev.sgproof.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.diag.Diagnostic;
import dev.sgproof.flows.FlowBox;
import dev.sgproof.flows.Violations;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result of language.md: {@code {"files": [{"file", "assertions": [...]}]}},
 * each counterexample with the evaluator's trace. Extensions (never changing the required
 * fields): {@code reason} for unknown, {@code dependsOn} for proved, {@code broken} for refuted,
 * {@code diagnostics} per file and a closing {@code summary}; a {@code file} beside every {@code
 * line} (of an assertion, a {@code dependsOn} rule, a diagnostic) names the file the line is in,
 * an included one for what comes from an include.
 */
public final class JsonReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * For {@link #write}: a char outside the Basic Multilingual Plane is its four bytes of UTF-8, as
   * in the string's bytes, not the two escaped surrogates Jackson writes by default.
   */
  private static final ObjectMapper UTF8 = new ObjectMapper(
      com.fasterxml.jackson.core.JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build());

  /** The document, with its final newline (standard output, shards and tests). */
  public String render(List<FileResult> files) {
    Chars out = new Chars();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      body(g, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // char arrays do not fail
    }
    return out.withNewline();
  }

  /**
   * Writes the document of {@link #render} to {@code out} as UTF-8, streamed: a file output
   * never holds the document (on the account preset 87 MB, 174 MB as chars, promoted to the old
   * generation with the verdicts and copied there by the collector, whose pauses were a quarter of
   * the JSON run). The same bytes as {@code render(files).getBytes(UTF_8)}; {@code out} is left
   * open.
   */
  public void write(List<FileResult> files, java.io.OutputStream out) throws IOException {
    try (JsonGenerator g = UTF8.getFactory().createGenerator(out,
        com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      body(g, files);
      g.writeRaw('\n');
    }
  }

  /** The document's one object: its files, their assertions and diagnostics, and the summary. */
  private static void body(JsonGenerator g, List<FileResult> files) throws IOException {
    g.setPrettyPrinter(Json.prettyPrinter());
    RuleEntries entries = new RuleEntries();
    g.writeStartObject();
    g.writeArrayFieldStart("files");
    for (FileResult f : files) {
      g.writeStartObject();
      g.writeStringField("file", f.file());
      g.writeArrayFieldStart("assertions");
      for (AssertionResult r : f.results()) {
        assertion(g, f.network().orElseThrow(), r, entries);
      }
      g.writeEndArray();
      ArrayNode ds = MAPPER.createArrayNode();
      diagnostics(ds, f.diagnostics());
      g.writeFieldName("diagnostics");
      g.writeTree(ds);
      g.writeEndObject();
    }
    g.writeEndArray();
    Summary s = Summary.of(files);
    g.writeObjectFieldStart("summary");
    g.writeNumberField("proved", s.proved());
    g.writeNumberField("refuted", s.refuted());
    g.writeNumberField("unknown", s.unknown());
    g.writeNumberField("errors", s.errors());
    g.writeNumberField("exitCode", s.exitCode());
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * One assertion, streamed (a tree per assertion was half of the time of rendering the account
   * preset's 87 MB, the rest Jackson's writing of it). The rules of dependsOn and decidedBy (on the account preset
   * 200 per assertion, three quarters of the document, the same few thousand rules again and
   * again) are each serialized once per run and copied ({@link RuleEntries}); the counterexample
   * and the violation boxes are built as small trees by the shared writers.
   */
  private static void assertion(JsonGenerator g, Network n, AssertionResult r,
      RuleEntries entries) throws IOException {
    Assertion a = r.assertion();
    g.writeStartObject();
    g.writeStringField("file", a.span().file());
    g.writeNumberField("line", a.line());
    if (a.hasLabel()) {
      g.writeStringField("label", a.label());
    } else {
      g.writeNullField("label");
    }
    g.writeStringField("text", a.text());
    Verdict v = r.verdict();
    g.writeStringField("verdict", v.word());
    g.writeFieldName("counterexample");
    if (v instanceof Verdict.Refuted ref) {
      ObjectNode c = MAPPER.createObjectNode();
      counterexample(c, n, ref.counterexample(), r);
      g.writeTree(c);
    } else {
      g.writeNull();
    }
    if (v instanceof Verdict.Unknown u) {
      g.writeStringField("reason", u.reason());
    }
    if (v instanceof Verdict.Proved p) {
      g.writeArrayFieldStart("dependsOn");
      entries.write(g, p.dependsOn());
      g.writeEndArray();
      g.writeArrayFieldStart("dependsOnSteps");
      for (String step : p.steps()) {
        g.writeString(step);
      }
      g.writeEndArray();
    }
    if (r.decidedBy().isPresent()) {
      g.writeArrayFieldStart("decidedBy");
      entries.write(g, r.decidedBy().get());
      g.writeEndArray();
    }
    if (r.violations().isPresent()) {
      ObjectNode x = MAPPER.createObjectNode();
      violations(x, r.violations().get());
      g.writeFieldName("violations");
      g.writeTree(x);
    }
    g.writeEndObject();
  }

  /**
   * The entries of dependsOn and decidedBy ({@link #rules}), each rule's serialized once per
   * nesting depth and written raw: the pretty printer puts the separator and the indentation
   * before a raw value as before any value, and the entry's own lines are indented for its depth.
   */
  private static final class RuleEntries {
    private final Map<Rule, char[]> text = new IdentityHashMap<>();
    private int depth = -1;

    void write(JsonGenerator g, List<Rule> rules) throws IOException {
      int d = g.getOutputContext().getNestingDepth();
      if (d != depth) {
        text.clear(); // another depth: other indentation
        depth = d;
      }
      for (Rule rule : rules) {
        char[] entry = text.get(rule);
        if (entry == null) {
          ArrayNode one = MAPPER.createArrayNode();
          rules(one, List.of(rule));
          String alone = MAPPER.writer(Json.prettyPrinter()).writeValueAsString(one.get(0));
          entry = alone.replace("\n", "\n" + "  ".repeat(d)).toCharArray();
          text.put(rule, entry);
        }
        g.writeRawValue(entry, 0, entry.length);
      }
    }
  }

  /**
   * A writer into char arrays, made a string once at the end (a StringBuilder tests every char it
   * is given for Latin-1; a StringWriter's is also synchronized). The first array grows up to
   * {@code chunk} chars, then full arrays are kept as they are and a new one begun: one array
   * doubled up to a document's size (87 MB on the account preset) was copied again and again,
   * half a gigabyte allocated, and was still live, four times the document's bytes, when the
   * string was made.
   */
  static final class Chars extends Writer {
    private final int chunk;
    private final List<char[]> full = new java.util.ArrayList<>();
    private long fullChars;
    private char[] buf;
    private int size;

    Chars() {
      this(1 << 20);
    }

    /** With arrays of at most {@code chunk} chars (tests use small ones). */
    Chars(int chunk) {
      this.chunk = chunk;
      this.buf = new char[Math.min(1 << 16, chunk)];
    }

    /** Room for at least one more char in {@link #buf}. */
    private void room() {
      if (size < buf.length) {
        return;
      }
      if (buf.length < chunk) {
        buf = Arrays.copyOf(buf, Math.min(2 * buf.length, chunk));
        return;
      }
      full.add(buf);
      fullChars += size;
      buf = new char[chunk];
      size = 0;
    }

    @Override
    public void write(char[] b, int off, int len) {
      while (len > 0) {
        room();
        int n = Math.min(len, buf.length - size);
        System.arraycopy(b, off, buf, size, n);
        size += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public void write(String str, int off, int len) {
      while (len > 0) {
        room();
        int n = Math.min(len, buf.length - size);
        str.getChars(off, off + n, buf, size);
        size += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public void write(int c) {
      room();
      buf[size++] = (char) c;
    }

    /** What was written, and a final newline. */
    String withNewline() {
      write('\n');
      return text();
    }

    /** What was written, as a string. */
    public String text() {
      if (full.isEmpty()) {
        return new String(buf, 0, size);
      }
      long total = fullChars + size;
      if (total > Integer.MAX_VALUE - 16) {
        throw new OutOfMemoryError("a JSON document of " + total + " chars");
      }
      StringBuilder out = new StringBuilder((int) total);
      for (char[] b : full) {
        out.append(b);
      }
      out.append(buf, 0, size);
      return out.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /** language.md, "Diagnostics": code, severity, file, line, column, message. */
  static void diagnostics(ArrayNode out, List<Diagnostic> diagnostics) {
    for (Diagnostic d : diagnostics) {
      ObjectNode o = out.addObject();
      o.put("code", d.code().id());
      o.put("severity", d.severity().word());
      o.put("file", d.span().file());
      o.put("line", d.span().line());
      o.put("column", d.span().column());
      o.put("message", d.message());
    }
  }

  /** The rules of dependsOn and decidedBy: group, file, line, priority, rule, legacy. */
  static void rules(ArrayNode out, List<Rule> rules) {
    for (Rule rule : rules) {
      ObjectNode d = out.addObject();
      d.put("group", rule.group());
      d.put("file", rule.span().file());
      d.put("line", rule.line());
      d.put("priority", rule.priority());
      d.put("rule", rule.text());
      d.put("legacy", rule.legacy());
    }
  }

  /** language.md, "Violations": the listed boxes, their total and whether the list is cut. */
  public static void violations(ObjectNode o, Violations.Listing l) {
    ArrayNode boxes = o.putArray("boxes");
    for (Violations.Box b : l.boxes()) {
      ObjectNode x = boxes.addObject();
      x.put("permitted", b.permitted());
      box(x, b.box());
    }
    o.put("total", l.total());
    o.put("truncated", l.truncated());
  }

  /** The ranges of a box: protocol, src, dst, srcPort, dstPort (null for port-less protocols). */
  public static void box(ObjectNode x, FlowBox b) {
    x.putArray("protocol").add(b.protocolLow()).add(b.protocolHigh());
    x.putArray("src").add(b.srcLow().toString()).add(b.srcHigh().toString());
    x.putArray("dst").add(b.dstLow().toString()).add(b.dstHigh().toString());
    if (b.hasPorts()) {
      PortRange sp = b.srcPorts().orElseThrow();
      PortRange dp = b.dstPorts().orElseThrow();
      x.putArray("srcPort").add(sp.low()).add(sp.high());
      x.putArray("dstPort").add(dp.low()).add(dp.high());
    } else {
      x.putNull("srcPort");
      x.putNull("dstPort");
    }
  }

  private static void counterexample(ObjectNode c, Network n, Flow f, AssertionResult r) {
    flowFields(c, n, f);
    c.put("permitted", r.decision().orElseThrow().permitted());
    ArrayNode t = c.putArray("trace");
    r.decision().orElseThrow().trace().forEach(t::add);
    c.put("broken", r.broken().orElseThrow().describe());
  }

  /**
   * The flow fields of language.md's counterexample: {@code protocol} (a name, or the number),
   * {@code srcIp}, {@code dstIp}, {@code srcPort}/{@code dstPort} (null without ports), {@code
   * from}/{@code to} (the owning NIC or "external"). Shared with the proof records.
   */
  public static void flowFields(ObjectNode c, Network n, Flow f) {
    if (Protocols.isNamed(f.protocol())) {
      c.put("protocol", Protocols.name(f.protocol()));
    } else {
      c.put("protocol", f.protocol());
    }
    c.put("srcIp", f.src().toString());
    c.put("dstIp", f.dst().toString());
    if (f.hasPorts()) {
      c.put("srcPort", f.srcPort());
      c.put("dstPort", f.dstPort());
    } else {
      c.putNull("srcPort");
      c.putNull("dstPort");
    }
    c.put("from", Counterexamples.owner(n, f.src()));
    c.put("to", Counterexamples.owner(n, f.dst()));
  }
}

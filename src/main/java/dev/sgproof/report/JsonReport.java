package dev.sgproof.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
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
import java.util.List;

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

  public String render(List<FileResult> files) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode fs = root.putArray("files");
    for (FileResult f : files) {
      ObjectNode fo = fs.addObject();
      fo.put("file", f.file());
      ArrayNode as = fo.putArray("assertions");
      for (AssertionResult r : f.results()) {
        assertion(as.addObject(), f.network().orElseThrow(), r);
      }
      diagnostics(fo.putArray("diagnostics"), f.diagnostics());
    }
    Summary s = Summary.of(files);
    ObjectNode so = root.putObject("summary");
    so.put("proved", s.proved());
    so.put("refuted", s.refuted());
    so.put("unknown", s.unknown());
    so.put("errors", s.errors());
    so.put("exitCode", s.exitCode());
    try {
      DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
      pp.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
      pp.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
      return MAPPER.writer(pp).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertion(ObjectNode o, Network n, AssertionResult r) {
    Assertion a = r.assertion();
    o.put("file", a.span().file());
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
      counterexample(o.putObject("counterexample"), n, ref.counterexample(), r);
    } else {
      o.putNull("counterexample");
    }
    if (v instanceof Verdict.Unknown u) {
      o.put("reason", u.reason());
    }
    if (v instanceof Verdict.Proved p) {
      rules(o.putArray("dependsOn"), p.dependsOn());
      ArrayNode steps = o.putArray("dependsOnSteps");
      p.steps().forEach(steps::add);
    }
    r.decidedBy().ifPresent(rules -> rules(o.putArray("decidedBy"), rules));
    r.violations().ifPresent(l -> violations(o.putObject("violations"), l));
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

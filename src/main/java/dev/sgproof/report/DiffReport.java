package dev.sgproof.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.flows.FlowBox;
import dev.sgproof.flows.FlowSet;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.Diff;
import dev.sgproof.query.DiffAssertions;
import dev.sgproof.semantics.Decision;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.NicDecision;
import dev.sgproof.semantics.Step;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code sgproof diff} in text, Markdown (a pull-request comment: a short table first, the details
 * folded), JSON (language.md, "Diff") and SARIF (a result per listed box at the rule of NEW that
 * decides a flow of it, and per assertion whose verdict changes). Each box is labelled with the
 * NICs its source and destination ranges touch in either version ({@code web (old)} for a NIC only
 * OLD has) and {@code external} when a range holds an address no NIC of either version owns.
 */
public final class DiffReport {
  /** The most names listed for one side of a box; the rest are counted. */
  static final int MAX_NAMES = 50;
  /** Rows of the short table of the Markdown report. */
  static final int SHORT_TABLE = 10;

  private final Diff diff;
  private final int maxBoxes;
  private final FlowSet.Boxes opened;
  private final FlowSet.Boxes closed;
  private final Labels labels;

  /** @param maxBoxes how many boxes of each kind to list at most ({@code --max-boxes}) */
  public DiffReport(Diff diff, int maxBoxes) {
    this.diff = diff;
    this.maxBoxes = maxBoxes;
    this.opened = diff.flows().newlyPermitted().boxes(maxBoxes);
    this.closed = diff.flows().newlyDenied().boxes(maxBoxes);
    this.labels = new Labels(diff.old(), diff.neu());
  }

  // ------------------------------------------------------------------ text

  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("sgproof diff ").append(diff.oldFile()).append(" -> ").append(diff.newFile())
        .append('\n');
    section(b, "newly permitted", opened);
    section(b, "newly denied", closed);
    List<DiffAssertions.Change> as = diff.assertions();
    b.append("assertions whose verdict changes: ").append(as.isEmpty() ? "none" : as.size())
        .append('\n');
    for (DiffAssertions.Change c : as) {
      b.append("  ").append(where(c)).append(": ").append(name(c)).append(": ")
          .append(verdict(c.oldVerdict(), c.oldNote())).append(" -> ")
          .append(verdict(c.newVerdict(), c.newNote())).append('\n');
    }
    return b.toString();
  }

  private void section(StringBuilder b, String title, FlowSet.Boxes boxes) {
    b.append(title).append(": ");
    if (boxes.total().signum() == 0) {
      b.append("none\n");
      return;
    }
    b.append(boxes.total()).append(boxes.total().equals(BigInteger.ONE) ? " box" : " boxes");
    if (boxes.truncated()) {
      b.append(" (the first ").append(boxes.boxes().size()).append(" listed; --max-boxes)");
    }
    b.append('\n');
    for (FlowBox x : boxes.boxes()) {
      b.append("  ").append(x).append("  (").append(labels.side(x.srcLow(), x.srcHigh()).text())
          .append(" -> ").append(labels.side(x.dstLow(), x.dstHigh()).text()).append(")\n");
    }
  }

  private static String where(DiffAssertions.Change c) {
    return c.file() + ":" + c.assertion().line();
  }

  private static String name(DiffAssertions.Change c) {
    return c.assertion().hasLabel()
        ? "\"" + c.assertion().label() + "\": " + c.assertion().text()
        : c.assertion().text();
  }

  private static String verdict(Optional<String> v, Optional<String> note) {
    return v.orElseGet(() -> "no verdict (" + note.orElse("") + ")");
  }

  // ------------------------------------------------------------------ markdown

  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("### sgproof diff\n\n");
    b.append('`').append(code(diff.oldFile())).append("` \u2192 `").append(code(diff.newFile()))
        .append("`: ");
    BigInteger o = opened.total();
    BigInteger c = closed.total();
    if (o.signum() == 0 && c.signum() == 0) {
      b.append("**no flow changes**");
    } else {
      b.append("**opens ").append(o).append(o.equals(BigInteger.ONE) ? " box" : " boxes")
          .append(" of flows, closes ").append(c).append("**");
    }
    int a = diff.assertions().size();
    b.append("; ").append(a == 0 ? "no" : String.valueOf(a))
        .append(a == 1 ? " assertion changes its verdict" : " assertions change their verdict")
        .append(".\n\n");
    List<String[]> rows = new ArrayList<>();
    for (FlowBox x : opened.boxes()) {
      rows.add(row("opened", x));
    }
    for (FlowBox x : closed.boxes()) {
      rows.add(row("closed", x));
    }
    if (!rows.isEmpty()) {
      b.append("| change | traffic | from | to |\n|---|---|---|---|\n");
      for (String[] r : rows.subList(0, Math.min(SHORT_TABLE, rows.size()))) {
        b.append("| ").append(String.join(" | ", r)).append(" |\n");
      }
      b.append('\n');
      b.append("<details><summary>All listed boxes: ").append(opened.boxes().size())
          .append(" opened, ").append(closed.boxes().size()).append(" closed");
      if (opened.truncated() || closed.truncated()) {
        b.append(" (of ").append(o).append(" and ").append(c).append(")");
      }
      b.append("</summary>\n\n```text\n");
      for (FlowBox x : opened.boxes()) {
        b.append("opened ").append(x).append("  (").append(labels.side(x.srcLow(), x.srcHigh())
            .text()).append(" -> ").append(labels.side(x.dstLow(), x.dstHigh()).text())
            .append(")\n");
      }
      for (FlowBox x : closed.boxes()) {
        b.append("closed ").append(x).append("  (").append(labels.side(x.srcLow(), x.srcHigh())
            .text()).append(" -> ").append(labels.side(x.dstLow(), x.dstHigh()).text())
            .append(")\n");
      }
      b.append("```\n\n</details>\n\n");
    }
    if (a > 0) {
      b.append("<details><summary>Assertions whose verdict changes (").append(a)
          .append(")</summary>\n\n| assertion | where | old | new |\n|---|---|---|---|\n");
      for (DiffAssertions.Change ch : diff.assertions()) {
        b.append("| ").append(cell(name(ch))).append(" | ").append(cell(where(ch))).append(" | ")
            .append(cell(verdict(ch.oldVerdict(), ch.oldNote()))).append(" | ")
            .append(cell(verdict(ch.newVerdict(), ch.newNote()))).append(" |\n");
      }
      b.append("\n</details>\n");
    }
    return b.toString();
  }

  private String[] row(String change, FlowBox x) {
    return new String[] {change, cell(traffic(x)),
        cell(labels.side(x.srcLow(), x.srcHigh()).text() + " (" + range(x.srcLow(), x.srcHigh())
            + ")"),
        cell(labels.side(x.dstLow(), x.dstHigh()).text() + " (" + range(x.dstLow(), x.dstHigh())
            + ")")};
  }

  /** {@code tcp 5432}, {@code tcp 1-1024 from ports 1024-65535}, {@code icmp}, {@code proto 0}. */
  static String traffic(FlowBox x) {
    StringBuilder b = new StringBuilder();
    if (x.protocolLow() == x.protocolHigh()) {
      b.append(Protocols.isNamed(x.protocolLow()) ? Protocols.name(x.protocolLow())
          : "proto " + x.protocolLow());
    } else {
      b.append("proto ").append(x.protocolLow()).append('-').append(x.protocolHigh());
    }
    if (x.hasPorts()) {
      PortRange d = x.dstPorts().orElseThrow();
      PortRange s = x.srcPorts().orElseThrow();
      if (!d.isAll()) {
        b.append(' ').append(d);
      }
      if (!s.isAll()) {
        b.append(" from ports ").append(s);
      }
    }
    return b.toString();
  }

  private static String range(IpAddress low, IpAddress high) {
    return low.equals(high) ? low.toString() : low + "-" + high;
  }

  /** Text for a Markdown table cell: one line, with Markdown and HTML characters escaped. */
  static String cell(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\n', '\r', '\t' -> b.append(' ');
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '|', '\\', '`', '*', '_', '[', ']', '#', '~' -> b.append('\\').append(ch);
        default -> b.append(Character.isISOControl(ch) ? ' ' : ch);
      }
    }
    return b.toString();
  }

  /** Text inside inline code: no backticks or line ends. */
  private static String code(String s) {
    return s.replace('`', '\'').replace('\n', ' ').replace('\r', ' ');
  }

  // ------------------------------------------------------------------ json

  public ObjectNode json() {
    ObjectNode root = Json.object();
    root.put("old", diff.oldFile());
    root.put("new", diff.newFile());
    boxes(root.putObject("newlyPermitted"), opened);
    boxes(root.putObject("newlyDenied"), closed);
    ArrayNode as = root.putArray("assertions");
    for (DiffAssertions.Change c : diff.assertions()) {
      ObjectNode o = as.addObject();
      o.put("file", c.file());
      o.put("line", c.assertion().line());
      if (c.assertion().hasLabel()) {
        o.put("label", c.assertion().label());
      } else {
        o.putNull("label");
      }
      o.put("text", c.assertion().text());
      verdict(o, "old", c.oldVerdict(), c.oldNote());
      verdict(o, "new", c.newVerdict(), c.newNote());
    }
    return root;
  }

  private static void verdict(ObjectNode o, String side, Optional<String> v, Optional<String> note) {
    if (v.isPresent()) {
      o.put(side, v.get());
    } else {
      o.putNull(side);
    }
    note.ifPresent(n -> o.put(side + "Note", n));
  }

  private void boxes(ObjectNode o, FlowSet.Boxes boxes) {
    ArrayNode arr = o.putArray("boxes");
    for (FlowBox x : boxes.boxes()) {
      ObjectNode b = arr.addObject();
      box(b, x);
      labels.side(x.srcLow(), x.srcHigh()).put(b, "from");
      labels.side(x.dstLow(), x.dstHigh()).put(b, "to");
    }
    o.put("total", boxes.total());
    o.put("truncated", boxes.truncated());
  }

  /** The violation box shape of language.md without {@code permitted}. */
  static void box(ObjectNode b, FlowBox x) {
    ArrayNode p = b.putArray("protocol");
    p.add(x.protocolLow());
    p.add(x.protocolHigh());
    ArrayNode s = b.putArray("src");
    s.add(x.srcLow().toString());
    s.add(x.srcHigh().toString());
    ArrayNode d = b.putArray("dst");
    d.add(x.dstLow().toString());
    d.add(x.dstHigh().toString());
    ports(b, "srcPort", x.srcPorts());
    ports(b, "dstPort", x.dstPorts());
  }

  private static void ports(ObjectNode b, String field, Optional<PortRange> r) {
    if (r.isEmpty()) {
      b.putNull(field);
    } else {
      ArrayNode a = b.putArray(field);
      a.add(r.get().low());
      a.add(r.get().high());
    }
  }

  // ------------------------------------------------------------------ sarif

  /**
   * A result per listed box, at the rule of NEW that decides a flow of it (the allow that lets an
   * opened flow in, the deny that stops a closed one; the NIC's declaration when a default or the
   * intra-group allow decides, NEW's first line when NEW has no NIC on the flow), and per
   * assertion whose verdict changes, at the assertion.
   */
  public String sarif(String version) {
    Sarif s = new Sarif(version);
    Evaluator ev = new Evaluator(diff.neu());
    for (boolean open : new boolean[] {true, false}) {
      FlowSet set = open ? diff.flows().newlyPermitted() : diff.flows().newlyDenied();
      String id = open ? "opened" : "closed";
      if (!(open ? opened : closed).boxes().isEmpty()) {
        s.rule(id, open ? "The change newly permits these flows."
            : "The change newly denies these flows.", open ? "warning" : "note");
      }
      for (FlowBox x : (open ? opened : closed).boxes()) {
        Optional<Flow> w = witness(x, set);
        SourceSpan at = w.map(f -> decidedAt(ev, f, open)).orElse(SourceSpan.none(diff.newFile()));
        s.result(id, open ? "warning" : "note", id + ": " + x + " ("
            + labels.side(x.srcLow(), x.srcHigh()).text() + " -> "
            + labels.side(x.dstLow(), x.dstHigh()).text() + ")"
            + w.map(f -> "; for example " + f).orElse(""), at);
      }
    }
    if (!diff.assertions().isEmpty()) {
      s.rule("verdict-changed", "An assertion's verdict differs between the two versions.",
          "warning");
    }
    for (DiffAssertions.Change c : diff.assertions()) {
      s.result("verdict-changed", "warning", name(c) + ": "
          + verdict(c.oldVerdict(), c.oldNote()) + " -> " + verdict(c.newVerdict(), c.newNote()),
          c.assertion().span());
    }
    return s.render();
  }

  /** Where NEW decides the flow: the deciding rule, or the NIC; NEW's start when no NIC of it. */
  private SourceSpan decidedAt(Evaluator ev, Flow f, boolean permitted) {
    Network n = diff.neu();
    Optional<Nic> src = n.owner(f.src());
    Optional<Nic> dst = n.owner(f.dst());
    if (src.isEmpty() && dst.isEmpty() || src.isPresent() && src.equals(dst)) {
      return SourceSpan.none(diff.newFile());
    }
    Decision d = ev.evaluate(f);
    // Opened: every end allows; the rule of the ingress end first. Closed: an end that denies,
    // a rule rather than a default.
    NicDecision pick = null;
    for (NicDecision step : d.steps()) {
      if (!permitted && step.allowed()) {
        continue;
      }
      boolean rule = step.decidedBy() instanceof Step.CustomRule;
      boolean pickRule = pick != null && pick.decidedBy() instanceof Step.CustomRule;
      if (pick == null || rule && (!pickRule || permitted)) {
        pick = step;
      }
    }
    if (pick == null) {
      return SourceSpan.none(diff.newFile());
    }
    return pick.decidedBy() instanceof Step.CustomRule cr ? cr.rule().span() : pick.nic().span();
  }

  /** A flow of the set inside the box: its corners first, then a few more points. */
  static Optional<Flow> witness(FlowBox x, FlowSet set) {
    List<Integer> protocols = new ArrayList<>();
    for (int p = x.protocolLow(); p <= x.protocolHigh() && protocols.size() < 4; p++) {
      if (Protocols.fitsVersion(p, x.srcLow().version())) {
        protocols.add(p);
      }
    }
    for (int p : protocols) {
      for (IpAddress s : points(x.srcLow(), x.srcHigh())) {
        for (IpAddress d : points(x.dstLow(), x.dstHigh())) {
          Flow f = x.hasPorts()
              ? new Flow(s, d, p, preferred(x.srcPorts().orElseThrow()),
                  x.dstPorts().orElseThrow().low())
              : new Flow(s, d, p, Flow.NO_PORT, Flow.NO_PORT);
          if (set.contains(f)) {
            return Optional.of(f);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static int preferred(PortRange r) {
    return r.contains(49152) ? 49152 : r.low();
  }

  private static List<IpAddress> points(IpAddress low, IpAddress high) {
    TreeSet<IpAddress> out = new TreeSet<>();
    out.add(low);
    out.add(high);
    low.next().filter(a -> a.compareTo(high) <= 0).ifPresent(out::add);
    high.previous().filter(a -> a.compareTo(low) >= 0).ifPresent(out::add);
    return new ArrayList<>(out);
  }

  // ------------------------------------------------------------------ labels

  /** The names of the NICs of either version by address, to label ranges. */
  static final class Labels {
    private final TreeMap<IpAddress, List<String>> names = new TreeMap<>();

    Labels(Network old, Network neu) {
      for (Network n : List.of(old, neu)) {
        Network other = n == old ? neu : old;
        String only = n == old ? " (old)" : " (new)";
        for (Nic nic : n.nics()) {
          String name = other.nic(nic.id()).isPresent() ? nic.id() : nic.id() + only;
          for (IpAddress a : nic.addresses()) {
            names.computeIfAbsent(a, k -> new ArrayList<>()).add(name);
          }
        }
      }
    }

    /** The sorted names of a range, at most {@link #MAX_NAMES} listed. */
    Side side(IpAddress low, IpAddress high) {
      Map<IpAddress, List<String>> in = names.subMap(low, true, high, true);
      TreeSet<String> all = new TreeSet<>();
      in.values().forEach(all::addAll);
      BigInteger size = high.value().subtract(low.value()).add(BigInteger.ONE);
      if (size.compareTo(BigInteger.valueOf(in.size())) > 0) {
        all.add("external");
      }
      List<String> listed = new ArrayList<>(all);
      int more = Math.max(0, listed.size() - MAX_NAMES);
      return new Side(listed.subList(0, Math.min(MAX_NAMES, listed.size())), more);
    }
  }

  /** The names listed for one end of a box and how many more there are. */
  record Side(List<String> names, int more) {
    String text() {
      return String.join(", ", names) + (more > 0 ? " and " + more + " more" : "");
    }

    void put(ObjectNode b, String field) {
      ArrayNode a = b.putArray(field);
      names.forEach(a::add);
      if (more > 0) {
        b.put(field + "More", more);
      }
    }
  }
}

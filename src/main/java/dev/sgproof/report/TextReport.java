package dev.sgproof.report;

import dev.sgproof.flows.Violations;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Verdict;
import dev.sgproof.semantics.Decision;
import dev.sgproof.semantics.NicDecision;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The terminal format: one line per assertion (mark, label or text, file:line of the file it is
 * written in, an included one for an assertion from an include), the
 * counterexample and the deciding step at each end under a refuted one, and a closing summary.
 */
public final class TextReport {
  /** How many violation boxes are shown under a refuted assertion. */
  public static final int SHOWN_BOXES = 3;

  private final boolean colour;
  private final boolean quiet;
  private final boolean explain;

  /**
   * @param colour ANSI colours (only on a terminal, and never when NO_COLOR is set)
   * @param quiet print only refuted and unknown assertions (without their violation ranges), and
   *     the summary
   * @param explain under a proved assertion, the rules the proof depends on
   */
  public TextReport(boolean colour, boolean quiet, boolean explain) {
    this.colour = colour;
    this.quiet = quiet;
    this.explain = explain;
  }

  public String render(List<FileResult> files) {
    return render(files, Background.worthIt() ? this::split : List::size);
  }

  /**
   * The report, the lines from {@code split.applyAsInt(shown)} on (of the assertions shown) made
   * by a second thread while this one makes those before: the same lines in the same order,
   * whatever the split (TextReportTest compares every one).
   */
  String render(List<FileResult> files,
      java.util.function.ToIntFunction<List<AssertionResult>> split) {
    List<FileResult> of = new ArrayList<>();
    List<AssertionResult> shown = new ArrayList<>();
    for (FileResult f : files) {
      if (f.hasErrors()) {
        continue; // diagnostics are printed on standard error, with their carets
      }
      for (AssertionResult r : f.results()) {
        if (quiet && r.verdict() instanceof Verdict.Proved) {
          continue;
        }
        of.add(f);
        shown.add(r);
      }
    }
    int at = split.applyAsInt(shown);
    Background<StringBuilder> second = at == shown.size() ? null
        : new Background<>("sgproof-text", () -> lines(of, shown, at, shown.size()));
    StringBuilder out = lines(of, shown, 0, at);
    if (second != null) {
      out.append(second.join());
    }
    out.append(Summary.of(files).line()).append('\n');
    return out.toString();
  }

  private StringBuilder lines(List<FileResult> of, List<AssertionResult> shown, int from,
      int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      line(out, of.get(i), shown.get(i));
    }
    return out;
  }

  /** Reports that cost less than this (in {@link #cost} units) are made by one thread. */
  static final long SPLIT_FROM = 4_000;

  /**
   * Where about half of the lines' cost lies (a refuted assertion's counterexample and traces
   * weigh most), or {@code shown.size()} (no split) for a small report.
   */
  private int split(List<AssertionResult> shown) {
    long total = 0;
    for (AssertionResult r : shown) {
      total += cost(r);
    }
    if (total < SPLIT_FROM) {
      return shown.size();
    }
    long sum = 0;
    for (int i = 0; i < shown.size(); i++) {
      sum += cost(shown.get(i));
      if (2 * sum >= total) {
        return i + 1;
      }
    }
    return shown.size();
  }

  private long cost(AssertionResult r) {
    if (r.verdict() instanceof Verdict.Refuted) {
      return 20;
    }
    if (explain && r.verdict() instanceof Verdict.Proved p) {
      return 2 + p.dependsOn().size() + (r.decidedBy().isPresent() ? r.decidedBy().get().size() : 0);
    }
    return 1;
  }

  private void line(StringBuilder out, FileResult f, AssertionResult r) {
    Assertion a = r.assertion();
    Verdict v = r.verdict();
    String mark;
    if (v instanceof Verdict.Proved) {
      mark = paint("32", "\u2713 proved ");
    } else if (v instanceof Verdict.Refuted) {
      mark = paint("31;1", "\u2717 refuted");
    } else {
      mark = paint("33", "? unknown");
    }
    String name = a.hasLabel() ? a.label() : a.text();
    out.append(mark).append("  ").append(name).append("  ")
        .append(paint("2", a.span().file() + ":" + a.line())).append('\n');
    Network n = f.network().orElseThrow();
    if (v instanceof Verdict.Refuted ref) {
      if (a.hasLabel()) {
        out.append("    assertion:      ").append(a.text()).append('\n');
      }
      out.append("    counterexample: ").append(Counterexamples.describe(n, ref.counterexample()))
          .append('\n');
      Obligation o = r.broken().orElseThrow();
      Decision d = r.decision().orElseThrow();
      out.append("    expected:       ")
          .append(o.expect() == Expectation.PERMITTED ? "permitted" : "denied")
          .append(", but it is ").append(d.permitted() ? "permitted" : "denied").append('\n');
      for (NicDecision step : d.steps()) {
        out.append("      ");
        step.describeTo(out);
        out.append('\n');
      }
      if (!quiet) {
        r.violations().ifPresent(l -> violations(out, l));
      }
    } else if (v instanceof Verdict.Unknown u) {
      out.append("    ").append(u.reason()).append('\n');
    } else if (explain && v instanceof Verdict.Proved p) {
      if (p.dependsOn().isEmpty()) {
        out.append("    depends on no custom rule\n");
      }
      for (Rule rule : p.dependsOn()) {
        out.append("    depends on ").append(rule.span().file()).append(':').append(rule.line())
            .append(" group ").append(rule.group()).append(": ").append(rule.text()).append('\n');
      }
      for (String step : p.steps()) {
        out.append("    depends on ").append(step).append('\n');
      }
      for (Rule rule : r.decidedBy().orElse(List.of())) {
        out.append("    decided by ").append(rule.span().file()).append(':').append(rule.line())
            .append(" group ").append(rule.group()).append(": ").append(rule.text()).append('\n');
      }
    }
  }

  /** The first {@link #SHOWN_BOXES} violation boxes and how many more there are. */
  private static void violations(StringBuilder out, Violations.Listing l) {
    String head = "    violations:     ";
    int shown = 0;
    for (Violations.Box b : l.boxes()) {
      if (shown == SHOWN_BOXES) {
        break;
      }
      out.append(shown == 0 ? head : " ".repeat(head.length()))
          .append(b.box()).append(b.permitted() ? " (permitted)" : " (denied)").append('\n');
      shown++;
    }
    BigInteger more = l.total().subtract(BigInteger.valueOf(shown));
    if (more.signum() > 0) {
      out.append(" ".repeat(head.length())).append("and ").append(more)
          .append(more.equals(BigInteger.ONE) ? " more range" : " more ranges").append('\n');
    }
  }

  private String paint(String code, String text) {
    return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}

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
    StringBuilder out = new StringBuilder();
    for (FileResult f : files) {
      if (f.hasErrors()) {
        continue; // diagnostics are printed on standard error, with their carets
      }
      for (AssertionResult r : f.results()) {
        if (quiet && r.verdict() instanceof Verdict.Proved) {
          continue;
        }
        line(out, f, r);
      }
    }
    out.append(Summary.of(files).line()).append('\n');
    return out.toString();
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

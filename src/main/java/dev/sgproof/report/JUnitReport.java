package dev.sgproof.report;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.model.Assertion;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Expectation;
import dev.sgproof.query.Verdict;
import dev.sgproof.semantics.Decision;
import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI test reports: one {@code <testsuite>} per spec file (named by its path), one
 * {@code <testcase>} per assertion (named by its label, or its text when it has none; classname
 * the file). A refuted assertion is a {@code <failure>} whose body holds the counterexample and
 * the evaluator's trace; an unknown one an {@code <error>}. A file that does not resolve has one
 * {@code <error>} test case per diagnostic, named by code and position. No timestamps or times:
 * the same results give the same bytes.
 */
public final class JUnitReport {

  public String render(List<FileResult> files) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      nl(w, 0);
      Summary s = Summary.of(files);
      w.writeStartElement("testsuites");
      w.writeAttribute("name", "sgproof");
      w.writeAttribute("tests", Integer.toString(s.proved() + s.refuted() + s.unknown()
          + files.stream().filter(FileResult::hasErrors).mapToInt(f -> f.diagnostics().size()).sum()));
      w.writeAttribute("failures", Integer.toString(s.refuted()));
      w.writeAttribute("errors", Integer.toString(s.unknown()
          + files.stream().filter(FileResult::hasErrors).mapToInt(f -> f.diagnostics().size()).sum()));
      for (FileResult f : files) {
        suite(w, f);
      }
      nl(w, 0);
      w.writeEndElement();
      nl(w, 0);
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static void suite(XMLStreamWriter w, FileResult f) throws XMLStreamException {
    int tests;
    int failures = 0;
    int errors = 0;
    if (f.hasErrors()) {
      tests = f.diagnostics().size();
      errors = tests;
    } else {
      tests = f.results().size();
      for (AssertionResult r : f.results()) {
        if (r.verdict() instanceof Verdict.Refuted) {
          failures++;
        } else if (r.verdict() instanceof Verdict.Unknown) {
          errors++;
        }
      }
    }
    nl(w, 1);
    w.writeStartElement("testsuite");
    w.writeAttribute("name", xml(f.file()));
    w.writeAttribute("tests", Integer.toString(tests));
    w.writeAttribute("failures", Integer.toString(failures));
    w.writeAttribute("errors", Integer.toString(errors));
    w.writeAttribute("skipped", "0");
    if (f.hasErrors()) {
      for (Diagnostic d : f.diagnostics()) {
        nl(w, 2);
        w.writeStartElement("testcase");
        w.writeAttribute("name", xml(d.code().id() + " at " + d.span().position()));
        w.writeAttribute("classname", xml(f.file()));
        nl(w, 3);
        w.writeStartElement("error");
        w.writeAttribute("message", xml(d.message()));
        w.writeAttribute("type", d.severity().word() + " " + d.code().id());
        w.writeCharacters(xml(d.span().position() + ": " + d.severity().word() + "["
            + d.code().id() + "]: " + d.message() + "\n"));
        w.writeEndElement();
        nl(w, 2);
        w.writeEndElement();
      }
    } else {
      for (AssertionResult r : f.results()) {
        testcase(w, f, r);
      }
    }
    nl(w, 1);
    w.writeEndElement();
  }

  private static void testcase(XMLStreamWriter w, FileResult f, AssertionResult r)
      throws XMLStreamException {
    Assertion a = r.assertion();
    nl(w, 2);
    w.writeStartElement("testcase");
    w.writeAttribute("name", xml(a.hasLabel() ? a.label() : a.text()));
    w.writeAttribute("classname", xml(f.file()));
    Verdict v = r.verdict();
    if (v instanceof Verdict.Refuted ref) {
      String cex = Counterexamples.describe(f.network().orElseThrow(), ref.counterexample());
      Decision d = r.decision().orElseThrow();
      StringBuilder body = new StringBuilder();
      body.append(a.span().file()).append(':').append(a.line()).append(": refuted: ").append(a.text())
          .append('\n');
      body.append("counterexample: ").append(cex).append('\n');
      body.append("expected: ")
          .append(r.broken().orElseThrow().expect() == Expectation.PERMITTED ? "permitted" : "denied")
          .append(", but it is ").append(d.permitted() ? "permitted" : "denied").append('\n');
      for (String step : d.trace()) {
        body.append("  ").append(step).append('\n');
      }
      nl(w, 3);
      w.writeStartElement("failure");
      w.writeAttribute("message", xml("counterexample: " + cex));
      w.writeAttribute("type", "refuted");
      w.writeCharacters(xml(body.toString()));
      w.writeEndElement();
      nl(w, 2);
    } else if (v instanceof Verdict.Unknown u) {
      nl(w, 3);
      w.writeStartElement("error");
      w.writeAttribute("message", xml(u.reason()));
      w.writeAttribute("type", "unknown");
      w.writeCharacters(xml(a.span().file() + ":" + a.line() + ": unknown: " + a.text() + "\n"
          + u.reason() + "\n"));
      w.writeEndElement();
      nl(w, 2);
    }
    w.writeEndElement();
  }

  private static void nl(XMLStreamWriter w, int depth) throws XMLStreamException {
    w.writeCharacters("\n" + "  ".repeat(depth));
  }

  /** Replaces characters XML 1.0 cannot carry at all (escaping is the writer's job). */
  static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
      b.appendCodePoint(ok ? c : 0xFFFD);
    });
    return b.toString();
  }
}

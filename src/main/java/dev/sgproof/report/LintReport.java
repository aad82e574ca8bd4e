package dev.sgproof.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.Severity;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Network;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.Lint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code sgproof lint} in text (each finding rendered like a diagnostic, with the rules that make
 * it so), JSON (language.md, "Lint") and SARIF (code-scanning annotations on the rule lines). The
 * warnings of loading (quotas and other validity warnings) are findings too.
 */
public final class LintReport {
  /** The most NIC names an exposure lists in text; JSON lists all. */
  static final int NICS_SHOWN = 5;

  /** One spec's findings: its name, sources (to show lines), network, warnings and findings. */
  public record FileFindings(String file, Map<String, SourceText> sources, Network network,
      List<Diagnostic> warnings, List<Lint.Finding> findings) {
    public FileFindings {
      Objects.requireNonNull(file, "file");
      sources = Map.copyOf(sources);
      Objects.requireNonNull(network, "network");
      warnings = List.copyOf(warnings);
      findings = List.copyOf(findings);
    }
  }

  /** A finding or a warning, in one form: what every format prints. */
  private record Item(DiagnosticCode code, String kind, SourceSpan span, Optional<String> group,
      Optional<PortRange> ports, String message, List<SourceSpan> by, Optional<Lint.Finding> of) {}

  private final List<FileFindings> files;

  public LintReport(List<FileFindings> files) {
    this.files = List.copyOf(files);
  }

  /** The number of findings (warnings included): exit 1 when not 0. */
  public int count() {
    return files.stream().mapToInt(f -> items(f).size()).sum();
  }

  private static List<Item> items(FileFindings f) {
    List<Item> out = new ArrayList<>();
    for (Diagnostic d : f.warnings()) {
      boolean quota = d.code().id().compareTo("SG101") >= 0 && d.code().id().compareTo("SG106") <= 0;
      out.add(new Item(d.code(), quota ? "quota" : "validity", d.span(), Optional.empty(),
          Optional.empty(), d.message(), List.of(), Optional.empty()));
    }
    for (Lint.Finding x : f.findings()) {
      out.add(new Item(code(x.kind()), x.kind().word(), x.span(), Optional.of(x.group()),
          x.ports(), x.message(), x.by(), Optional.of(x)));
    }
    out.sort(Comparator.comparing((Item i) -> i.span().file()).thenComparingInt(i -> i.span().line())
        .thenComparingInt(i -> i.span().column()).thenComparing(i -> i.code().id()));
    return out;
  }

  static DiagnosticCode code(Lint.Kind k) {
    return switch (k) {
      case SHADOWED -> DiagnosticCode.SG201;
      case REDUNDANT -> DiagnosticCode.SG202;
      case DUPLICATE -> DiagnosticCode.SG203;
      case UNUSED -> DiagnosticCode.SG204;
      case EXPOSURE -> DiagnosticCode.SG205;
    };
  }

  // ------------------------------------------------------------------ text

  public String text() {
    StringBuilder b = new StringBuilder();
    TreeMap<String, Integer> counts = new TreeMap<>();
    int total = 0;
    for (FileFindings f : files) {
      DiagnosticRenderer renderer = new DiagnosticRenderer(f.sources());
      for (Item i : items(f)) {
        total++;
        counts.merge(i.kind(), 1, Integer::sum);
        b.append(renderer.render(new Diagnostic(i.code(), Severity.WARNING, i.span(),
            i.kind() + reasons(i) + ": " + i.message())));
        if (!i.by().isEmpty()) {
          b.append("    by: ").append(places(i.by())).append('\n');
        }
        if (i.of().isPresent() && i.of().get().exposure().isPresent()) {
          Lint.Exposure e = i.of().get().exposure().get();
          List<String> nics = e.nics();
          b.append("    reaches: ").append(String.join(", ", nics.subList(0,
              Math.min(NICS_SHOWN, nics.size()))));
          if (nics.size() > NICS_SHOWN) {
            b.append(" and ").append(nics.size() - NICS_SHOWN).append(" more");
          }
          b.append('\n').append("    witness: ")
              .append(Counterexamples.describe(f.network(), e.witness())).append('\n');
          for (String t : e.trace()) {
            b.append("      ").append(t).append('\n');
          }
        }
      }
    }
    if (total == 0) {
      b.append("no findings\n");
    } else {
      List<String> parts = new ArrayList<>();
      counts.forEach((k, n) -> parts.add(n + " " + k));
      b.append(total).append(total == 1 ? " finding: " : " findings: ")
          .append(String.join(", ", parts)).append('\n');
    }
    return b.toString();
  }

  private static String reasons(Item i) {
    if (i.of().isEmpty() || i.of().get().reasons().isEmpty()) {
      return "";
    }
    return " (" + String.join(", ", i.of().get().reasons().stream()
        .map(Lint.Reason::word).toList()) + ")";
  }

  private static String places(List<SourceSpan> spans) {
    List<String> out = new ArrayList<>();
    for (SourceSpan s : spans) {
      out.add(s.file() + ":" + s.line());
    }
    return String.join(", ", out);
  }

  // ------------------------------------------------------------------ json

  public ObjectNode json() {
    ObjectNode root = Json.object();
    ArrayNode fs = root.putArray("files");
    for (FileFindings f : files) {
      ObjectNode fo = fs.addObject();
      fo.put("file", f.file());
      ArrayNode arr = fo.putArray("findings");
      for (Item i : items(f)) {
        ObjectNode o = arr.addObject();
        o.put("code", i.code().id());
        o.put("kind", i.kind());
        o.put("file", i.span().file());
        o.put("line", i.span().line());
        if (i.group().isPresent()) {
          o.put("group", i.group().get());
        } else {
          o.putNull("group");
        }
        if (i.ports().isPresent()) {
          o.put("ports", i.ports().get().toString());
        } else {
          o.putNull("ports");
        }
        o.put("message", i.message());
        ArrayNode by = o.putArray("by");
        for (SourceSpan s : i.by()) {
          ObjectNode x = by.addObject();
          x.put("file", s.file());
          x.put("line", s.line());
        }
        o.put("column", i.span().column());
        if (i.of().isPresent() && !i.of().get().reasons().isEmpty()) {
          List<Lint.Reason> rs = i.of().get().reasons();
          o.put("reason", rs.size() == 1 ? rs.get(0).word() : "mixed");
          ArrayNode ra = o.putArray("reasons");
          rs.forEach(r -> ra.add(r.word()));
        }
        if (i.of().isPresent() && i.of().get().exposure().isPresent()) {
          Lint.Exposure e = i.of().get().exposure().get();
          o.put("protocol", Protocols.name(e.port().protocol()));
          o.put("port", e.port().port());
          ObjectNode flow = o.putObject("flow");
          JsonReport.flowFields(flow, f.network(), e.witness());
          ArrayNode trace = flow.putArray("trace");
          e.trace().forEach(trace::add);
          ArrayNode nics = o.putArray("nics");
          e.nics().forEach(nics::add);
        }
      }
    }
    return root;
  }

  // ------------------------------------------------------------------ sarif

  public String sarif(String version) {
    Sarif s = new Sarif(version);
    for (FileFindings f : files) {
      for (Item i : items(f)) {
        String level = switch (i.kind()) {
          case "redundant", "duplicate", "unused" -> "note";
          default -> "warning";
        };
        s.rule(i.code().id(), i.code().summary(), level);
        StringBuilder m = new StringBuilder(i.code().id()).append(' ').append(i.kind())
            .append(reasons(i)).append(": ").append(i.message());
        if (!i.by().isEmpty()) {
          m.append(" (by ").append(places(i.by())).append(')');
        }
        s.result(i.code().id(), level, m.toString(), i.span());
      }
    }
    return s.render();
  }
}

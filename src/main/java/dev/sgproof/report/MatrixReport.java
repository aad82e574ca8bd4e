package dev.sgproof.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.query.Matrix;
import java.util.List;
import java.util.Locale;

/** {@code sgproof matrix} in text, CSV and JSON. Cells that are never permitted are left out. */
public final class MatrixReport {
  private MatrixReport() {}

  public static String text(String file, Matrix.Result m) {
    StringBuilder b = new StringBuilder();
    b.append("who reaches whom in ").append(file).append(", by ")
        .append(m.by().name().toLowerCase(Locale.ROOT))
        .append(" (always: for every address of the pair and every source port; sometimes: for"
            + " some)\n");
    if (m.rows().equals(m.columns())) {
      folded(b, "", m.rows());
    } else {
      folded(b, " rows", m.rows());
      folded(b, " columns", m.columns());
    }
    if (!m.empty().isEmpty()) {
      b.append("groups without members (left out): ").append(String.join(", ", m.empty()))
          .append('\n');
    }
    int shown = 0;
    for (int i = 0; i < m.rows().size(); i++) {
      for (int j = 0; j < m.columns().size(); j++) {
        Matrix.Cell c = m.cells().get(i).get(j);
        if (c.never()) {
          continue;
        }
        shown++;
        b.append(m.rows().get(i).label()).append(" -> ").append(m.columns().get(j).label())
            .append(':');
        if (!c.always().isEmpty()) {
          b.append(" always ").append(c.show(c.always()));
        }
        if (!c.sometimes().isEmpty()) {
          b.append(c.always().isEmpty() ? "" : ";").append(" sometimes ").append(c.show(c.sometimes()));
        }
        b.append('\n');
      }
    }
    if (shown == 0) {
      b.append("nothing is permitted between any pair\n");
    }
    return b.toString();
  }

  private static void folded(StringBuilder b, String what, List<Matrix.Line> lines) {
    for (Matrix.Line l : lines) {
      if (l.count() > 1) {
        b.append("folded").append(what).append(": ").append(l.label()).append(" = ")
            .append(String.join(", ", l.names())).append('\n');
      }
    }
  }

  public static String csv(Matrix.Result m) {
    StringBuilder b = new StringBuilder("from,from_count,to,to_count,always,sometimes\n");
    for (int i = 0; i < m.rows().size(); i++) {
      for (int j = 0; j < m.columns().size(); j++) {
        Matrix.Cell c = m.cells().get(i).get(j);
        if (!c.flows()) {
          continue;
        }
        b.append(csvField(String.join(" ", m.rows().get(i).names()))).append(',')
            .append(m.rows().get(i).count()).append(',')
            .append(csvField(String.join(" ", m.columns().get(j).names()))).append(',')
            .append(m.columns().get(j).count()).append(',')
            .append(csvField(c.show(c.always()))).append(',')
            .append(csvField(c.show(c.sometimes()))).append('\n');
      }
    }
    return b.toString();
  }

  /** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
  static String csvField(String s) {
    String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  public static ObjectNode json(String file, Matrix.Result m) {
    ObjectNode root = Json.object();
    root.put("file", file);
    root.put("by", m.by().name().toLowerCase(Locale.ROOT));
    lines(root.putArray("rows"), m.rows());
    lines(root.putArray("columns"), m.columns());
    ArrayNode empty = root.putArray("emptyGroups");
    m.empty().forEach(empty::add);
    ArrayNode cells = root.putArray("cells");
    for (int i = 0; i < m.rows().size(); i++) {
      for (int j = 0; j < m.columns().size(); j++) {
        Matrix.Cell c = m.cells().get(i).get(j);
        if (c.never()) {
          continue;
        }
        ObjectNode o = cells.addObject();
        o.put("row", i);
        o.put("column", j);
        o.put("always", c.show(c.always()));
        o.put("sometimes", c.show(c.sometimes()));
      }
    }
    return root;
  }

  private static void lines(ArrayNode out, List<Matrix.Line> lines) {
    for (Matrix.Line l : lines) {
      ObjectNode o = out.addObject();
      ArrayNode names = o.putArray("names");
      l.names().forEach(names::add);
      o.put("count", l.count());
    }
  }
}

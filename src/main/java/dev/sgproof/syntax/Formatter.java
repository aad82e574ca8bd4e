package dev.sgproof.syntax;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.ast.GroupDecl;
import dev.sgproof.syntax.ast.InstanceDecl;
import dev.sgproof.syntax.ast.NicDecl;
import dev.sgproof.syntax.ast.RuleDecl;
import dev.sgproof.syntax.ast.SpecNode;
import dev.sgproof.syntax.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sgproof fmt}: parses a spec (syntax only; includes are not followed) and prints it with
 * {@link DocumentPrinter}, keeping every comment. A comment alone on its line stays above the
 * statement, rule or NIC that follows it (or before the closing brace, or at the end of the file);
 * a comment after code stays at the end of the line of the last statement, rule, NIC or closing
 * brace that starts before it (so a comment inside a statement that spans lines moves to the end
 * of its first line). Blank lines between statements, rules and comments are kept, runs collapsed
 * to one. LF, CRLF and a lone CR each end a line; the result uses the line ending of the file's
 * first line end (LF when it has none), so a CRLF or CR file stays CRLF or CR.
 */
public final class Formatter {
  private Formatter() {}

  /** The canonical text, or the syntax errors that prevent formatting. */
  public record Result(String text, List<Diagnostic> errors) {
    public Result {
      errors = List.copyOf(errors);
    }

    public boolean ok() {
      return errors.isEmpty();
    }
  }

  public static Result format(SourceText source) {
    ParseResult parsed = Parser.parse(source);
    if (parsed.hasErrors()) {
      return new Result("", parsed.diagnostics());
    }
    String text = DocumentPrinter.print(document(source, parsed.spec(), new Work()));
    String separator = source.lineSeparator();
    return new Result(separator.equals("\n") ? text : text.replace("\n", separator), List.of());
  }

  /** Counts the steps of comment placement, so that tests can check it stays linear. */
  static final class Work {
    long steps;
  }

  /** A position in the text, ordered by line then column. */
  private record Pos(int line, int col) implements Comparable<Pos> {
    @Override
    public int compareTo(Pos o) {
      return line != o.line ? Integer.compare(line, o.line) : Integer.compare(col, o.col);
    }
  }

  private record Comment(Pos pos, String text, boolean afterCode) {}

  /** Something comments attach to: a statement, a rule or NIC, or a closing brace. */
  private static final class Anchor {
    final Pos pos;
    final List<String> leading = new ArrayList<>();
    final List<String> trailing = new ArrayList<>();

    Anchor(Pos pos) {
      this.pos = pos;
    }
  }

  /**
   * Places the comments: one pass over the text, then sweeps over sorted lists (statements,
   * rules, NICs, closing braces and comments are each in text order), so the work is linear in
   * the size of the text apart from one sort of the anchors.
   */
  static Document document(SourceText source, SpecNode spec, Work work) {
    List<Pos> closers = new ArrayList<>();
    boolean[] blank = new boolean[source.lineCount() + 1];
    List<Comment> comments = scan(source, closers, blank, work);
    List<Statement> statements = spec.statements();
    List<Anchor> all = new ArrayList<>();
    List<Anchor> heads = new ArrayList<>();
    List<List<Anchor>> inners = new ArrayList<>();
    List<Anchor> closes = new ArrayList<>();
    int nextCloser = 0;
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      Anchor head = new Anchor(pos(s.span()));
      heads.add(head);
      all.add(head);
      List<Anchor> inner = new ArrayList<>();
      Pos last = head.pos;
      if (s instanceof GroupDecl g) {
        for (RuleDecl r : g.rules()) {
          inner.add(new Anchor(pos(r.span())));
        }
      } else if (s instanceof InstanceDecl.Block b) {
        for (NicDecl n : b.nics()) {
          inner.add(new Anchor(new Pos(n.name().span().line(), 1)));
        }
      }
      work.steps += inner.size();
      all.addAll(inner);
      if (!inner.isEmpty()) {
        last = inner.get(inner.size() - 1).pos;
      }
      inners.add(inner);
      Pos next = i + 1 < statements.size() ? pos(statements.get(i + 1).span()) : null;
      Anchor close = null;
      if (s instanceof GroupDecl || s instanceof InstanceDecl.Block) {
        // The first closing brace after the last rule or NIC and before the next statement.
        // Statements come in text order, so the closers before this one are never needed again.
        while (nextCloser < closers.size() && closers.get(nextCloser).compareTo(last) <= 0) {
          nextCloser++;
          work.steps++;
        }
        if (nextCloser < closers.size()
            && (next == null || closers.get(nextCloser).compareTo(next) < 0)) {
          close = new Anchor(closers.get(nextCloser));
          all.add(close);
          nextCloser++;
        }
      }
      closes.add(close);
    }
    all.sort((a, b) -> a.pos.compareTo(b.pos));
    List<String> end = new ArrayList<>();
    // below: the anchors before the comment; after: the first anchor after it.
    int below = 0;
    int after = 0;
    for (Comment c : comments) {
      work.steps++;
      while (below < all.size() && all.get(below).pos.compareTo(c.pos) < 0) {
        below++;
        work.steps++;
      }
      after = Math.max(after, below);
      while (after < all.size() && all.get(after).pos.compareTo(c.pos) <= 0) {
        after++;
        work.steps++;
      }
      if (c.afterCode && below > 0) {
        all.get(below - 1).trailing.add(c.text);
        continue;
      }
      List<String> into = after < all.size() ? all.get(after).leading : end;
      if (c.pos.line > 1 && blank[c.pos.line - 1]) {
        into.add("");
      }
      into.add(c.text);
    }
    for (Anchor a : all) {
      work.steps++;
      if (a.pos.line > 1 && blank[a.pos.line - 1]) {
        a.leading.add("");
      }
    }
    List<Document.Item> items = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Anchor head = heads.get(i);
      Anchor close = closes.get(i);
      List<Document.Inner> inner = new ArrayList<>();
      for (Anchor a : inners.get(i)) {
        inner.add(new Document.Inner(a.leading, a.trailing));
      }
      items.add(
          new Document.Item(
              head.leading,
              statements.get(i),
              head.trailing,
              inner,
              close == null ? List.of() : close.leading,
              close == null ? List.of() : close.trailing));
    }
    return new Document(items, end);
  }

  private static Pos pos(dev.sgproof.diag.SourceSpan s) {
    return new Pos(s.line(), s.column());
  }

  /**
   * Finds comments and closing braces outside strings and comments, and marks the blank lines
   * ({@code blank[n]} for line n).
   */
  private static List<Comment> scan(
      SourceText source, List<Pos> closers, boolean[] blank, Work work) {
    List<Comment> out = new ArrayList<>();
    for (int ln = 1; ln <= source.lineCount(); ln++) {
      String line = source.line(ln);
      blank[ln] = line.isBlank();
      boolean inString = false;
      boolean code = false;
      for (int i = 0; i < line.length(); i++) {
        work.steps++;
        char ch = line.charAt(i);
        if (inString) {
          inString = ch != '"';
        } else if (ch == '"') {
          inString = true;
        } else if (ch == '#' || (ch == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/')) {
          out.add(new Comment(new Pos(ln, i + 1), line.substring(i).stripTrailing(), code));
          break;
        } else if (ch == '}') {
          closers.add(new Pos(ln, i + 1));
        }
        code = code || !Character.isWhitespace(ch);
      }
    }
    return out;
  }
}

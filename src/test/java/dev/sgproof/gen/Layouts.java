package dev.sgproof.gen;

import dev.sgproof.syntax.antlr.SgProofLexer;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Re-lays out spec text without changing its tokens: every gap between two tokens becomes random
 * blanks, line breaks (inside statements too), blank lines, comments after code or alone on their
 * line (comments hold braces, quotes, {@code #}, {@code //} and spec text), and strings get
 * {@code #}, {@code //} and braces inside. Line breaks are LF, CRLF, CR or a mix. What the spec
 * means is unchanged except the strings (labels); tests compare a layout with its own formatting.
 */
public final class Layouts {
  /** The line ending of a layout. */
  public enum Eol {
    LF("\n"),
    CRLF("\r\n"),
    CR("\r"),
    MIXED("");

    final String text;

    Eol(String text) {
      this.text = text;
    }
  }

  private static final List<String> COMMENT_WORDS =
      List.of(
          "note",
          "}",
          "{",
          "\"",
          "\"quoted\"",
          "#",
          "//",
          "/",
          "ingress allow all from any",
          "group Evil",
          "instance X ip 10.9.9.9 in Evil",
          "assert internet -> X reachable",
          "\t",
          "é",
          "\uD83D\uDE00");

  private Layouts() {}

  /** The tokens of {@code text} (comments and blanks dropped), as written. */
  public static List<String> tokens(String text) {
    SgProofLexer lexer = new SgProofLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    return lexer.getAllTokens().stream()
        .filter(t -> t.getChannel() == Token.DEFAULT_CHANNEL)
        .map(Token::getText)
        .toList();
  }

  /** {@code text} re-laid out, with LF line ends ({@link #withEol} turns them into others). */
  public static String scramble(String text, Gen g) {
    StringBuilder b = new StringBuilder();
    if (g.chance(0.3)) {
      b.append(comment(g)).append('\n');
    }
    for (String t : tokens(text)) {
      if (t.startsWith("\"") && t.endsWith("\"") && t.length() >= 2 && g.chance(0.5)) {
        t = "\"" + t.substring(1, t.length() - 1) + " # not // a {comment}\"";
      }
      b.append(t);
      b.append(gap(g));
    }
    if (g.chance(0.3)) {
      b.append(comment(g));
    }
    if (g.chance(0.7)) {
      b.append('\n');
    }
    return b.toString();
  }

  /**
   * The text with each LF replaced by {@code eol}; for {@link Eol#MIXED}, by LF, CRLF or CR at
   * random, never a CR right before an LF (that would be one CRLF line end, not two).
   */
  public static String withEol(String lfText, Eol eol, Gen g) {
    if (eol != Eol.MIXED) {
      return lfText.replace("\n", eol.text);
    }
    StringBuilder b = new StringBuilder(lfText.length() * 2);
    for (int i = 0; i < lfText.length(); i++) {
      char c = lfText.charAt(i);
      if (c != '\n') {
        b.append(c);
        continue;
      }
      boolean afterCr = b.length() > 0 && b.charAt(b.length() - 1) == '\r';
      b.append(afterCr ? g.pick(List.of("\r", "\r\n")) : g.pick(List.of("\n", "\r\n", "\r")));
    }
    return b.toString();
  }

  private static String gap(Gen g) {
    int roll = g.nextInt(100);
    if (roll < 55) {
      return " ";
    } else if (roll < 62) {
      return g.pick(List.of("  ", "\t", " \t ", "\f"));
    } else if (roll < 80) {
      return g.pick(List.of("", " ", "  ")) + "\n";
    } else if (roll < 88) {
      return g.pick(List.of(" ", "", "\t")) + comment(g) + "\n";
    } else if (roll < 94) {
      return "\n" + g.pick(List.of("", "  ", "\t")) + comment(g) + "\n";
    } else {
      return "\n" + g.pick(List.of("", " ", "\t ")) + "\n";
    }
  }

  private static String comment(Gen g) {
    StringBuilder b = new StringBuilder(g.chance(0.5) ? "#" : "//");
    for (int k = g.nextInt(4); k > 0; k--) {
      b.append(g.chance(0.7) ? " " : "").append(g.pick(COMMENT_WORDS));
    }
    return b.toString();
  }
}

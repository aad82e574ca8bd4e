package dev.sgproof.syntax;

import dev.sgproof.syntax.ast.Statement;
import java.util.List;
import java.util.Objects;

/**
 * A spec as the printer sees it: statements with the comments around them. A comment is kept as
 * written, with its {@code #} or {@code //}; in a list of leading comments an empty string stands
 * for a blank line (runs collapse to one; none is printed at the start of a file or block).
 *
 * @param items the top-level statements in order
 * @param endComments comments after the last statement
 */
public record Document(List<Item> items, List<String> endComments) {
  public Document {
    items = List.copyOf(items);
    endComments = List.copyOf(endComments);
  }

  /**
   * One statement. {@code inner} lines up with the rules of a group or the NICs of a block
   * instance (empty otherwise); {@code innerEnd} are the comments before the closing brace and
   * {@code closeTrailing} the comments after it.
   */
  public record Item(
      List<String> leading,
      Statement statement,
      List<String> trailing,
      List<Inner> inner,
      List<String> innerEnd,
      List<String> closeTrailing) {
    public Item {
      leading = List.copyOf(leading);
      Objects.requireNonNull(statement, "statement");
      trailing = List.copyOf(trailing);
      inner = List.copyOf(inner);
      innerEnd = List.copyOf(innerEnd);
      closeTrailing = List.copyOf(closeTrailing);
    }

    /** A statement with no comments. */
    public static Item of(Statement s) {
      return new Item(List.of(), s, List.of(), List.of(), List.of(), List.of());
    }
  }

  /** The comments around one rule or NIC. */
  public record Inner(List<String> leading, List<String> trailing) {
    public static final Inner NONE = new Inner(List.of(), List.of());

    public Inner {
      leading = List.copyOf(leading);
      trailing = List.copyOf(trailing);
    }
  }
}

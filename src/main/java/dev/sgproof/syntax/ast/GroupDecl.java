package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.List;
import java.util.Objects;

/** {@code group NAME OPTION* [{ RULE* }]}; options in the order written, repeats kept. */
public record GroupDecl(
    Ident name, List<Located<GroupOption>> options, List<RuleDecl> rules, SourceSpan span)
    implements Statement {
  public GroupDecl {
    Objects.requireNonNull(name, "name");
    options = List.copyOf(options);
    rules = List.copyOf(rules);
    Objects.requireNonNull(span, "span");
  }
}

package dev.sgproof.syntax;

import static dev.sgproof.syntax.antlr.SgProofParser.*;

import dev.sgproof.diag.Suggestions;
import dev.sgproof.syntax.antlr.SgProofParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;

/** Says in plain words what the parser expected and what it found. */
final class Expectations {
  private record Family(String words, int... tokens) {}

  /** Families of tokens that read better as one phrase; the first that is fully expected wins. */
  private static final List<Family> FAMILIES =
      List.of(
          new Family(
              "a statement (group, instance, assert, include)", GROUP, INSTANCE, ASSERT, INCLUDE),
          new Family(
              "a protocol (tcp, udp, icmp, icmpv6, gre, all)", TCP, UDP, ICMP, ICMPV6, GRE, ALL),
          new Family("an action (allow, deny, accept, drop)", ALLOW, DENY, ACCEPT, DROP),
          new Family("a rule (ingress, egress)", INGRESS, EGRESS),
          new Family(
              "a claim (reachable, unreachable, only, interconnected, isolated)",
              REACHABLE,
              UNREACHABLE,
              ONLY,
              INTERCONNECTED,
              ISOLATED),
          new Family(
              "a group option (basic, advanced, isolated, interconnected, legacy-default)",
              BASIC,
              ADVANCED,
              ISOLATED,
              INTERCONNECTED,
              LEGACY_DEFAULT),
          new Family(
              "an endpoint (NAME, NAME.NIC, group NAME, an address, internet, external)",
              NAME,
              GROUP,
              IPV4,
              IPV6,
              INTERNET,
              EXTERNAL),
          new Family("a peer (an address, group NAME, any)", IPV4, IPV6, GROUP, ANY),
          new Family("'from' or 'to'", FROM, TO),
          new Family("'->' or '<->'", ARROW, BIARROW),
          new Family("an address", IPV4, IPV6));

  private Expectations() {}

  static String expected(org.antlr.v4.runtime.Parser parser, IntervalSet expected, Token found) {
    return unclosed(parser, expected, found)
        .orElse(
            "expected "
                + describe(expected, parser.getContext())
                + ", found "
                + found(found)
                + hint(parser, expected, found));
  }

  /**
   * A rule outside a group is a common slip; say where rules go. A name close to one keyword the
   * parser expected is likely that keyword misspelled; say which.
   */
  private static String hint(
      org.antlr.v4.runtime.Parser parser, IntervalSet expected, Token found) {
    boolean rule = found.getType() == INGRESS || found.getType() == EGRESS;
    if (rule && expected.contains(GROUP)) {
      return " (rules go inside 'group NAME { ... }')";
    }
    return didYouMean(parser, expected, found);
  }

  /**
   * " (did you mean 'ingress'?)" when the name found is close to one keyword the parser could
   * take there: one it expected, or one that would have continued the construct just before (a
   * group option after {@code group Web}, a rule option after a rule's peer, {@code in} after a
   * NIC's addresses), which ANTLR no longer counts once that construct is closed.
   */
  static String didYouMean(org.antlr.v4.runtime.Parser parser, IntervalSet expected, Token found) {
    if (found.getType() != NAME) {
      return "";
    }
    IntervalSet could = new IntervalSet(expected);
    ATN atn = parser.getATN();
    ParseTree last = lastChild(parser.getContext());
    while (last instanceof ParserRuleContext c) {
      if (c.invokingState >= 0
          && atn.states.get(c.invokingState).transition(0) instanceof RuleTransition call) {
        could.addAll(atn.nextTokens(call.followState));
      }
      last = lastChild(c);
    }
    List<String> keywords = new ArrayList<>();
    for (int t : could.toList()) {
      String literal = t > 0 ? SgProofParser.VOCABULARY.getLiteralName(t) : null;
      if (literal != null && literal.length() > 2 && Character.isLetter(literal.charAt(1))) {
        keywords.add(literal.substring(1, literal.length() - 1));
      }
    }
    return new Suggestions().hint(found.getText(), keywords);
  }

  private static ParseTree lastChild(ParserRuleContext c) {
    return c == null || c.getChildCount() == 0 ? null : c.getChild(c.getChildCount() - 1);
  }

  static String unwanted(org.antlr.v4.runtime.Parser parser, IntervalSet expected, Token found) {
    return unclosed(parser, expected, found)
        .orElse(
            "unexpected "
                + found(found)
                + "; expected "
                + describe(expected, parser.getContext())
                + didYouMean(parser, expected, found));
  }

  /** At the end of the file or at the next statement, an open block is the likely mistake. */
  private static Optional<String> unclosed(
      org.antlr.v4.runtime.Parser parser, IntervalSet expected, Token found) {
    String closing = closingBrace(parser.getContext());
    boolean nextStatement =
        found.getType() == Token.EOF || STATEMENT_STARTS.contains(found.getType());
    if (!expected.contains(RBRACE) || !nextStatement || closing.equals("'}'")) {
      return Optional.empty();
    }
    return Optional.of("expected " + closing + ", found " + found(found));
  }

  private static final IntervalSet STATEMENT_STARTS =
      new IntervalSet(GROUP, INSTANCE, ASSERT, INCLUDE);

  static String found(Token t) {
    if (t.getType() == Token.EOF) {
      return "end of file";
    }
    String text = t.getText();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return "'" + text + "'";
  }

  private static String describe(IntervalSet expected, ParserRuleContext context) {
    IntervalSet rest = new IntervalSet(expected);
    List<String> parts = new ArrayList<>();
    for (Family f : FAMILIES) {
      IntervalSet family = IntervalSet.of(f.tokens[0]);
      for (int t : f.tokens) {
        family.add(t);
      }
      if (family.and(rest).size() == family.size()) {
        parts.add(f.words);
        rest = rest.subtract(family);
      }
    }
    String closing = "";
    if (rest.contains(RBRACE)) {
      closing = closingBrace(context);
      rest.remove(RBRACE);
    }
    for (int t : rest.toList()) {
      parts.add(token(t));
    }
    if (!closing.isEmpty()) {
      parts.add(closing);
    }
    return joined(parts);
  }

  /** "'}' to close group Web opened at line 3" when inside a block, else "'}'". */
  private static String closingBrace(ParserRuleContext c) {
    for (ParserRuleContext p = c; p != null; p = p.getParent()) {
      if (p instanceof GroupBodyContext b
          && p.getParent() instanceof GroupDeclContext g
          && b.LBRACE() != null) {
        return "'}' to close group "
            + nameOf(g.name())
            + " opened at line "
            + b.LBRACE().getSymbol().getLine();
      }
      if (p instanceof BlockInstanceContext b && b.LBRACE() != null) {
        return "'}' to close instance "
            + nameOf(b.name())
            + " opened at line "
            + b.LBRACE().getSymbol().getLine();
      }
    }
    return "'}'";
  }

  private static String nameOf(NameContext n) {
    return n == null ? "?" : n.getText();
  }

  private static String token(int type) {
    return switch (type) {
      case Token.EOF -> "end of file";
      case INT -> "a number";
      case NAME -> "a name";
      case STRING -> "a string";
      case IPV4 -> "an IPv4 address";
      case IPV6 -> "an IPv6 address";
      default -> SgProofParser.VOCABULARY.getDisplayName(type);
    };
  }

  private static String joined(List<String> parts) {
    if (parts.isEmpty()) {
      return "nothing more";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " or "
        + parts.get(parts.size() - 1);
  }
}

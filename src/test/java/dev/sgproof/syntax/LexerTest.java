package dev.sgproof.syntax;

import static dev.sgproof.syntax.antlr.SgProofLexer.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sgproof.syntax.antlr.SgProofLexer;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

/** Addresses, labels and names lex into the tokens the parser expects. */
class LexerTest {
  private static List<Integer> types(String text) {
    SgProofLexer lexer = new SgProofLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    return lexer.getAllTokens().stream().map(Token::getType).toList();
  }

  private static List<String> texts(String text) {
    SgProofLexer lexer = new SgProofLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    return lexer.getAllTokens().stream().map(Token::getText).toList();
  }

  @Test
  void lexesIpv6AddressesAndBlocksAsOneToken() {
    for (String a :
        List.of("fe80::1", "2001:db8::/32", "::/0", "::ffff:10.0.0.1", "2001:db8::3", "::")) {
      assertEquals(List.of(IPV6), types(a), a);
      assertEquals(List.of(a), texts(a), a);
    }
  }

  @Test
  void lexesIpv4AddressesAndBlocksAsOneToken() {
    assertEquals(List.of(IPV4, IPV4, IPV4), types("10.0.0.1 0.0.0.0/0 1.2.3.4.5"));
  }

  @Test
  void keepsTheLabelColonApartFromTheNameThatFollows() {
    assertEquals(List.of(STRING, COLON, NAME), types("\"label\": ECS1"));
    assertEquals(List.of(STRING, COLON, NAME), types("\"label\":ECS1"));
    assertEquals(List.of(STRING, COLON, IPV6), types("\"label\":fe80::1"));
  }

  @Test
  void lexesPortListsRangesAndNicReferences() {
    assertEquals(List.of(INT, COMMA, INT, COMMA, INT, DASH, INT), types("80,443,8000-8080"));
    assertEquals(List.of(NAME, DOT, NAME), types("ECS3.eth1"));
    assertEquals(List.of(NAME, ARROW, NAME, BIARROW, NAME), types("a->b<->c"));
  }

  @Test
  void keywordsAreLowerCaseAndNotNames() {
    assertEquals(
        List.of(GROUP, NAME, NAME, LEGACY_DEFAULT, NAME),
        types("group Group groups legacy-default web-1_x"));
  }

  @Test
  void skipsBothCommentStyles() {
    assertEquals(
        List.of(GROUP, NAME, GROUP), types("group A # comment\n// another\ngroup // tail"));
  }
}

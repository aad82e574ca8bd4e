package dev.sgproof.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceText;
import dev.sgproof.semantics.Specs;
import dev.sgproof.syntax.ast.AssertDecl;
import dev.sgproof.syntax.ast.Claim;
import dev.sgproof.syntax.ast.EndpointNode;
import dev.sgproof.syntax.ast.GroupDecl;
import dev.sgproof.syntax.ast.GroupOption;
import dev.sgproof.syntax.ast.IncludeDecl;
import dev.sgproof.syntax.ast.InstanceDecl;
import dev.sgproof.syntax.ast.PeerNode;
import dev.sgproof.syntax.ast.RuleOption;
import dev.sgproof.syntax.ast.TrafficNode;
import dev.sgproof.model.Proto;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser: AST shape, and syntax errors that say what was expected, where. */
class ParserTest {
  private static ParseResult parse(String text) {
    return Parser.parse(new SourceText("t.sg", text));
  }

  private static ParseResult parseResource(String name) {
    return Parser.parse(new SourceText(name, Specs.text(ParserTest.class, name)));
  }

  private static Diagnostic only(ParseResult r) {
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    return r.diagnostics().get(0);
  }

  private static void assertAt(Diagnostic d, int line, int column, int length) {
    assertEquals(DiagnosticCode.SG001, d.code());
    assertEquals(
        List.of(line, column, length),
        List.of(d.span().line(), d.span().column(), d.span().length()),
        d.toString());
  }

  @Test
  void buildsGroupRecordsWithOptionsInOrderAndRules() {
    ParseResult r =
        parse(
            "group G isolated basic legacy-default { ingress allow tcp 1,2-3 from group H sport 9"
                + " priority 4 }");
    assertTrue(r.diagnostics().isEmpty());
    GroupDecl g = (GroupDecl) r.spec().statements().get(0);
    assertEquals(
        List.of(GroupOption.ISOLATED, GroupOption.BASIC, GroupOption.LEGACY_DEFAULT),
        g.options().stream().map(o -> o.value()).toList());
    assertEquals(2, g.rules().get(0).ports().size());
    assertTrue(
        g.rules().get(0).peer() instanceof PeerNode.GroupPeer p && p.group().text().equals("H"));
    assertTrue(g.rules().get(0).options().get(0) instanceof RuleOption.Sport);
    assertTrue(g.rules().get(0).options().get(1) instanceof RuleOption.Priority);
  }

  @Test
  void buildsInstancesAssertionsAndIncludes() {
    ParseResult r =
        parse(
            "instance A ip 10.0.0.1 instance B { nic n ip ::1 in G }\n"
                + "assert \"x\": A.n <-> group G isolated udp include \"other.sg\"");
    assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    assertTrue(((InstanceDecl.OneLine) r.spec().statements().get(0)).nic().groups().isEmpty());
    assertEquals(1, ((InstanceDecl.Block) r.spec().statements().get(1)).nics().size());
    AssertDecl a = (AssertDecl) r.spec().statements().get(2);
    assertEquals("x", a.label());
    assertTrue(a.left() instanceof EndpointNode.NicRef);
    assertEquals(Claim.ISOLATED, a.claim().value());
    assertEquals("A.n <-> group G isolated udp", a.text());
    assertEquals("other.sg", ((IncludeDecl) r.spec().statements().get(3)).path());
  }

  @Test
  void buildsATrafficUnionItemByItemWithSpans() {
    ParseResult r = parse("assert A -> B only tcp 80,443 + icmp + udp 53\n");
    assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    AssertDecl a = (AssertDecl) r.spec().statements().get(0);
    TrafficNode.Given g = (TrafficNode.Given) a.traffic();
    assertEquals(List.of(Proto.TCP, Proto.ICMP, Proto.UDP),
        g.items().stream().map(i -> i.protocol().value()).toList());
    assertEquals(2, g.items().get(0).ports().size());
    assertEquals(List.of(1, 20, 10), List.of(g.items().get(0).span().line(),
        g.items().get(0).span().column(), g.items().get(0).span().length()));
    assertEquals(List.of(33, 4), List.of(g.items().get(1).span().column(),
        g.items().get(1).span().length()));
    assertEquals("A -> B only tcp 80,443 + icmp + udp 53", a.text());
  }

  @Test
  void saysAProtocolIsExpectedAfterAPlus() {
    Diagnostic d = only(parse("assert A -> B only tcp 80 + 443\n"));
    assertAt(d, 1, 29, 3);
    assertTrue(d.message().contains("expected a protocol"), d.message());
  }

  @Test
  void namesTheExpectedProtocols() {
    Diagnostic d = only(parseResource("protocol_expected.sg"));
    assertAt(d, 2, 17, 2);
    assertTrue(
        d.message().contains("expected a protocol (tcp, udp, icmp, icmpv6, gre, all), found '80'"),
        d.message());
  }

  @Test
  void namesTheUnclosedGroupAndWhereItOpened() {
    Diagnostic d = only(parseResource("unclosed_group_brace.sg"));
    assertAt(d, 6, 1, 8);
    assertTrue(
        d.message().contains("expected '}' to close group Web opened at line 3"), d.message());
  }

  @Test
  void reportsAnUnterminatedString() {
    Diagnostic d = only(parse("assert \"abc: A -> B reachable\n"));
    assertAt(d, 1, 8, 22);
    assertTrue(d.message().contains("unterminated string"), d.message());
  }

  @Test
  void reportsAnUnexpectedCharacter() {
    Diagnostic d = only(parse("group G ;"));
    assertAt(d, 1, 9, 1);
    assertTrue(d.message().contains("unexpected character ';'"), d.message());
  }

  @Test
  void reportsARunOfUnexpectedCharactersOnce() {
    Diagnostic d = only(parse("group G ;; $\u00e9 \n"));
    assertAt(d, 1, 9, 5);
    assertTrue(d.message().contains("unexpected characters, starting with ';'"), d.message());
  }

  @Test
  void reportsEndOfFileWhereMoreWasExpected() {
    Diagnostic d = only(parse("group G {\n  ingress allow tcp 80 from"));
    assertAt(d, 2, 28, 0);
    assertTrue(
        d.message().contains("expected a peer (an address, group NAME, any), found end of file"),
        d.message());
  }

  @Test
  void saysWhereRulesGoWhenOneStandsAlone() {
    Diagnostic d = only(parse("ingress allow tcp 80 from any"));
    assertAt(d, 1, 1, 7);
    assertTrue(
        d.message().contains("expected a statement (group, instance, assert, include)"),
        d.message());
    assertTrue(d.message().contains("rules go inside"), d.message());
  }

  @Test
  void reportsOneErrorPerRuleOrStatementAndGoesOn() {
    ParseResult r = parseResource("several_syntax_errors.sg");
    List<Integer> lines = r.diagnostics().stream().map(d -> d.span().line()).toList();
    assertEquals(List.of(2, 4, 5, 7, 8, 9, 10), lines, r.diagnostics().toString());
    assertTrue(
        r.diagnostics()
            .get(2)
            .message()
            .contains("expected an action (allow, deny, accept, drop), found 'permit'"));
    assertTrue(
        r.diagnostics().get(3).message().contains("expected an address"),
        r.diagnostics().get(3).message());
    assertTrue(r.spec().statements().isEmpty());
  }

  @Test
  void printsNothingToTheConsole() {
    java.io.PrintStream err = System.err;
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream sink = new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8);
    try {
      System.setErr(sink);
      System.setOut(sink);
      parse("group { ingress ; \"x\n instance ::: ip }} assert -> <-");
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void stopsAfterFiftySyntaxErrorsWithANote() {
    ParseResult r = parse("group ;\n".repeat(200) + "group 1\n".repeat(200));
    assertEquals(51, r.diagnostics().size());
    assertTrue(r.diagnostics().get(50).message().contains("too many syntax errors"));
  }

  @Test
  void syntaxErrorsInCrlfAndCrOnlyFilesLandOnTheirOwnLineAndColumn() {
    for (String eol : List.of("\n", "\r\n", "\r")) {
      String text = String.join(eol,
          "group A { # a comment",
          "  ingress allow tcp 22 from any",
          "  ingress permit tcp 80 from any",
          "}",
          "");
      Diagnostic d = only(parse(text));
      assertAt(d, 3, 11, 6);
      assertTrue(d.message().contains("found 'permit'"), d.message());
    }
  }

  @Test
  void unexpectedCharactersAfterAstralOnesInACrOnlyFileHaveUtf16Columns() {
    // The emoji is two UTF-16 units: ';' is at column 16 of line 2 in every line ending.
    for (String eol : List.of("\n", "\r\n", "\r")) {
      Diagnostic d = only(parse("group A" + eol + "assert \"\uD83D\uDE00\": A ; B" + eol));
      assertAt(d, 2, 16, 1);
    }
  }

  @Test
  void resolverErrorsInCrOnlyFilesLandOnTheirOwnLine() {
    for (String eol : List.of("\n", "\r\n", "\r")) {
      String text = String.join(eol, "group A", "# comment", "instance X ip 10.0.0.1 in Nope", "");
      Specs.assertDiagnostic(Specs.load(text), DiagnosticCode.SG030, 3, 27, 4);
    }
  }
}

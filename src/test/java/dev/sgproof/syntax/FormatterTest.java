package dev.sgproof.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.cli.Main;
import dev.sgproof.diag.SourceText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatterTest {
  static final Path FMT = Paths.get("src/test/resources/dev/sgproof/syntax/fmt");

  static String fmt(String name, String text) {
    Formatter.Result r = Formatter.format(new SourceText(name, text));
    assertTrue(r.ok(), r.errors()::toString);
    return r.text();
  }

  @Test
  void keepsCommentsAlignsColumnsAndNormalisesSpacing() throws IOException {
    String in = Files.readString(FMT.resolve("comments.sg"));
    assertEquals(Files.readString(FMT.resolve("comments.expected.sg")), fmt("comments.sg", in));
  }

  @Test
  void printsTrafficUnionsCanonically() {
    String head = "group G\ninstance A ip 10.0.0.1 in G\ninstance B ip 10.0.0.2 in G\n";
    String[][] cases = {
      {"udp 53 + tcp 53", "tcp 53 + udp 53"},
      {"icmp  +  tcp 443 , 80", "tcp 80,443 + icmp"},
      {"tcp 80 + tcp 443", "tcp 80,443"},
      {"tcp 81,80 + udp 1-10 + tcp 82-90", "tcp 80-90 + udp 1-10"},
      {"tcp 22 + tcp", "tcp"},
      {"tcp 1-100 + tcp 101-65535", "tcp"},
      {"gre + icmpv6 + icmp + udp + tcp", "tcp + udp + icmp + icmpv6 + gre"},
      {"tcp 80 + all + icmp", "all"},
      {"tcp 443,80", "tcp 80,443"},
      {"tcp 80-80", "tcp 80"},
      // what the resolver rejects is printed as written, so that no error disappears
      {"udp 53 + tcp 70000 + tcp", "udp 53 + tcp 70000 + tcp"},
      {"udp + icmp 8", "udp + icmp 8"},
      {"tcp 90-80 + tcp", "tcp 90-80 + tcp"},
    };
    for (String[] c : cases) {
      String out = fmt("u.sg", head + "assert \"x\": A -> B only " + c[0] + "\n");
      assertEquals(head + "assert \"x\": A -> B only " + c[1] + "\n", out, c[0]);
    }
    assertEquals(head + "assert A <-> B isolated tcp 22 + icmp\n",
        fmt("u.sg", head + "assert A<->B isolated icmp+tcp 22\n"));
    assertEquals(head + "assert internet -> A reachable\nassert A.x -> external unreachable\n",
        fmt("u.sg", head + "assert internet->A reachable\nassert A . x -> external unreachable\n"));
  }

  @Test
  void canonicalTrafficMeansTheSameFlows() {
    // fmt's form resolves to the same model as the original, for every case above that resolves
    String head = "group G\ninstance A ip 10.0.0.1, ::1 in G\ninstance B ip 10.0.0.2, ::2 in G\n";
    for (String t : List.of("udp 53 + tcp 53", "icmp + tcp 443,80", "tcp 81,80 + udp 1-10 + tcp 82-90",
        "tcp 22 + tcp", "tcp 1-100 + tcp 101-65535", "tcp 80 + all", "icmpv6 + gre + tcp 1-5,3-9")) {
      String spec = head + "assert A -> B only " + t + "\n";
      var before = dev.sgproof.semantics.Specs.load(spec);
      var after = dev.sgproof.semantics.Specs.load(fmt("u.sg", spec));
      assertFalse(before.hasErrors(), t);
      assertEquals(before.spec().assertions().get(0).traffic(),
          after.spec().assertions().get(0).traffic(), t);
    }
  }

  @Test
  void isIdempotentOnEverySpecThatParses() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Stream.concat(
        Files.walk(Paths.get("src/test/resources")), Files.walk(Paths.get("specs")))) {
      files = s.filter(p -> p.toString().endsWith(".sg")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path p : files) {
      String text = Files.readString(p);
      Formatter.Result once = Formatter.format(new SourceText(p.toString(), text));
      if (!once.ok()) {
        continue;
      }
      assertEquals(once.text(), fmt(p.toString(), once.text()), p.toString());
    }
  }

  @Test
  void checkExitsOneForAFileThatIsNotCanonical(@TempDir Path tmp) throws IOException {
    Path ugly = tmp.resolve("ugly.sg");
    Files.writeString(ugly, "group  A\ninstance X ip 10.0.0.1 in A\n");
    Path fine = tmp.resolve("fine.sg");
    Files.writeString(fine, "group A\ninstance X ip 10.0.0.1 in A\n");
    assertEquals(1, run("fmt", "--check", ugly.toString(), fine.toString()));
    assertEquals(0, run("fmt", "--check", fine.toString()));
    assertEquals(0, run("fmt", "--write", ugly.toString()));
    assertEquals(0, run("fmt", "--check", ugly.toString()));
  }

  @Test
  void refusesAFileWithSyntaxErrors(@TempDir Path tmp) throws IOException {
    Path bad = tmp.resolve("bad.sg");
    Files.writeString(bad, "group {\n");
    assertEquals(2, run("fmt", bad.toString()));
  }

  @Test
  void refusesABinaryFileWithAClearError(@TempDir Path tmp) throws IOException {
    Path bin = tmp.resolve("bin.sg");
    Files.write(bin, new byte[] {'g', 0, (byte) 0xff, 'x'});
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"fmt", bin.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals(bin + ":1:1: error[SG002]: " + bin + " is a binary file (it contains NUL bytes)\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void reportsAMissingFileWithLineAndColumnAsVerifyDoes(@TempDir Path tmp) {
    Path missing = tmp.resolve("missing.sg");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"fmt", missing.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals(missing + ":1:1: error[SG002]: " + missing + " does not exist\n",
        err.toString(StandardCharsets.UTF_8));
  }

  private static final String WITH_COMMENTS =
      String.join("\n",
          "# the web tier",
          "group Web { # a trailing comment",
          "  ingress allow tcp 443 from any # https",
          "}",
          "instance X ip 10.0.0.1 in Web // the only NIC",
          "assert internet -> X reachable tcp 443",
          "");

  @Test
  void writeKeepsACrOnlyFileWhatItMeansAndItsLineEnds(@TempDir Path tmp) throws IOException {
    for (String eol : List.of("\r", "\r\n")) {
      Path f = tmp.resolve("spec.sg");
      String text = WITH_COMMENTS.replace("\n", eol).replace("{ #", "{  #");
      Files.writeString(f, text);
      String before = describe(text);
      assertEquals(0, run("fmt", "--write", f.toString()));
      String after = Files.readString(f);
      assertEquals(WITH_COMMENTS.replace("\n", eol), after);
      assertEquals(before, describe(after));
      assertTrue(before.contains("ingress allow tcp 443 from 0.0.0.0/0"), before);
    }
  }

  @Test
  void aFileThatIsCanonicalButForItsCrlfLineEndsIsCanonical(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("spec.sg");
    Files.writeString(f, WITH_COMMENTS.replace("\n", "\r\n"));
    assertEquals(0, run("fmt", "--check", f.toString()));
    Files.writeString(f, WITH_COMMENTS.replace("\n", "\r\n").replaceFirst("\r\n", "\n"));
    assertEquals(1, run("fmt", "--check", f.toString()));
  }

  /** The groups, rules, NICs and assertions a text resolves to, without positions. */
  private static String describe(String text) {
    dev.sgproof.semantics.LoadResult r =
        dev.sgproof.semantics.SpecLoader.load(new SourceText("spec.sg", text));
    assertFalse(r.hasErrors(), r.diagnostics()::toString);
    StringBuilder b = new StringBuilder();
    r.spec().network().groups().forEach(g -> {
      b.append(g.name()).append('\n');
      g.rules().forEach(x -> b.append(x.text()).append('\n'));
    });
    r.spec().network().nics().forEach(n -> b.append(n.id()).append(n.addresses()).append('\n'));
    r.spec().assertions().forEach(a -> b.append(a.text()).append('\n'));
    return b.toString();
  }

  @Test
  void anEmptyGroupWithOnlyABlankLineInsidePrintsWithoutBracesEveryTime() {
    String once = fmt("t.sg", "group A {\n\n}\ngroup B { }\n\n");
    assertEquals("group A\ngroup B\n", once);
    assertEquals(once, fmt("t.sg", once));
  }

  @Test
  void placingCommentsTakesWorkLinearInTheSize() {
    long small = placementSteps(2_000);
    long large = placementSteps(8_000);
    // Four times the statements, rules and comments: four times the work (not sixteen).
    assertTrue(large <= 4.5 * small, small + " steps, then " + large);
  }

  /** The placement steps for n groups, each with a rule, and comments on most lines. */
  private static long placementSteps(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("# group ").append(i).append('\n')
          .append("group G").append(i).append(" { # head\n")
          .append("  ingress allow tcp 22 from any # rule\n")
          .append("  # before the brace\n")
          .append("} # after\n")
          .append("instance I").append(i).append(" ip 10.0.0.1 in G").append(i).append(" # nic\n");
    }
    SourceText source = new SourceText("t.sg", b.toString());
    ParseResult parsed = Parser.parse(source);
    assertTrue(parsed.diagnostics().isEmpty(), parsed.diagnostics()::toString);
    Formatter.Work work = new Formatter.Work();
    Formatter.document(source, parsed.spec(), work);
    assertTrue(work.steps >= b.length() / 2, "steps " + work.steps + " count the scan");
    return work.steps;
  }

  private static int run(String... args) {
    return Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }
}

package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public entry point: files, unreadable input, and inputs that must neither throw nor hang. */
class SpecLoaderTest {
  @TempDir Path dir;

  private static void assertUnreadable(LoadResult r, String file) {
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    Diagnostic d = r.diagnostics().get(0);
    assertEquals(DiagnosticCode.SG002, d.code());
    assertEquals(file, d.span().file());
    assertEquals(1, d.span().line());
    assertEquals(1, d.span().column());
    assertThrows(IllegalStateException.class, r::spec);
  }

  @Test
  void readsAFileAndNamesSpansByThePathAsGiven() throws IOException {
    Path f = dir.resolve("a.sg");
    Files.writeString(f, "group G {\n  ingress allow tcp 0 from any\n}\n");
    LoadResult r = SpecLoader.read(f);
    assertEquals(f.toString(), r.diagnostics().get(0).span().file());
    assertTrue(r.sources().containsKey(f.toString()));
  }

  @Test
  void reportsAMissingFile() {
    Path f = dir.resolve("missing.sg");
    assertUnreadable(SpecLoader.read(f), f.toString());
  }

  @Test
  void reportsADirectory() {
    assertUnreadable(SpecLoader.read(dir), dir.toString());
  }

  @Test
  void reportsInvalidUtf8() throws IOException {
    Path f = dir.resolve("latin1.sg");
    Files.write(f, new byte[] {'g', 'r', (byte) 0xE9, '\n'});
    assertUnreadable(SpecLoader.read(f), f.toString());
  }

  @Test
  void reportsBinaryContent() throws IOException {
    Path f = dir.resolve("bin.sg");
    Files.write(f, new byte[] {'g', 0, 1, 2});
    assertUnreadable(SpecLoader.read(f), f.toString());
  }

  /** Reads a file with includes allowed in the temporary directory. */
  private LoadResult readHere(Path file) {
    return SpecLoader.read(file, IncludeRoots.of(java.util.List.of(dir)));
  }

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  @Test
  void includesFilesRelativeToTheIncludingFileEachOnce() throws IOException {
    Path main =
        write(
            "main.sg",
            "include \"lib/groups.sg\"\ninclude \"lib/more.sg\"\ninstance A ip 10.0.0.1 in G, H\n");
    write("lib/groups.sg", "group G\ninclude \"more.sg\"\n");
    write("lib/more.sg", "group H\n");
    LoadResult r = readHere(main);
    Specs.assertClean(r);
    assertEquals(
        java.util.List.of("G", "H"),
        r.spec().network().groups().stream().map(g -> g.name()).toList());
    assertEquals(main.toString(), r.spec().file());
    assertEquals(3, r.sources().size());
  }

  @Test
  void pointsDiagnosticsIntoTheIncludedFile() throws IOException {
    Path main = write("main.sg", "include \"bad.sg\"\n");
    Path bad = write("bad.sg", "group G {\n  ingress allow tcp 0 from any\n}\n");
    LoadResult r = readHere(main);
    Diagnostic d = Specs.assertDiagnostic(r, DiagnosticCode.SG011, 2, 21, 1);
    assertEquals(bad.toString(), d.span().file());
    assertTrue(r.sources().containsKey(bad.toString()));
  }

  @Test
  void reportsAnIncludeCycleAtTheIncludeThatClosesIt() throws IOException {
    Path a = write("a.sg", "group A\ninclude \"b.sg\"\n");
    Path b = write("b.sg", "group B\n  include \"a.sg\"\n");
    LoadResult r = readHere(a);
    Diagnostic d = Specs.assertDiagnostic(r, DiagnosticCode.SG005, 2, 11, 6);
    assertEquals(b.toString(), d.span().file());
  }

  @Test
  void reportsAMissingIncludeAtItsPath() throws IOException {
    Path a = write("a.sg", "group A\ninclude \"nowhere.sg\"\n");
    Diagnostic d = Specs.assertDiagnostic(readHere(a), DiagnosticCode.SG002, 2, 9, 12);
    assertEquals(a.toString(), d.span().file());
  }

  @Test
  void acceptsAnEmptySpec() {
    LoadResult r = Specs.load("# nothing\n");
    assertFalse(r.hasErrors());
    assertTrue(r.spec().network().groups().isEmpty());
  }

  @Test
  void sortsDiagnosticsByPosition() {
    LoadResult r =
        Specs.load(
            "instance B ip 10.0.0.2 in X\ngroup G {\n ingress allow tcp 0 from 10.0.0.1/8\n}\n");
    assertEquals(
        java.util.List.of(DiagnosticCode.SG030, DiagnosticCode.SG011, DiagnosticCode.SG111),
        Specs.codes(r));
  }

  /**
   * A guard against hangs (a parser that backtracks without end), not a speed check: the machine
   * running the suite may be loaded, and speed is measured by {@code sgproof bench}.
   */
  private static final Duration HANG = Duration.ofMinutes(5);

  @Test
  void loadsATenMegabyteSpec() {
    StringBuilder b = new StringBuilder("group G {\n");
    while (b.length() < 10_000_000) {
      b.append("  ingress allow tcp 80,443 from 10.0.0.0/8 priority 5\n");
    }
    b.append("}\n");
    String text = b.toString();
    LoadResult r = assertTimeoutPreemptively(HANG, () -> Specs.load(text));
    assertFalse(r.hasErrors());
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.code() == DiagnosticCode.SG102));
  }

  @Test
  void stopsAtFiftyDiagnosticsOnATenMegabyteGarbageFile() {
    String text = "{ 1 } ; ".repeat(1_300_000);
    LoadResult r = assertTimeoutPreemptively(HANG, () -> Specs.load(text));
    assertTrue(r.hasErrors());
    assertTrue(r.diagnostics().size() <= 51);
  }

  @Test
  void handlesDeeplyRepeatedTokensAndUnclosedBraces() {
    for (String t :
        new String[] {
          "{".repeat(100_000),
          "group G {".repeat(20_000),
          "group G { ingress".repeat(20_000),
          "assert ".repeat(50_000),
          "\"".repeat(50_000),
          "1.".repeat(50_000),
          ":".repeat(50_000)
        }) {
      LoadResult r = assertTimeoutPreemptively(HANG, () -> Specs.load(t));
      assertTrue(r.hasErrors());
      assertTrue(
          r.diagnostics().stream().noneMatch(d -> d.code() == DiagnosticCode.SG004),
          Specs.describe(r));
    }
  }

  @Test
  void rejectsTenMegabytesOfNonAsciiText() {
    String text = "# é\n\"中文\"\n".repeat(100_000) + "\u4e2d\u6587 \u00e9".repeat(1_500_000);
    LoadResult r = assertTimeoutPreemptively(HANG, () -> Specs.load(text));
    assertTrue(r.hasErrors());
  }

  @Test
  void acceptsNonAsciiLabelsAndComments() {
    LoadResult r =
        Specs.load(
            "# grüße\n"
                + "group G\n"
                + "instance A ip 10.0.0.1 in G\n"
                + "assert \"café ☕\": internet -> A reachable\n");
    Specs.assertClean(r);
    assertEquals("café ☕", r.spec().assertions().get(0).label());
  }

  @Test
  void countsColumnsInUtf16UnitsLikeTheRenderer() {
    LoadResult r = Specs.load("assert \"\uD83D\uDE00\": X -> internet reachable\n\uD83D\uDE00 $");
    Specs.assertDiagnostic(r, DiagnosticCode.SG001, 2, 1, 4);
    r =
        Specs.load(
            "group G\ninstance A ip 10.0.0.1 in G\nassert \"\uD83D\uDE00\": X -> A reachable\n");
    Specs.assertDiagnostic(r, DiagnosticCode.SG031, 3, 14, 1);
  }

  @Test
  void rejectsA400DigitPriorityWithoutOverflow() {
    LoadResult r =
        Specs.load("group G {\n ingress allow tcp from any priority " + "1".repeat(400) + "\n}\n");
    Specs.assertDiagnostic(r, DiagnosticCode.SG010, 2, 38, 400);
  }

  @Test
  void loadsTextWithNulBytesWithoutThrowing() {
    LoadResult r = SpecLoader.load(new SourceText("nul.sg", "group\0G\0"));
    assertTrue(r.hasErrors());
    assertTrue(new String(new byte[] {1}, StandardCharsets.UTF_8).length() == 1);
  }
}

package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.DiagnosticRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Includes are told apart by real path, stay inside the allowed trees, and never echo a file that
 * is not spec text. The trees are laid out in a temporary directory with symbolic links.
 */
class IncludeSafetyTest {
  @TempDir Path tmp;
  private Path home;
  private Path outside;

  @BeforeEach
  void layout() throws IOException {
    home = Files.createDirectories(tmp.resolve("home"));
    outside = Files.createDirectories(tmp.resolve("outside"));
  }

  private Path write(Path dir, String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  /** Loads with the home tree allowed (and the current directory's, which is elsewhere). */
  private LoadResult load(Path file) {
    return SpecLoader.read(file, IncludeRoots.of(List.of(home)));
  }

  private static String rendered(LoadResult r) {
    DiagnosticRenderer renderer = new DiagnosticRenderer(r.sources());
    return r.diagnostics().stream().map(renderer::render).collect(Collectors.joining());
  }

  @Test
  void twoLinksToOneDirectoryLeadToOneFileEach() throws IOException {
    Files.createSymbolicLink(home.resolve("a"), Path.of("."));
    Files.createSymbolicLink(home.resolve("b"), Path.of("."));
    Path main = write(home, "main.sg", "include \"a/y.sg\"\ninclude \"b/a/y.sg\"\n");
    write(home, "y.sg", "group Y\ninclude \"a/z.sg\"\ninclude \"b/z.sg\"\ninclude \"z.sg\"\n");
    write(home, "z.sg", "group Z\n");
    LoadResult r = load(main);
    Specs.assertClean(r);
    assertEquals(3, r.sources().size(), r.sources().keySet()::toString);
    assertEquals(
        List.of("Y", "Z"), r.spec().network().groups().stream().map(g -> g.name()).toList());
  }

  @Test
  void aFileThatIncludesItselfThroughLinksIsACycleNotAnExponentialWalk() throws IOException {
    Files.createSymbolicLink(home.resolve("a"), Path.of("."));
    Files.createSymbolicLink(home.resolve("b"), Path.of("."));
    Path x = write(home, "x.sg", "include \"a/x.sg\"\ninclude \"b/x.sg\"\ngroup G\n");
    // The old loader walked a/x.sg, a/a/x.sg, a/b/x.sg, ... for minutes; the guard only keeps a
    // regression from hanging the suite.
    LoadResult r = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> load(x));
    Specs.assertDiagnostic(r, DiagnosticCode.SG005, 1, 9, 8);
    Specs.assertDiagnostic(r, DiagnosticCode.SG005, 2, 9, 8);
    assertEquals(1, r.sources().size());
  }

  @Test
  void anIncludeThroughALinkThatLeadsOutsideIsAnErrorAtTheInclude() throws IOException {
    write(outside, "secret.sg", "group Secret\n");
    Files.createSymbolicLink(home.resolve("out"), outside);
    Path main = write(home, "main.sg", "group G\n  include \"out/secret.sg\"\n");
    LoadResult r = load(main);
    Diagnostic d = Specs.assertDiagnostic(r, DiagnosticCode.SG006, 2, 11, 15);
    assertEquals(main.toString(), d.span().file());
    assertTrue(d.message().contains(outside.toRealPath().resolve("secret.sg").toString()), d::message);
    assertTrue(d.message().contains("--include-path " + outside.toRealPath()), d::message);
    assertEquals(List.of(main.toString()), List.copyOf(r.sources().keySet()));
  }

  @Test
  void aChainOfLinksIsFollowedToItsEnd() throws IOException {
    write(outside, "net.sg", "group Net\n");
    write(home, "lib/net.sg", "group Lib\n");
    // in -> hop -> lib (inside); away -> hop2 -> outside
    Files.createSymbolicLink(home.resolve("hop"), home.resolve("lib"));
    Files.createSymbolicLink(home.resolve("in"), home.resolve("hop"));
    Files.createSymbolicLink(home.resolve("hop2"), outside);
    Files.createSymbolicLink(home.resolve("away"), home.resolve("hop2"));
    Path inside = write(home, "inside.sg", "include \"in/net.sg\"\n");
    Specs.assertClean(load(inside));
    Path leaves = write(home, "leaves.sg", "include \"away/net.sg\"\n");
    Specs.assertDiagnostic(load(leaves), DiagnosticCode.SG006, 1, 9, 13);
  }

  @Test
  void anAbsoluteOrParentPathOutsideIsAnErrorEvenWhenTheFileIsMissing() throws IOException {
    Path abs = write(home, "abs.sg", "include \"" + outside.resolve("net.sg") + "\"\n");
    Specs.assertDiagnostic(load(abs), DiagnosticCode.SG006, 1, 9, outside.resolve("net.sg").toString().length() + 2);
    Path up = write(home, "up.sg", "include \"../outside/missing.sg\"\n");
    LoadResult r = load(up);
    Specs.assertDiagnostic(r, DiagnosticCode.SG006, 1, 9, 23);
    assertFalse(Specs.codes(r).contains(DiagnosticCode.SG002), "existence outside is not told");
    Path missing = write(home, "missing.sg", "include \"nothere.sg\"\n");
    Specs.assertDiagnostic(load(missing), DiagnosticCode.SG002, 1, 9, 12);
  }

  @Test
  void anIncludePathRootAllowsItsTree() throws IOException {
    write(outside, "net.sg", "group Net\n");
    Files.createSymbolicLink(home.resolve("out"), outside);
    Path main = write(home, "main.sg", "include \"out/net.sg\"\n");
    LoadResult r = SpecLoader.read(main, IncludeRoots.of(List.of(home, outside)));
    Specs.assertClean(r);
    assertEquals("Net", r.spec().network().groups().get(0).name());
  }

  @Test
  void anIncludeRootMustBeAnExistingDirectory() throws IOException {
    Path file = write(home, "f.sg", "");
    assertThrows(IllegalArgumentException.class, () -> IncludeRoots.of(List.of(file)));
    assertThrows(
        IllegalArgumentException.class, () -> IncludeRoots.of(List.of(home.resolve("none"))));
  }

  @Test
  void theCurrentDirectoryIsAlwaysARoot() throws IOException {
    Path main = write(home, "main.sg", "include \"net.sg\"\n");
    write(home, "net.sg", "group Net\n");
    LoadResult r = SpecLoader.read(main);
    Specs.assertDiagnostic(r, DiagnosticCode.SG006, 1, 9, 8);
    assertTrue(
        r.diagnostics().get(0).message().contains(Path.of("").toAbsolutePath().toRealPath().toString()),
        () -> r.diagnostics().get(0).message());
  }

  @Test
  void anIncludedFileThatIsNotSpecTextIsNeverEchoed() throws IOException {
    write(home, "passwd", "root:x:0:0:hunter2:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin\n");
    Path main = write(home, "main.sg", "group G\ninclude \"passwd\"\n");
    LoadResult r = load(main);
    assertEquals(1, r.diagnostics().size(), r.diagnostics()::toString);
    Specs.assertDiagnostic(r, DiagnosticCode.SG007, 2, 9, 8);
    String shown = rendered(r);
    assertFalse(shown.contains("hunter2") || shown.contains("x:0:0") || shown.contains("daemon"), shown);
    assertFalse(r.sources().containsKey(home.resolve("passwd").toString()));
  }

  @Test
  void aRootFileThatIsNotSpecTextIsNeverEchoed() throws IOException {
    Path key = write(home, "id_rsa", "-----BEGIN KEY-----\nMIIEsecret\n-----END KEY-----\n");
    LoadResult r = load(key);
    assertEquals(List.of(DiagnosticCode.SG007), Specs.codes(r));
    assertEquals(key.toString(), r.diagnostics().get(0).span().file());
    String shown = rendered(r);
    assertFalse(shown.contains("BEGIN") || shown.contains("MIIEsecret"), shown);
    assertTrue(r.sources().isEmpty());
  }

  @Test
  void aKeyValueFileWhoseFirstWordIsAKeywordOfNoStatementIsNotSpecText() throws IOException {
    Path env = write(home, ".env", "# settings\nall=hunter2\n");
    LoadResult r = load(env);
    Specs.assertDiagnostic(r, DiagnosticCode.SG007, 2, 1, 0);
    assertFalse(rendered(r).contains("hunter2"), rendered(r));
  }

  @Test
  void aSpecWithAnErrorAfterItsFirstWordStillShowsItsLines() throws IOException {
    Path spec =
        write(home, "typo.sg", "# web\ngroup Web {\n  ingress allow tcp 80 fromm any\n}\n");
    LoadResult r = load(spec);
    assertEquals(DiagnosticCode.SG001, r.diagnostics().get(0).code());
    assertTrue(rendered(r).contains("ingress allow tcp 80 fromm any"), rendered(r));
  }
}

package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.Property;
import dev.sgproof.semantics.gen.InputGen;
import dev.sgproof.syntax.Parser;
import dev.sgproof.syntax.SpecText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzers for the include findings of issue 11: random trees of files and symbolic links (links to
 * ".", "..", sibling and outside directories, chains), and random files with a secret in them.
 * Sizes fit CI; {@code -Dsgproof.fuzz.long=true} runs 20 times more, {@code
 * -Dsgproof.fuzz.cases=N} exactly N, {@code -Dsgproof.seed=N} other inputs.
 */
class IncludeFuzzTest {
  private static final long SEED = Property.baseSeed(0x1c1d_e5L);

  @TempDir Path tmp;

  /**
   * Each real file is read at most once however many links lead to it, and nothing outside the
   * allowed tree is read: the loader ends after at most as many files as there are.
   */
  @Test
  void linkedTreesReadEachRealFileOnceAndNothingOutside() throws IOException {
    Random seeds = new Random(SEED);
    for (int i = 0; i < PortListTest.cases(200); i++) {
      long seed = seeds.nextLong();
      Path root = Files.createDirectories(tmp.resolve("case" + i));
      Layout layout = Layout.make(root, new Random(seed));
      String where = "seed " + SEED + "/" + seed + "\n" + layout.describe();
      LoadResult r = SpecLoader.read(layout.main, IncludeRoots.of(List.of(layout.home)));
      Path home = layout.home.toRealPath();
      Set<Path> reals = new HashSet<>();
      for (String name : r.sources().keySet()) {
        Path real = Path.of(name).toRealPath();
        assertTrue(real.startsWith(home), where + "read outside: " + name);
        assertTrue(reals.add(real), where + "read twice: " + real);
      }
      assertTrue(reals.size() <= layout.files, where);
      for (Diagnostic d : r.diagnostics()) {
        assertFalse(d.code() == DiagnosticCode.SG004, where + d);
      }
      // the outside files hold group Out*: none may reach the model
      if (!r.hasErrors()) {
        assertTrue(r.spec().network().groups().stream().noneMatch(g -> g.name().startsWith("Out")),
            where);
      }
    }
  }

  /** A random tree: home (the allowed root) and outside, files, and links among them. */
  private record Layout(Path home, Path main, int files, List<String> lines) {
    String describe() {
      return String.join("\n", lines) + "\n";
    }

    static Layout make(Path root, Random rnd) throws IOException {
      Path home = Files.createDirectories(root.resolve("home"));
      Path outside = Files.createDirectories(root.resolve("outside"));
      List<Path> dirs = new ArrayList<>(List.of(home, outside));
      List<String> lines = new ArrayList<>();
      for (int d = 0; d < rnd.nextInt(3); d++) {
        Path parent = dirs.get(rnd.nextInt(dirs.size()));
        dirs.add(Files.createDirectories(parent.resolve("d" + d)));
      }
      List<String> names = new ArrayList<>(List.of("..", "."));
      dirs.forEach(p -> names.add(p.getFileName().toString()));
      for (int l = 0; l < 1 + rnd.nextInt(5); l++) {
        Path in = dirs.get(rnd.nextInt(dirs.size()));
        Path target = switch (rnd.nextInt(5)) {
          case 0 -> Path.of(".");
          case 1 -> Path.of("..");
          case 2 -> dirs.get(rnd.nextInt(dirs.size()));
          case 3 -> in.relativize(dirs.get(rnd.nextInt(dirs.size())));
          default -> Path.of("l" + rnd.nextInt(5)); // a chain, maybe dangling
        };
        Path link = in.resolve("l" + l);
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.createSymbolicLink(link, target.toString().isEmpty() ? Path.of(".") : target);
          } catch (IOException e) {
            throw new IOException(lines + " then " + link + " -> " + target + " in " + dirs, e);
          }
          names.add("l" + l);
          lines.add(root.relativize(link) + " -> " + target);
        }
      }
      int files = 0;
      for (int f = 0; f < 2 + rnd.nextInt(4); f++) {
        Path dir = f == 0 ? home : dirs.get(rnd.nextInt(dirs.size()));
        Path file = dir.resolve(f == 0 ? "main.sg" : "f" + f + ".sg");
        if (Files.exists(file)) {
          continue;
        }
        StringBuilder text = new StringBuilder();
        text.append(dir.startsWith(outside) ? "group Out" : "group In").append(f).append('\n');
        for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
          StringBuilder path = new StringBuilder();
          for (int c = 0; c < rnd.nextInt(4); c++) {
            path.append(names.get(rnd.nextInt(names.size()))).append('/');
          }
          path.append("f").append(rnd.nextInt(6)).append(".sg");
          text.append("include \"").append(path).append("\"\n");
        }
        Files.writeString(file, text.toString());
        files++;
        lines.add(root.relativize(file) + ": " + text.toString().replace("\n", "; "));
      }
      return new Layout(home, home.resolve("main.sg"), files, lines);
    }
  }

  /**
   * A random file with a secret line in it: when the file is not spec text (its first word
   * begins no statement), no rendered diagnostic shows the secret, whatever else the file holds.
   */
  @Test
  void aFileThatIsNotSpecTextNeverShowsItsSecret() {
    List<Function<Random, String>> gens =
        List.of(InputGen::bytes, InputGen::unicode, InputGen::soup, InputGen::statements,
            IncludeFuzzTest::keyValues);
    Random seeds = new Random(SEED ^ 0x5ec);
    int notSpec = 0;
    for (int i = 0; i < PortListTest.cases(2_000); i++) {
      long seed = seeds.nextLong();
      Random rnd = new Random(seed);
      String secret = "s3cr3t" + Long.toHexString(rnd.nextLong() & 0xffffffL);
      List<String> lines = new ArrayList<>(
          gens.get(rnd.nextInt(gens.size())).apply(rnd).lines().toList());
      lines.add(rnd.nextInt(lines.size() + 1), (rnd.nextBoolean() ? "pw=" : "") + secret);
      String text = String.join("\n", lines) + "\n";
      SourceText source = new SourceText("secret.txt", text);
      LoadResult r = SpecLoader.load(source);
      boolean spec = SpecText.notSpecText(source, Parser.parse(source)).isEmpty();
      if (spec) {
        continue;
      }
      notSpec++;
      DiagnosticRenderer renderer = new DiagnosticRenderer(r.sources());
      String shown = r.diagnostics().stream().map(renderer::render).collect(Collectors.joining());
      String where = "seed " + SEED + "/" + seed + ":\n" + text;
      assertFalse(shown.contains(secret), where + shown);
      assertEquals(List.of(DiagnosticCode.SG007), Specs.codes(r), where + shown);
    }
    assertTrue(notSpec > 100, "only " + notSpec + " files were not spec text");
  }

  /** Lines of settings, passwords and keys: the shapes of files that are not specs. */
  private static String keyValues(Random r) {
    List<String> shapes = List.of("root:x:0:0:root:/root:/bin/bash", "KEY=value", "-----BEGIN",
        "[section]", "{\"json\": 1}", "all: true", "<xml/>", "  indented = 2", "tcp 80", "10.0.0.1");
    return Stream.generate(() -> shapes.get(r.nextInt(shapes.size())))
        .limit(1 + r.nextInt(5)).collect(Collectors.joining("\n"));
  }
}

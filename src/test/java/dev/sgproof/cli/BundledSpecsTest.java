package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every assertion of specs/ is proved, by both engines (issue 2, item 7). */
class BundledSpecsTest {

  private static List<String> specFiles() throws IOException {
    try (Stream<Path> s = Files.list(Cli.specs())) {
      return s.filter(p -> p.toString().endsWith(".sg")).map(Path::toString).sorted().toList();
    }
  }

  @Test
  void everySeedDocumentHasItsSpec() throws IOException {
    List<String> files = specFiles();
    for (String seed : List.of("seed-000-", "seed-001-", "seed-002-", "seed-003-", "seed-004-")) {
      assertTrue(files.stream().anyMatch(f -> Path.of(f).getFileName().toString().startsWith(seed)),
          "no spec for " + seed + " in " + files);
    }
  }

  @Test
  void everyBundledAssertionIsProvedWithTheSmtEngine() throws IOException {
    List<String> files = specFiles();
    String[] args = Stream.concat(Stream.of("verify", "--quiet"), files.stream()).toArray(String[]::new);
    Cli r = Cli.run(args);
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().matches("(?s)\\d+ passed, 0 failed, 0 unknown, 0 errors\n"), r.out());
    assertEquals("", r.err(), "the bundled specs have no warnings");
  }

  @Test
  void everyBundledAssertionIsProvedWithTheExhaustiveEngine() throws IOException {
    List<String> files = specFiles();
    String[] args = Stream.concat(Stream.of("verify", "--engine", "exhaustive"), files.stream())
        .toArray(String[]::new);
    Cli r = Cli.run(args);
    assertEquals(0, r.exit(), r.out() + r.err());
    long proved = r.out().lines().filter(l -> l.startsWith("\u2713 proved")).count();
    assertTrue(proved >= 40, "expected the seed and example assertions, got " + proved);
  }
}

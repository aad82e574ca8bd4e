package dev.sgproof.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (conventions.md): the pipeline's packages may import only those
 * listed here, so the layering stays acyclic and the CLI stays the only place that wires things.
 */
class LayeringTest {
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("diag", Set.of()),
      Map.entry("model", Set.of("diag")),
      Map.entry("syntax", Set.of("diag", "model")),
      Map.entry("semantics", Set.of("diag", "model", "syntax")),
      Map.entry("flows", Set.of("model")),
      Map.entry("query", Set.of("diag", "model", "semantics", "flows")),
      Map.entry("smt", Set.of("diag", "model", "semantics", "query")),
      Map.entry("report", Set.of("diag", "model", "semantics", "query", "flows")),
      Map.entry("proofs", Set.of("diag", "model", "semantics", "query", "report")),
      Map.entry("imports", Set.of("diag", "model", "syntax", "semantics")),
      Map.entry("bench", Set.of("diag", "model")),
      Map.entry("cli", Set.of("diag", "model", "syntax", "semantics", "query", "smt", "report", "flows",
          "proofs", "imports", "bench")));
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.sgproof\\.([a-z]+)\\.", Pattern.MULTILINE);

  @Test
  void everyPackageImportsOnlyTheLayersBelowIt() throws IOException {
    Path root = Path.of("src/main/java/dev/sgproof");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = root.relativize(f).getName(0).toString();
        Set<String> allowed = ALLOWED.get(pkg);
        if (allowed == null) {
          violations.add(f + ": package " + pkg + " has no place in the layering");
          continue;
        }
        Matcher m = IMPORT.matcher(Files.readString(f));
        while (m.find()) {
          if (!m.group(1).equals(pkg) && !allowed.contains(m.group(1))) {
            violations.add(f + " imports dev.sgproof." + m.group(1));
          }
        }
      }
    }
    assertTrue(violations.isEmpty(), String.join("\n", violations));
  }
}

package dev.sgproof.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The layering of docs/architecture.md, read from the sources: every package uses (imports or
 * names in code; comments do not count) only the packages listed for it, so the arrows point one
 * way; only {@code smt} mentions Z3; engines never call one another, only the portfolio picks; and
 * no engine state is static.
 *
 * <pre>
 * cli -> shard, report, proofs, imports, bench, engines -> query, smt
 * shard -> proofs, report                      (shard: verify --shard, merge)
 * engines -> query -> semantics -> syntax -> model -> diag
 * query, report -> flows -> model              (flows: exact flow sets)
 * engines -> smt -> model                      (smt: the translator, a leaf over model)
 * </pre>
 */
class LayeringTest {
  static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("diag", Set.of()),
      Map.entry("model", Set.of("diag")),
      Map.entry("syntax", Set.of("diag", "model")),
      Map.entry("semantics", Set.of("diag", "model", "syntax")),
      Map.entry("flows", Set.of("model")),
      Map.entry("smt", Set.of("diag", "model")),
      Map.entry("query", Set.of("diag", "model", "semantics", "flows")),
      Map.entry("engines", Set.of("diag", "model", "semantics", "flows", "query", "smt")),
      Map.entry("report", Set.of("diag", "model", "semantics", "flows", "query")),
      Map.entry("proofs", Set.of("diag", "model", "semantics", "query", "report")),
      Map.entry("shard", Set.of("diag", "model", "semantics", "query", "report", "proofs")),
      Map.entry("imports", Set.of("diag", "model", "syntax", "semantics")),
      Map.entry("bench", Set.of("diag", "model")),
      Map.entry("cli", Set.of("diag", "model", "syntax", "semantics", "flows", "query",
          "engines", "report", "proofs", "imports", "bench", "shard")));

  /** The classes of each engine (by file, under engines/): one engine's may not name another's. */
  private static final Map<String, List<String>> ENGINES = Map.of(
      "ExhaustiveEngine", List.of("ExhaustiveEngine.java"),
      "ClassSearchEngine", List.of("classsearch/"),
      "Z3Engine", List.of("Z3Engine.java", "Z3Counterexample.java"));

  private static final Path ROOT = Path.of("src/main/java/dev/sgproof");
  private static final Pattern USE = Pattern.compile("\\bdev\\.sgproof\\.([a-z]+)\\.");
  private static final Pattern COMMENT =
      Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  /** Every main source file with its code: comments and the package declaration removed. */
  private static Map<Path, String> sources() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      Map<Path, String> out = new java.util.TreeMap<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String code = COMMENT.matcher(Files.readString(f)).replaceAll(" ");
        out.put(f, code.replaceFirst("(?m)^package [^;]*;", ""));
      }
      return out;
    }
  }

  private static String pkg(Path f) {
    return ROOT.relativize(f).getName(0).toString();
  }

  @Test
  void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
    List<String> violations = new ArrayList<>();
    sources().forEach((f, code) -> {
      String pkg = pkg(f);
      Set<String> allowed = ALLOWED.get(pkg);
      if (allowed == null) {
        violations.add(f + ": package " + pkg + " has no place in the layering");
        return;
      }
      Matcher m = USE.matcher(code);
      while (m.find()) {
        if (!m.group(1).equals(pkg) && !allowed.contains(m.group(1))) {
          violations.add(f + " uses dev.sgproof." + m.group(1));
        }
      }
    });
    assertEquals(List.of(), violations);
  }

  @Test
  void onlySmtMentionsZ3() throws IOException {
    List<Path> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (!pkg(f).equals("smt") && Files.readString(f).contains("com.microsoft.z3")) {
          offenders.add(f);
        }
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void enginesNeverNameOneAnotherOrThePortfolio() throws IOException {
    List<String> violations = new ArrayList<>();
    sources().forEach((f, code) -> {
      String rel = ROOT.relativize(f).toString().replace('\\', '/');
      if (!rel.startsWith("engines/")) {
        return;
      }
      String inEngines = rel.substring("engines/".length());
      ENGINES.forEach((engine, files) -> {
        if (files.stream().noneMatch(inEngines::startsWith)) {
          return;
        }
        List<String> others = new ArrayList<>(List.of("Portfolio", "Engines"));
        ENGINES.keySet().stream().filter(e -> !e.equals(engine)).forEach(others::add);
        for (String other : others) {
          if (Pattern.compile("\\b" + other + "\\b").matcher(code).find()) {
            violations.add(rel + " (the " + engine + ") names " + other);
          }
        }
      });
    });
    assertEquals(List.of(), violations);
  }

  @Test
  void noStateOfTheEnginesIsStatic() throws IOException {
    Pattern staticState = Pattern.compile("ThreadLocal|static\\s+volatile"
        + "|static\\s+(?!final\\b)(?!class\\b)(?!record\\b)(?!enum\\b)(?!interface\\b)"
        + "[\\w<>\\[\\], .?]+\\s+\\w+\\s*[=;]"
        + "|static\\s+final\\s+[^=;(){}\\n]*=\\s*new\\s+(java\\.util\\.)?(concurrent\\.)?(atomic\\.)?"
        + "(HashMap|ArrayList|HashSet|LinkedHashMap|IdentityHashMap|TreeMap|ConcurrentHashMap"
        + "|AtomicLong|AtomicInteger|AtomicReference)\\b");
    List<String> violations = new ArrayList<>();
    sources().forEach((f, code) -> {
      if (!Set.of("query", "engines", "smt").contains(pkg(f))) {
        return;
      }
      Matcher m = staticState.matcher(code);
      while (m.find()) {
        violations.add(ROOT.relativize(f) + ": " + m.group());
      }
    });
    assertEquals(List.of(), violations);
  }

  @Test
  void theArchitectureDocumentNamesEveryPackageWithItsArrows() throws IOException {
    String doc = Files.readString(Path.of("docs/architecture.md"));
    for (String pkg : ALLOWED.keySet()) {
      assertTrue(doc.contains("`" + pkg + "/`"), "docs/architecture.md does not describe " + pkg);
    }
    String readme = Files.readString(Path.of("README.md"));
    for (String arrow : List.of("engines -> query", "engines -> smt", "smt -> model")) {
      assertTrue(doc.contains(arrow), "docs/architecture.md lacks " + arrow);
      assertTrue(readme.contains(arrow), "README.md lacks " + arrow);
    }
  }

  /** Reads a file, for lambdas. */
  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Network;
import dev.sgproof.semantics.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verify --shard K/N} and {@code sgproof merge}: for N = 1..5, the merged JSON, JUnit,
 * SARIF and proof records are the bytes the unsharded run writes, on the bundled specs and on
 * generated specs of several files with includes; shards that do not belong together are an
 * input error, never a partial result.
 */
class ShardMergeTest {
  private static final long SEED = Property.baseSeed(20261130L);

  /** Under target/, so that the specs lie in the current directory as --proofs needs. */
  Path dir;

  @BeforeEach
  void makeDir() {
    dir = Cli.workDir();
  }

  @AfterEach
  void cleanUp() {
    Cli.delete(dir);
  }

  /** Every output of one run: the reports and the records, by name, as bytes. */
  private record Outputs(int exit, String err, Map<String, byte[]> files) {}

  private Outputs verify(String name, List<String> options, List<String> specs) {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("verify",
        "--format", "json", "--output", out + ".json",
        "--format", "junit", "--output", out + ".xml",
        "--format", "sarif", "--output", out + ".sarif",
        "--proofs", out + "-proofs"));
    args.addAll(options);
    args.addAll(specs);
    Cli r = Cli.run(args.toArray(String[]::new));
    return new Outputs(r.exit(), r.err(), read(out));
  }

  private Outputs merge(String name, List<String> shards) {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("merge",
        "--format", "json", "--output", out + ".json",
        "--format", "junit", "--output", out + ".xml",
        "--format", "sarif", "--output", out + ".sarif",
        "--proofs", out + "-proofs"));
    args.addAll(shards);
    Cli r = Cli.run(args.toArray(String[]::new));
    return new Outputs(r.exit(), r.err(), read(out));
  }

  /** The outputs of a run named {@code out}: its three reports and its records. */
  private static Map<String, byte[]> read(Path out) {
    Map<String, byte[]> files = new TreeMap<>();
    try {
      for (String ext : List.of(".json", ".xml", ".sarif")) {
        Path p = Path.of(out + ext);
        if (Files.exists(p)) {
          files.put(ext, Files.readAllBytes(p));
        }
      }
      Path proofs = Path.of(out + "-proofs");
      if (Files.isDirectory(proofs)) {
        try (Stream<Path> walk = Files.walk(proofs)) {
          for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
            files.put(proofs.relativize(p).toString(), Files.readAllBytes(p));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The shard outputs of {@code verify --shard K/N} for K = 1..N, as merge takes them. */
  private List<String> shards(int n, List<String> specs, String where) {
    List<String> outs = new ArrayList<>();
    for (int k = 1; k <= n; k++) {
      String name = "n" + n + "-shard" + k;
      // --jobs differs between shards: the plan and the results must not depend on it
      Outputs s = verify(name, List.of("--shard", k + "/" + n, "--jobs", k % 2 == 0 ? "2" : "1"),
          specs);
      assertTrue(s.exit() != 3, where + ": shard " + k + "/" + n + " failed: " + s.err());
      Path out = dir.resolve(name);
      for (String ext : List.of(".json", ".xml", ".sarif")) {
        outs.add(out + ext);
      }
      if (Files.isDirectory(Path.of(out + "-proofs"))) {
        outs.add(out + "-proofs");
      }
    }
    return outs;
  }

  /** For N = 1..5: merge gives the unsharded bytes of every output, and its exit code. */
  private void mergesToTheUnshardedRun(List<String> specs, String where) {
    Outputs whole = verify("whole", List.of(), specs);
    assertTrue(whole.files().size() >= 3, where + ": " + whole.err());
    for (int n = 1; n <= 5; n++) {
      List<String> outs = new ArrayList<>(shards(n, specs, where));
      if (n % 2 == 0) {
        java.util.Collections.reverse(outs); // the order of the SHARDs does not matter
      }
      Outputs merged = merge("merged" + n, outs);
      String at = where + ", N = " + n;
      assertEquals(whole.exit(), merged.exit(), at + ": " + merged.err());
      assertEquals(whole.files().keySet(), merged.files().keySet(), at + ": " + merged.err());
      for (String f : whole.files().keySet()) {
        assertArrayEquals(whole.files().get(f), merged.files().get(f), at + ": " + f + " differs;"
            + " merged:\n" + new String(merged.files().get(f), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void mergedShardsOfTheBundledSpecsAreTheUnshardedOutputsForOneToFiveShards() throws IOException {
    List<String> specs;
    try (Stream<Path> s = Files.list(Cli.specs())) {
      specs = s.map(Path::toString).filter(p -> p.endsWith(".sg")).sorted().toList();
    }
    assertTrue(specs.size() >= 5);
    mergesToTheUnshardedRun(specs, "specs/");
  }

  @Test
  void mergedShardsOfGeneratedSpecsWithIncludesAreTheUnshardedOutputs() throws IOException {
    Random seeds = new Random(SEED);
    int verified = 0;
    for (int c = 0; c < Fuzz.cases(3); c++) {
      long seed = seeds.nextLong();
      String where = "seed " + seed + " (base -D" + Property.SEED_PROPERTY + "=" + SEED + ")";
      List<String> specs = writeGenerated(seed);
      Outputs whole = verify("probe", List.of(), specs);
      verified += whole.exit() == 2 ? 0 : 1;
      mergesToTheUnshardedRun(specs, where);
      Cli.delete(dir);
      dir = Cli.workDir();
    }
    assertTrue(verified > 0, "every generated case had input errors: nothing was verified");
  }

  private static final String SMALL = String.join("\n",
      "group Web basic {",
      "  ingress allow tcp 80 from 0.0.0.0/0",
      "  ingress allow tcp 443 from 0.0.0.0/0",
      "}",
      "group Db basic isolated {",
      "  ingress allow tcp 5432 from group Web",
      "}",
      "instance web ip 10.0.0.10 in Web",
      "instance db ip 10.0.1.20 in Db",
      "instance batch ip 10.0.1.21 in Db",
      "assert \"https\": internet -> web reachable tcp 443",
      "assert \"leak\": web -> batch unreachable",
      "assert \"db\": web -> db reachable tcp 5432",
      "");

  private String write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  @Test
  void anEmptyShareExitsZeroWithANoteAndStillMerges() throws IOException {
    String spec = write("small.sg", SMALL);
    Outputs whole = verify("whole", List.of(), List.of(spec));
    assertEquals(1, whole.exit(), whole.err());
    Outputs last = verify("empty", List.of("--shard", "5/5"), List.of(spec));
    assertEquals(0, last.exit(), last.err());
    assertTrue(last.err().contains("shard 5/5: this share is empty"), last.err());
    Outputs merged = merge("merged", shards(5, List.of(spec), "small.sg"));
    assertEquals(1, merged.exit(), merged.err());
    assertEquals(whole.files().keySet(), merged.files().keySet());
    whole.files().forEach((f, bytes) -> assertArrayEquals(bytes, merged.files().get(f), f));
  }

  @Test
  void shardsOfSpecsWithErrorsOrWithoutAssertionsMergeToTheUnshardedOutputsAndExitCode()
      throws IOException {
    for (boolean withErrors : List.of(false, true)) {
      Cli.delete(dir);
      dir = Cli.workDir();
      List<String> specs = new ArrayList<>();
      specs.add(write("none.sg", "group A basic\ninstance a ip 10.0.0.1 in A\n"));
      if (withErrors) {
        specs.add(write("broken.sg", "group A basic\ninstance a ip 10.0.0.1 in Nope\n"
            + "assert a -> internet reachable\n"));
      }
      Outputs whole = verify("whole", List.of(), specs);
      assertEquals(specs.size() == 1 ? 5 : 2, whole.exit(), whole.err());
      List<String> outs = shards(3, specs, specs.toString());
      Outputs merged = merge("merged", outs);
      assertEquals(whole.exit(), merged.exit(), merged.err());
      assertEquals(whole.files().keySet(), merged.files().keySet());
      whole.files().forEach((f, bytes) -> assertArrayEquals(bytes, merged.files().get(f), f));
    }
  }

  /** The outputs of a 3-shard run of SMALL, for the refusals below. */
  private List<String> threeShards() throws IOException {
    return shards(3, List.of(write("small.sg", SMALL)), "small.sg");
  }

  private Cli mergeJson(List<String> shards) {
    List<String> args = new ArrayList<>(List.of("merge", "--format", "json", "--output",
        dir.resolve("out.json").toString()));
    args.addAll(shards);
    return Cli.run(args.toArray(String[]::new));
  }

  private void refused(Cli r, String... named) {
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith("sgproof: merge: "), r.err());
    for (String n : named) {
      assertTrue(r.err().contains(n), n + " not in: " + r.err());
    }
    assertTrue(!Files.exists(dir.resolve("out.json")), "a refused merge wrote its output");
  }

  @Test
  void aMissingShardIsAnInputErrorNamingIt() throws IOException {
    List<String> outs = threeShards();
    List<String> json = outs.stream().filter(o -> o.endsWith(".json")).toList();
    refused(mergeJson(List.of(json.get(0), json.get(2))), "2/3", "missing");
    // a kind not asked for is checked too: its shard 3 is missing
    List<String> mixed = new ArrayList<>(json);
    mixed.addAll(outs.stream().filter(o -> o.endsWith(".xml")).limit(2).toList());
    refused(mergeJson(mixed), "3/3", "missing");
  }

  @Test
  void aShardGivenTwiceIsAnInputError() throws IOException {
    List<String> json = threeShards().stream().filter(o -> o.endsWith(".json")).toList();
    Path copy = dir.resolve("copy-of-2.json");
    Files.copy(Path.of(json.get(1)), copy);
    List<String> twice = new ArrayList<>(json);
    twice.add(copy.toString());
    refused(mergeJson(twice), "2/3", "twice", copy.toString());
  }

  @Test
  void shardsOfDifferentInputsOrShardCountsAreAnInputError() throws IOException {
    List<String> json = threeShards().stream().filter(o -> o.endsWith(".json")).toList();
    // the same spec, edited, then shard 3 again: different inputs
    write("small.sg", SMALL.replace("tcp 443 from", "tcp 444 from"));
    verify("edited", List.of("--shard", "3/3"), List.of(dir.resolve("small.sg").toString()));
    refused(mergeJson(List.of(json.get(0), json.get(1), dir.resolve("edited.json").toString())),
        "different inputs");
    write("small.sg", SMALL);
    verify("of4", List.of("--shard", "3/4"), List.of(dir.resolve("small.sg").toString()));
    refused(mergeJson(List.of(json.get(0), json.get(1), dir.resolve("of4.json").toString())),
        "of 3", "of 4");
  }

  @Test
  void anUnshardedOrForeignFileIsAnInputError() throws IOException {
    List<String> json = threeShards().stream().filter(o -> o.endsWith(".json")).toList();
    verify("plain", List.of(), List.of(dir.resolve("small.sg").toString()));
    for (String ext : List.of(".json", ".xml", ".sarif")) {
      String plain = dir.resolve("plain" + ext).toString();
      refused(mergeJson(List.of(json.get(0), json.get(1), plain)), plain, "shard header");
    }
    String foreign = write("foreign.json", "{\"hello\": 1}\n");
    refused(mergeJson(List.of(json.get(0), foreign)), foreign);
    refused(mergeJson(List.of(json.get(0), dir.resolve("nowhere.json").toString())),
        "does not exist");
  }

  @Test
  void aBadShardOptionIsAUsageError() throws IOException {
    String spec = write("small.sg", SMALL);
    for (String bad : List.of("0/3", "4/3", "3", "a/b", "1/0", "1/1001", "-1/2")) {
      Cli r = Cli.run("verify", "--shard", bad, spec);
      assertEquals(2, r.exit(), bad + ": " + r.err());
      assertTrue(r.err().contains("--shard"), r.err());
    }
  }

  private static List<String> differences(Cli r) {
    return r.err().lines().filter(l -> l.startsWith("proof differs")).toList();
  }

  @Test
  void checkProofsOfAShardComparesItsShareAndTheShardsTogetherFindWhatTheWholeRunFinds()
      throws IOException {
    String spec = write("small.sg", SMALL);
    String proofs = dir.resolve("proofs").toString();
    assertEquals(1, Cli.run("verify", "--proofs", proofs, spec).exit());
    // https is now refuted, and "db" is gone from the spec
    write("small.sg", SMALL.replace("tcp 443 from", "tcp 444 from")
        .replace("assert \"db\": web -> db reachable tcp 5432\n", ""));
    Cli whole = Cli.run("verify", "--quiet", "--check-proofs", proofs, spec);
    assertEquals(1, whole.exit(), whole.err());
    List<String> found = new ArrayList<>();
    for (int k = 1; k <= 2; k++) {
      Cli r = Cli.run("verify", "--quiet", "--shard", k + "/2", "--check-proofs", proofs, spec);
      assertEquals(differences(r).isEmpty() ? 0 : 1, r.exit(), r.err());
      found.addAll(differences(r));
    }
    assertTrue(differences(whole).stream().anyMatch(d -> d.contains("'https': verdict differs")),
        whole.err());
    assertTrue(differences(whole).stream().anyMatch(d -> d.contains("no longer in the spec")),
        whole.err());
    assertEquals(differences(whole).stream().sorted().toList(), found.stream().sorted().toList());

  }

  /** Every file under {@code root}, by its path under it. */
  private static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void theSharesSmtLibExportsTogetherAreTheUnshardedExport() throws IOException {
    String spec = write("small.sg", SMALL);
    Path whole = dir.resolve("smt-whole");
    Path shards = dir.resolve("smt-shards");
    assertEquals(1, Cli.run("verify", "--quiet", "--smt2", whole.toString(), spec).exit());
    for (int k = 1; k <= 3; k++) {
      Cli r = Cli.run("verify", "--quiet", "--shard", k + "/3", "--smt2", shards.toString(), spec);
      assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
    }
    Map<String, byte[]> a = tree(whole);
    Map<String, byte[]> b = tree(shards);
    assertTrue(a.size() >= 3, a.keySet().toString());
    assertEquals(a.keySet(), b.keySet());
    a.forEach((f, bytes) -> assertArrayEquals(bytes, b.get(f), f));
  }

  @Test
  void checkProofsAgainstAShardsRecordIsAnInputError() throws IOException {
    String spec = write("small.sg", SMALL);
    String proofs = dir.resolve("proofs").toString();
    assertEquals(1, Cli.run("verify", "--shard", "1/2", "--proofs", proofs, spec).exit());
    Cli r = Cli.run("verify", "--check-proofs", proofs, spec);
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("record of one shard"), r.err());
  }

  /**
   * Four files from one generated network: net.sg (the network), extra.sg (assertions, only
   * included), a.sg (includes both, more assertions), b.sg (includes a.sg, more assertions), c.sg
   * (includes net.sg, no assertion); given as b, c, a.
   */
  private List<String> writeGenerated(long seed) throws IOException {
    Gen g = new Gen(seed);
    Network n = new NetworkGen(seed % 2 == 0 ? GenConfig.medium() : GenConfig.small()).network(g);
    String net = SpecPrinter.print(n);
    Files.writeString(dir.resolve("net.sg"), net);
    Files.writeString(dir.resolve("extra.sg"), assertions(g, n, net, 3));
    Files.writeString(dir.resolve("a.sg"), "include \"net.sg\"\ninclude \"extra.sg\"\n"
        + assertions(g, n, net, 4 + g.nextInt(4)));
    Files.writeString(dir.resolve("b.sg"), "include \"a.sg\"\n"
        + assertions(g, n, net, 2 + g.nextInt(6)));
    Files.writeString(dir.resolve("c.sg"), "include \"net.sg\"\n");
    return Stream.of("b.sg", "c.sg", "a.sg").map(f -> dir.resolve(f).toString()).toList();
  }

  /** {@code count} generated assertions that have flows to check (no error SG041). */
  private static String assertions(Gen g, Network n, String net, int count) {
    StringBuilder b = new StringBuilder();
    for (int tries = 0, kept = 0; kept < count && tries < 50 * count; tries++) {
      String a = SpecPrinter.assertion(AssertionGen.assertion(g, n, 1)) + "\n";
      if (!SpecLoader.load(new SourceText("probe.sg", net + a)).hasErrors()) {
        b.append(a);
        kept++;
      }
    }
    return b.toString();
  }
}

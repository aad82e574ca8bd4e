package dev.sgproof.cli;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.bench.SpecTextGenerator.BenchSize;
import dev.sgproof.bench.SpecTextGenerator.Generated;
import dev.sgproof.bench.SpecTextGenerator.Stats;
import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.model.Group;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sgproof bench}: generates a spec of a given size, loads it, and runs the engines over its
 * assertions, printing where the time and the memory go. A benchmark, not a test: the figures
 * depend on the machine; the verdicts must not depend on the engine.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Generates a spec of the given size (seeded) and measures parsing, encoding and solving.",
      "",
      "Exit codes: 0 done; 2 bad options; 3 the engines disagree on a verdict, or internal error."
    })
final class BenchCommand implements Callable<Integer> {

  enum Preset {
    small,
    large,
    account,
    nicpair,
    huge
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--preset",
      description = "small (10 groups, 10 rules each, 20 NICs), large (200 groups, 20 rules each,"
          + " 1,000 NICs), account (1,000 groups, 20 rules each, 10,000 NICs in 1..5 groups drawn"
          + " from 1,000 profiles, 1,000 assertions, half derived from rules; auto engine only) or nicpair"
          + " (5 isolated groups of 200 rules, 200 NICs in all 5, 1,000 assertions between two"
          + " NICs; auto engine only) or huge (the account preset 10x: 10,000 groups, 200,000"
          + " rule statements, 100,000 NICs from 10,000 profiles, 1,000 assertions; auto engine"
          + " only); other options override it (default: small).")
  Preset preset;

  @Option(names = "--groups", description = "Security groups.")
  Integer groups;

  @Option(names = "--rules-per-group", description = "Rule statements per group.")
  Integer rulesPerGroup;

  @Option(names = "--nics", description = "Network interfaces.")
  Integer nics;

  @Option(names = "--groups-per-nic", description = "The most groups of one NIC (each gets 1..max).")
  Integer groupsPerNic;

  @Option(names = "--assertions", description = "Assertions (default: 50).")
  Integer assertions;

  @Option(names = "--ipv6-share", defaultValue = "0.1",
      description = "The share of NICs with an IPv6 address (default: ${DEFAULT-VALUE}).")
  double ipv6Share;

  @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--engines", split = ",", defaultValue = "auto,smt,exhaustive",
      description = "Engines to run, side by side: auto (the default engine of verify), smt"
          + " (Z3 for every obligation), exhaustive (default:"
          + " ${DEFAULT-VALUE}). --scale and --repeat use the first.")
  List<EngineChoice> engines;

  @Option(names = "--exhaustive-budget", defaultValue = "60", paramLabel = "SECONDS",
      description = "Stop the exhaustive engine after this much total time and report how many"
          + " assertions it finished (default: ${DEFAULT-VALUE}).")
  double exhaustiveBudget;

  @CommandLine.Mixin TimeoutOption timeout;

  @Option(names = "--write-spec", paramLabel = "FILE",
      description = "Also write the generated spec to FILE (to rerun it with verify).")
  Path writeSpec;

  @Option(names = "--enumeration-limit", paramLabel = "FLOWS",
      description = "auto and smt engines: obligations with at most this many representative flows"
          + " are enumerated flow by flow; the rest go to the class search (auto) or the solver"
          + " (smt) (default: 0, all to the class search or the solver).")
  Long enumerationLimit;

  @Option(names = "--profiles",
      description = "NICs draw their group set from this many profiles (0: each its own).")
  Integer profiles;

  @Option(names = "--derived-share",
      description = "The share of assertions derived from a rule (these mostly hold), 0..1.")
  Double derivedShare;

  @Option(names = "--scale",
      description = "Run one engine (the first of --engines) at four sizes 10x apart (10, 100, 1,000, 10,000 NICs;"
          + " one group of 20 rules per 10 NICs; --assertions each) and print one row per size.")
  boolean scale;

  @Option(names = "--repeat", paramLabel = "N",
      description = "Memory mode: verify the spec's assertions over and over, N in all, in one"
          + " process with one engine (the first of --engines), printing heap (after a GC) and RSS every N/10.")
  Integer repeat;

  @Option(names = "--jobs", defaultValue = "1",
      description = "Worker threads per engine (default: ${DEFAULT-VALUE}, best for measuring).")
  int jobs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BenchSize size = size();
    try (Engines pool = new Engines(jobs)) {
      return call(out, err, size, new BenchRuns(pool, exhaustiveBudget));
    }
  }

  private int call(PrintWriter out, PrintWriter err, BenchSize size, BenchRuns runner) {
    if (scale) {
      return runScale(out, err, runner);
    }
    List<EngineChoice> order = engines.stream().distinct().toList();
    long t0 = System.nanoTime();
    Generated g = SpecTextGenerator.generate(size);
    long generated = System.nanoTime() - t0;
    String name = "bench-seed-" + seed + ".sg";
    if (writeSpec != null) {
      try {
        Files.writeString(writeSpec, g.text(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException ex) {
        err.println("sgproof: cannot write " + writeSpec + ": " + ex.getMessage());
        return 2;
      }
    }
    t0 = System.nanoTime();
    LoadResult r = SpecLoader.load(new SourceText(name, g.text()));
    long loaded = System.nanoTime() - t0;
    if (r.hasErrors()) {
      DiagnosticRenderer renderer = new DiagnosticRenderer(r.sources());
      for (Diagnostic d : r.diagnostics()) {
        err.print(renderer.render(d));
      }
      err.println("sgproof: internal error: the generated spec has errors (a generator bug)");
      err.flush();
      return 3;
    }
    Spec s = r.spec();
    printHeader(out, size, g, s, generated, loaded);
    if (repeat != null) {
      return BenchRuns.repeat(out, s, options(engines.get(0)), repeat);
    }
    List<BenchRuns.Run> runs = new ArrayList<>();
    List<String> walls = new ArrayList<>();
    // The exhaustive engine runs last: a run it abandons at its budget cannot disturb the others.
    for (EngineChoice e : EngineChoice.values()) {
      if (order.contains(e)) {
        long w0 = System.nanoTime();
        runs.add(runner.run(options(e), s));
        long wall = System.nanoTime() - w0;
        walls.add(String.format(Locale.ROOT, "%s verify wall %s (%.1fx parse+resolve)", e,
            BenchTable.time(wall), (double) wall / loaded));
      }
    }
    runs.sort((a, b) -> Integer.compare(order.indexOf(a.engine()), order.indexOf(b.engine())));
    BenchTable.print(out, runs);
    walls.forEach(out::println);
    int exit = BenchTable.agreement(out, err, s, runs);
    out.flush();
    err.flush();
    return exit;
  }

  /**
   * The size a preset stands for (null: no preset, the small size), before options override it.
   * {@code huge} is {@code account} with ten times the groups, NICs and profiles.
   */
  static BenchSize presetSize(Preset preset, double ipv6Share, long seed) {
    boolean large = preset == Preset.large;
    boolean huge = preset == Preset.huge;
    boolean account = preset == Preset.account || huge;
    boolean pair = preset == Preset.nicpair;
    int tenfold = huge ? 10 : 1;
    return new BenchSize(
        account ? 1_000 * tenfold : pair ? 5 : large ? 200 : 10,
        pair ? 200 : large || account ? 20 : 10,
        account ? 10_000 * tenfold : pair ? 200 : large ? 1_000 : 20,
        account || pair ? 5 : large ? 3 : 2,
        account || pair ? 1_000 : 50,
        ipv6Share,
        seed,
        account ? 1_000 * tenfold : 0,
        account ? 0.5 : 0,
        pair);
  }

  private BenchSize size() {
    BenchSize p = presetSize(preset, ipv6Share, seed);
    boolean account = preset == Preset.account || preset == Preset.huge;
    boolean pair = preset == Preset.nicpair;
    BenchSize b =
        new BenchSize(
            orElse(groups, p.groups()),
            orElse(rulesPerGroup, p.rulesPerGroup()),
            orElse(nics, p.nics()),
            orElse(groupsPerNic, p.groupsPerNic()),
            orElse(assertions, p.assertions()),
            ipv6Share,
            seed,
            orElse(profiles, p.profiles()),
            derivedShare != null ? derivedShare : p.derivedShare(),
            p.nicPairs());
    if (engines == null || (account || pair) && !spec.commandLine().getParseResult()
        .hasMatchedOption("--engines")) {
      engines = List.of(EngineChoice.auto);
    }
    timeout.millis();
    if (jobs < 1 || !(exhaustiveBudget > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--jobs and --exhaustive-budget must be positive");
    }
    return b;
  }

  /** {@code --scale}: the first engine of --engines at four sizes 10x apart, one row each. */
  private int runScale(PrintWriter out, PrintWriter err, BenchRuns runner) {
    EngineChoice engine = engines.get(0);
    out.printf(Locale.ROOT, "sgproof bench --scale (seed %d, jobs %d, %s engine)%n", seed, jobs,
        engine);
    out.printf(Locale.ROOT, "%8s %7s %8s %11s %6s %10s %10s %10s %10s %10s %8s %8s%n", "NICs",
        "groups", "rules", "assertions", "proved", "parse", "verify", "solve p50", "solve p95",
        "solve max", "heap", "RSS");
    for (int nicCount : new int[] {10, 100, 1_000, 10_000}) {
      int groupCount = Math.max(1, nicCount / 10);
      BenchSize b = new BenchSize(groupCount, orElse(rulesPerGroup, 20), nicCount,
          orElse(groupsPerNic, 5), orElse(assertions, 100), ipv6Share, seed,
          orElse(profiles, groupCount), derivedShare != null ? derivedShare : 0.5, false);
      Generated g = SpecTextGenerator.generate(b);
      long t0 = System.nanoTime();
      LoadResult r = SpecLoader.load(new SourceText("bench-scale.sg", g.text()));
      long loaded = System.nanoTime() - t0;
      if (r.hasErrors()) {
        err.println("sgproof: internal error: the generated spec has errors (a generator bug)");
        return 3;
      }
      long w0 = System.nanoTime();
      BenchRuns.Run run = runner.run(options(engine), r.spec());
      long wall = System.nanoTime() - w0;
      if (run.failure() != null) {
        err.println("sgproof: internal error in the " + engine + " engine: " + run.failure());
        return 3;
      }
      long proved = Arrays.stream(run.verdicts()).filter("proved"::equals).count();
      long unknown = Arrays.stream(run.verdicts()).filter("unknown"::equals).count();
      out.printf(Locale.ROOT, "%,8d %,7d %,8d %,11d %6s %10s %10s %10s %10s %10s %8s %8s%n",
          nicCount, groupCount, g.stats().ruleStatements(), g.stats().assertions(),
          proved + (unknown > 0 ? "+" + unknown + "?" : ""), BenchTable.time(loaded),
          BenchTable.time(wall), BenchTable.percentile(run, 0.5),
          BenchTable.percentile(run, 0.95), BenchTable.percentile(run, 1.0),
          BenchTable.megabytes(run.heapPeak()),
          run.rssPeak() < 0 ? "n/a" : BenchTable.megabytes(run.rssPeak()));
      out.flush();
    }
    out.println("(parse is parse+resolve; verify is the wall time of all assertions; 'proved'"
        + " counts proofs, '+n?' unknowns)");
    return 0;
  }

  /**
   * The options of one engine choice for a run: no dependsOn; the enumeration limit given, else
   * the choice's default (0 for auto and smt).
   */
  private EngineOptions options(EngineChoice e) {
    EngineOptions o = EngineOptions.of(e).withTimeout(timeout.millis()).withDependsOn(false);
    return enumerationLimit == null ? o : o.withEnumerationLimit(enumerationLimit);
  }

  private static int orElse(Integer given, int preset) {
    return given != null ? given : preset;
  }

  // ---- printing -----------------------------------------------------------------------------

  private void printHeader(
      PrintWriter out, BenchSize size, Generated g, Spec s, long generated, long loaded) {
    Stats st = g.stats();
    long rules = 0;
    for (Group grp : s.network().groups()) {
      rules += grp.rules().stream().filter(x -> !x.legacy()).count();
    }
    String preset = this.preset == null ? "" : ", preset " + this.preset;
    out.printf(Locale.ROOT, "sgproof bench (seed %d%s, jobs %d)%n", size.seed(), preset, jobs);
    out.printf(Locale.ROOT,
        "size           %,d groups (%,d basic of which %,d isolated, %,d advanced)%n",
        size.groups(), st.basicGroups(), st.isolatedGroups(), st.advancedGroups());
    out.printf(Locale.ROOT,
        "               %,d rule statements (%,d per group, %,d with a group peer),"
            + " %,d rules after port lists%n",
        st.ruleStatements(), size.rulesPerGroup(), st.groupPeerRules(), rules);
    // What the spec has, not what the options allowed (nicpair puts every NIC in all of them).
    IntSummaryStatistics per = s.network().nics().stream()
        .mapToInt(nic -> (int) nic.groups().stream().distinct().count()).summaryStatistics();
    String each = per.getCount() == 0 ? "no groups"
        : per.getMin() == per.getMax() ? per.getMax() + (per.getMax() == 1 ? " group" : " groups")
        : per.getMin() + ".." + per.getMax() + " groups";
    out.printf(Locale.ROOT,
        "               %,d NICs (%s each) on %,d instances, %,d IPv4 + %,d IPv6"
            + " addresses%n",
        st.nics(), each, st.instances(), st.v4Addresses(), st.v6Addresses());
    out.printf(Locale.ROOT, "               %,d assertions%n", st.assertions());
    long lines = g.text().chars().filter(c -> c == '\n').count();
    out.printf(Locale.ROOT, "spec text      %,d bytes, %,d lines (generated in %s)%n",
        g.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, lines,
        BenchTable.time(generated));
    out.printf(Locale.ROOT, "parse+resolve  %s%n", BenchTable.time(loaded));
    out.println();
  }
}

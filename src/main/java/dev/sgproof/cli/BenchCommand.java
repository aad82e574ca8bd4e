package dev.sgproof.cli;

import dev.sgproof.bench.SpecTextGenerator;
import dev.sgproof.bench.SpecTextGenerator.BenchSize;
import dev.sgproof.bench.SpecTextGenerator.Generated;
import dev.sgproof.bench.SpecTextGenerator.Stats;
import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticRenderer;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Group;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Engine;
import dev.sgproof.query.ExhaustiveEngine;
import dev.sgproof.query.Verifier;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import dev.sgproof.smt.SmtEngine;
import dev.sgproof.smt.SmtOptions;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    nicpair
  }

  enum EngineName {
    auto,
    smt,
    exhaustive
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--preset",
      description = "small (10 groups, 10 rules each, 20 NICs), large (200 groups, 20 rules each,"
          + " 1,000 NICs), account (1,000 groups, 20 rules each, 10,000 NICs in 1..5 groups drawn"
          + " from 1,000 profiles, 1,000 assertions, half derived from rules; auto engine only) or nicpair"
          + " (5 isolated groups of 200 rules, 200 NICs in all 5, 1,000 assertions between two"
          + " NICs; auto engine only); other options override it (default: small).")
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
          + " (Z3 for every obligation above the enumeration limit), exhaustive (default:"
          + " ${DEFAULT-VALUE}). --scale and --repeat use the first.")
  List<EngineName> engines;

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
          + " (smt; 0 sends all to the solver) (default: 0 for auto, 20000 for smt).")
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

  /** One engine's run: per assertion, its verdict and solve time (null when not finished). */
  private record Run(
      EngineName engine,
      long encodeNanos,
      String[] verdicts,
      long[] solveNanos,
      int finished,
      long heapPeak,
      long rssPeak,
      String note,
      RuntimeException failure) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BenchSize size = size();
    if (scale) {
      return runScale(out, err);
    }
    List<EngineName> order = engines.stream().distinct().toList();
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
      return runRepeat(out, s);
    }
    List<Run> runs = new ArrayList<>();
    List<String> walls = new ArrayList<>();
    // The exhaustive engine runs last: a run it abandons at its budget cannot disturb the others.
    for (EngineName e : EngineName.values()) {
      if (order.contains(e)) {
        long w0 = System.nanoTime();
        runs.add(run(e, s));
        long wall = System.nanoTime() - w0;
        walls.add(String.format(Locale.ROOT, "%s verify wall %s (%.1fx parse+resolve)", e,
            time(wall), (double) wall / loaded));
      }
    }
    runs.sort((a, b) -> Integer.compare(order.indexOf(a.engine()), order.indexOf(b.engine())));
    printTable(out, runs);
    walls.forEach(out::println);
    int exit = printAgreement(out, err, s, runs);
    out.flush();
    err.flush();
    return exit;
  }

  private BenchSize size() {
    boolean large = preset == Preset.large;
    boolean account = preset == Preset.account;
    boolean pair = preset == Preset.nicpair;
    BenchSize b =
        new BenchSize(
            orElse(groups, account ? 1_000 : pair ? 5 : large ? 200 : 10),
            orElse(rulesPerGroup, pair ? 200 : large || account ? 20 : 10),
            orElse(nics, account ? 10_000 : pair ? 200 : large ? 1_000 : 20),
            orElse(groupsPerNic, account || pair ? 5 : large ? 3 : 2),
            orElse(assertions, account || pair ? 1_000 : 50),
            ipv6Share,
            seed,
            orElse(profiles, account ? 1_000 : 0),
            derivedShare != null ? derivedShare : account ? 0.5 : 0,
            pair);
    if (engines == null || (account || pair) && !spec.commandLine().getParseResult()
        .hasMatchedOption("--engines")) {
      engines = List.of(EngineName.auto);
    }
    timeout.millis();
    if (jobs < 1 || !(exhaustiveBudget > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--jobs and --exhaustive-budget must be positive");
    }
    return b;
  }

  /** {@code --scale}: the first engine of --engines at four sizes 10x apart, one row each. */
  private int runScale(PrintWriter out, PrintWriter err) {
    EngineName engine = engines.get(0);
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
      Run run = run(engine, r.spec());
      long wall = System.nanoTime() - w0;
      if (run.failure() != null) {
        err.println("sgproof: internal error in the " + engine + " engine: " + run.failure());
        return 3;
      }
      long proved = Arrays.stream(run.verdicts()).filter("proved"::equals).count();
      long unknown = Arrays.stream(run.verdicts()).filter("unknown"::equals).count();
      out.printf(Locale.ROOT, "%,8d %,7d %,8d %,11d %6s %10s %10s %10s %10s %10s %8s %8s%n",
          nicCount, groupCount, g.stats().ruleStatements(), g.stats().assertions(),
          proved + (unknown > 0 ? "+" + unknown + "?" : ""), time(loaded), time(wall),
          percentile(run, 0.5), percentile(run, 0.95), percentile(run, 1.0),
          megabytes(run.heapPeak()), run.rssPeak() < 0 ? "n/a" : megabytes(run.rssPeak()));
      out.flush();
    }
    out.println("(parse is parse+resolve; verify is the wall time of all assertions; 'proved'"
        + " counts proofs, '+n?' unknowns)");
    return 0;
  }

  /**
   * {@code --repeat N}: one engine (the first of --engines) verifies the spec's assertions over and over, N checks in
   * all; every N/10 it prints the heap in use after a GC and the process's RSS (VmRSS), which must
   * stay flat.
   */
  private int runRepeat(PrintWriter out, Spec s) {
    List<Assertion> all = s.assertions();
    int total = repeat;
    int every = Math.max(1, total / 10);
    SmtOptions options = smtOptions();
    out.printf(Locale.ROOT, "%12s %10s %10s %10s %12s%n", "checks", "elapsed", "heap", "RSS",
        "checks/s");
    long t0 = System.nanoTime();
    long last = t0;
    int unknown = 0;
    try (Engine e = engine(engines.get(0), options)) {
      for (int i = 1; i <= total; i++) {
        AssertionResult res = Verifier.check(s, all.get((i - 1) % all.size()), e);
        if (res.verdict().word().equals("unknown")) {
          unknown++;
        }
        if (i % every == 0 || i == total) {
          long now = System.nanoTime();
          System.gc();
          long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          long rss = Memory.rss();
          out.printf(Locale.ROOT, "%,12d %10s %10s %10s %,12.0f%n", i, time(now - t0),
              megabytes(heap), rss < 0 ? "n/a" : megabytes(rss),
              (i % every == 0 ? every : i % every) / ((now - last) / 1e9));
          out.flush();
          last = System.nanoTime();
        }
      }
    }
    out.printf(Locale.ROOT, "unknown: %d%n(heap is in use after a GC; RSS is VmRSS)%n", unknown);
    return 0;
  }

  private SmtOptions smtOptions() {
    SmtOptions o = new SmtOptions(timeout.millis(), false);
    return enumerationLimit == null ? o : o.withEnumerationLimit(enumerationLimit);
  }

  /**
   * A fresh engine of that name (auto: the SMT engine with the class search for every
   * obligation, as verify runs it, unless --enumeration-limit is given).
   */
  private Engine engine(EngineName name, SmtOptions options) {
    return switch (name) {
      case auto -> new SmtEngine(enumerationLimit == null
          ? SmtOptions.auto(options) : options.withClassSearch(true));
      case smt -> new SmtEngine(options);
      case exhaustive -> new ExhaustiveEngine();
    };
  }

  private static int orElse(Integer given, int preset) {
    return given != null ? given : preset;
  }

  // ---- measuring ----------------------------------------------------------------------------

  private Run run(EngineName engine, Spec s) {
    List<Assertion> all = s.assertions();
    int n = all.size();
    String[] verdicts = new String[n];
    long[] solve = new long[n];
    AtomicLong encode = new AtomicLong();
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    SmtOptions options = smtOptions();
    int workers = Math.max(1, Math.min(jobs, n));
    CountDownLatch done = new CountDownLatch(workers);
    System.gc();
    Memory.resetPeaks();
    for (int w = 0; w < workers; w++) {
      Thread t = new Thread(() -> {
        try (Engine e = engine(engine, options)) {
          if (e instanceof SmtEngine smt) {
            long t1 = System.nanoTime();
            smt.prepare(s.network());
            encode.accumulateAndGet(System.nanoTime() - t1, Math::max);
          }
          for (int i = next.getAndIncrement(); i < n && !stop.get(); i = next.getAndIncrement()) {
            long t1 = System.nanoTime();
            AssertionResult res = Verifier.check(s, all.get(i), e);
            solve[i] = System.nanoTime() - t1;
            synchronized (verdicts) {
              verdicts[i] = res.verdict().word();
            }
          }
        } catch (RuntimeException ex) {
          failure.compareAndSet(null, ex);
          stop.set(true);
        } finally {
          done.countDown();
        }
      }, "bench-" + engine + "-" + w);
      t.setDaemon(true);
      t.start();
    }
    String note = "";
    try {
      if (engine == EngineName.exhaustive) {
        if (!done.await(Math.round(exhaustiveBudget * 1000), TimeUnit.MILLISECONDS)) {
          stop.set(true);
          note = "budget of " + seconds(exhaustiveBudget) + " reached";
        }
      } else {
        done.await();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      stop.set(true);
      note = "interrupted";
    }
    long heap = Memory.heapPeak();
    long rss = Memory.rssPeak();
    String[] snapshot;
    synchronized (verdicts) {
      snapshot = verdicts.clone();
    }
    int finished = (int) Arrays.stream(snapshot).filter(v -> v != null).count();
    return new Run(engine, engine != EngineName.exhaustive ? encode.get() : -1, snapshot, solve,
        finished, heap, rss, note, failure.get());
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
    out.printf(Locale.ROOT,
        "               %,d NICs (1..%d groups each) on %,d instances, %,d IPv4 + %,d IPv6"
            + " addresses%n",
        st.nics(), size.groupsPerNic(), st.instances(), st.v4Addresses(), st.v6Addresses());
    out.printf(Locale.ROOT, "               %,d assertions%n", st.assertions());
    long lines = g.text().chars().filter(c -> c == '\n').count();
    out.printf(Locale.ROOT, "spec text      %,d bytes, %,d lines (generated in %s)%n",
        g.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, lines, time(generated));
    out.printf(Locale.ROOT, "parse+resolve  %s%n", time(loaded));
    out.println();
  }

  private static void printTable(PrintWriter out, List<Run> runs) {
    List<String[]> rows = new ArrayList<>();
    rows.add(row("", runs, r -> r.engine().name()));
    rows.add(row("encode", runs, r -> r.encodeNanos() < 0 ? "-" : time(r.encodeNanos())));
    rows.add(row("solve p50", runs, r -> percentile(r, 0.50)));
    rows.add(row("solve p95", runs, r -> percentile(r, 0.95)));
    rows.add(row("solve max", runs, r -> percentile(r, 1.0)));
    rows.add(row("solve total", runs, r -> finishedTimes(r).length == 0
        ? "-" : time(Arrays.stream(finishedTimes(r)).sum())));
    rows.add(row("proved p50/max", runs, r -> split(r, "proved")));
    rows.add(row("refuted p50/max", runs, r -> split(r, "refuted")));
    rows.add(row("finished", runs, r -> r.finished() + " of " + r.verdicts().length));
    for (String word : List.of("proved", "refuted", "unknown")) {
      rows.add(row(word, runs, r -> Long.toString(
          Arrays.stream(r.verdicts()).filter(word::equals).count())));
    }
    rows.add(row("heap peak", runs, r -> megabytes(r.heapPeak())));
    rows.add(row("RSS peak", runs, r -> r.rssPeak() < 0 ? "n/a" : megabytes(r.rssPeak())));
    for (String[] row : rows) {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-15s", row[0]));
      for (int i = 1; i < row.length; i++) {
        b.append(String.format(Locale.ROOT, " %20s", row[i]));
      }
      out.println(b.toString().stripTrailing());
    }
    for (Run r : runs) {
      if (!r.note().isEmpty()) {
        out.printf(Locale.ROOT, "%s: %s; finished %d of %d assertions%n",
            r.engine(), r.note(), r.finished(), r.verdicts().length);
      }
    }
    out.println("(solve includes replaying each counterexample in the evaluator; heap peak is the"
        + " sum of the heap pools' peaks; RSS peak is VmHWM, " + Memory.rssNote() + ")");
  }

  private int printAgreement(PrintWriter out, PrintWriter err, Spec s, List<Run> runs) {
    for (Run r : runs) {
      if (r.failure() != null) {
        err.println("sgproof: internal error in the " + r.engine() + " engine: " + r.failure());
        return 3;
      }
    }
    if (runs.size() < 2) {
      out.println("verdicts agree: n/a (one engine)");
      return 0;
    }
    String[] a = runs.get(0).verdicts();
    String[] b = runs.get(1).verdicts();
    int compared = 0;
    int agree = 0;
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null || b[i] == null || a[i].equals("unknown") || b[i].equals("unknown")) {
        continue;
      }
      compared++;
      if (a[i].equals(b[i])) {
        agree++;
      } else {
        Assertion x = s.assertions().get(i);
        disagreements.add("line " + x.line() + " '" + x.text() + "': " + runs.get(0).engine()
            + " " + a[i] + ", " + runs.get(1).engine() + " " + b[i]);
      }
    }
    out.printf(Locale.ROOT, "verdicts agree: %d of %d%n", agree, compared);
    if (disagreements.isEmpty()) {
      return 0;
    }
    for (String d : disagreements) {
      out.println("DISAGREEMENT: " + d);
      err.println("sgproof: DISAGREEMENT between the engines: " + d);
    }
    return 3;
  }

  private static String[] row(String label, List<Run> runs, java.util.function.Function<Run, String> f) {
    String[] row = new String[runs.size() + 1];
    row[0] = label;
    for (int i = 0; i < runs.size(); i++) {
      row[i + 1] = f.apply(runs.get(i));
    }
    return row;
  }

  private static long[] finishedTimes(Run r) {
    List<Long> xs = new ArrayList<>();
    for (int i = 0; i < r.verdicts().length; i++) {
      if (r.verdicts()[i] != null) {
        xs.add(r.solveNanos()[i]);
      }
    }
    return xs.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** p50 and max of the solve times of the assertions with this verdict. */
  private static String split(Run r, String word) {
    List<Long> xs = new ArrayList<>();
    for (int i = 0; i < r.verdicts().length; i++) {
      if (word.equals(r.verdicts()[i])) {
        xs.add(r.solveNanos()[i]);
      }
    }
    if (xs.isEmpty()) {
      return "-";
    }
    long[] sorted = xs.stream().mapToLong(Long::longValue).sorted().toArray();
    return time(sorted[(int) Math.ceil(0.5 * sorted.length) - 1]) + " / " + time(sorted[sorted.length - 1]);
  }

  /** Nearest-rank percentile of the finished assertions' solve times. */
  private static String percentile(Run r, double q) {
    long[] xs = finishedTimes(r);
    if (xs.length == 0) {
      return "-";
    }
    int rank = (int) Math.ceil(q * xs.length);
    return time(xs[Math.max(0, rank - 1)]);
  }

  static String time(long nanos) {
    double ms = nanos / 1e6;
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f ms", ms);
    } else if (ms < 1000) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    return String.format(Locale.ROOT, "%.2f s", ms / 1000);
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.0f s", s);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MB", bytes / (1024.0 * 1024.0));
  }

  /** Heap peaks from the memory pools; process peak RSS from /proc/self/status (Linux). */
  static final class Memory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static volatile boolean rssReset;

    private Memory() {}

    static void resetPeaks() {
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          p.resetPeakUsage();
        }
      }
      try {
        // "5" resets the peak RSS (VmHWM) to the current RSS (Linux 4.0+).
        Files.writeString(CLEAR_REFS, "5");
        rssReset = true;
      } catch (Exception e) {
        rssReset = false;
      }
    }

    static long heapPeak() {
      long sum = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          sum += p.getPeakUsage().getUsed();
        }
      }
      return sum;
    }

    /** VmRSS in bytes, or -1 when not available. */
    static long rss() {
      return statusField("VmRSS:");
    }

    /** VmHWM in bytes, or -1 when not available. */
    static long rssPeak() {
      return statusField("VmHWM:");
    }

    private static long statusField(String field) {
      try {
        for (String line : Files.readAllLines(STATUS)) {
          if (line.startsWith(field)) {
            String[] parts = line.substring(field.length()).trim().split("\\s+");
            return Long.parseLong(parts[0]) * 1024;
          }
        }
      } catch (Exception e) {
        return -1;
      }
      return -1;
    }

    static String rssNote() {
      return rssReset ? "reset before each engine" : "since the process started";
    }
  }
}

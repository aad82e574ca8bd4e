package dev.sgproof.cli;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** How {@code sgproof bench} prints its runs: one column per engine, and whether they agree. */
final class BenchTable {
  private BenchTable() {}

  static void print(PrintWriter out, List<BenchRuns.Run> runs) {
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
    for (BenchRuns.Run r : runs) {
      if (!r.note().isEmpty()) {
        out.printf(Locale.ROOT, "%s: %s; finished %d of %d assertions%n",
            r.engine(), r.note(), r.finished(), r.verdicts().length);
      }
    }
    out.println("(solve includes replaying each counterexample in the evaluator; heap peak is the"
        + " sum of the heap pools' peaks; RSS peak is VmHWM, " + BenchMemory.rssNote() + ")");
  }

  /** Prints whether the first two runs agree on every verdict both decided; the exit code. */
  static int agreement(PrintWriter out, PrintWriter err, Spec s, List<BenchRuns.Run> runs) {
    for (BenchRuns.Run r : runs) {
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

  private static String[] row(String label, List<BenchRuns.Run> runs,
      Function<BenchRuns.Run, String> f) {
    String[] row = new String[runs.size() + 1];
    row[0] = label;
    for (int i = 0; i < runs.size(); i++) {
      row[i + 1] = f.apply(runs.get(i));
    }
    return row;
  }

  private static long[] finishedTimes(BenchRuns.Run r) {
    List<Long> xs = new ArrayList<>();
    for (int i = 0; i < r.verdicts().length; i++) {
      if (r.verdicts()[i] != null) {
        xs.add(r.solveNanos()[i]);
      }
    }
    return xs.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** p50 and max of the solve times of the assertions with this verdict. */
  private static String split(BenchRuns.Run r, String word) {
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
    return time(sorted[(int) Math.ceil(0.5 * sorted.length) - 1]) + " / "
        + time(sorted[sorted.length - 1]);
  }

  /** Nearest-rank percentile of the finished assertions' solve times. */
  static String percentile(BenchRuns.Run r, double q) {
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

  static String seconds(double s) {
    return String.format(Locale.ROOT, "%.0f s", s);
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MB", bytes / (1024.0 * 1024.0));
  }
}

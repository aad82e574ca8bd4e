package dev.sgproof.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.report.FileResult;
import dev.sgproof.report.Json;
import dev.sgproof.report.SarifReport;
import dev.sgproof.report.Summary;
import dev.sgproof.semantics.LoadResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code verify --shard K/N} run: the share of each file to verify (from the {@link
 * ShardPlan}), and the {@link ShardHeader} its outputs carry for {@code sgproof merge}.
 */
public final class ShardRun {
  private final Shard shard;
  private final List<String> files;
  private final List<Integer> totals;
  /** Null when the input has errors (nothing is verified). */
  private final ShardPlan plan;
  private final String inputs;
  private final String version;

  private ShardRun(Shard shard, List<String> files, List<Integer> totals, ShardPlan plan,
      String inputs, String version) {
    this.shard = shard;
    this.files = files;
    this.totals = totals;
    this.plan = plan;
    this.inputs = inputs;
    this.version = version;
  }

  /**
   * @param files the FILEs as given
   * @param loaded what each FILE loaded to
   * @param errors whether any input has errors (then no shard verifies anything)
   */
  public static ShardRun of(Shard shard, List<Path> files, List<LoadResult> loaded, boolean errors,
      String version) {
    List<String> names = files.stream().map(Path::toString).toList();
    ShardPlan plan = errors ? null
        : ShardPlan.of(loaded.stream().map(LoadResult::spec).toList(), shard.count());
    List<Integer> totals = new ArrayList<>();
    for (LoadResult r : loaded) {
      totals.add(errors ? 0 : r.spec().assertions().size());
    }
    return new ShardRun(shard, names, totals, plan, inputs(files, loaded), version);
  }

  /**
   * A digest of the FILE names in order and of the text of every file each read (named relative
   * to the FILE's directory, as proof records name them), so that shards of different inputs are
   * told apart wherever they ran.
   */
  static String inputs(List<Path> files, List<LoadResult> loaded) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < files.size(); i++) {
      b.append("file\0").append(files.get(i)).append('\n');
      Path base = files.get(i).toAbsolutePath().normalize().getParent();
      TreeMap<String, String> sources = new TreeMap<>();
      for (Map.Entry<String, SourceText> e : loaded.get(i).sources().entrySet()) {
        Path p = Path.of(e.getKey()).toAbsolutePath().normalize();
        String key = (base == null ? p : base.relativize(p)).toString().replace('\\', '/');
        sources.put(key, sha256(e.getValue().text()));
      }
      sources.forEach((k, v) -> b.append("source\0").append(k).append('\0').append(v).append('\n'));
    }
    return sha256(b.toString());
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return "sha256:" + HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Shard shard() {
    return shard;
  }

  /** The places (0-based, ascending) of this shard's assertions in FILE {@code file}. */
  public List<Integer> share(int file) {
    return plan == null ? List.of() : plan.share(file, shard.index());
  }

  /** The spec of FILE {@code file} with only this shard's assertions. */
  public Spec share(int file, Spec spec) {
    List<Assertion> mine = new ArrayList<>();
    for (int i : share(file)) {
      mine.add(spec.assertions().get(i));
    }
    return new Spec(spec.file(), spec.network(), mine);
  }

  /** How many assertions this shard verifies. */
  public int size() {
    return plan == null ? 0 : plan.size(shard.index());
  }

  /** How many assertions the run has in all. */
  public int total() {
    return plan == null ? 0 : plan.total();
  }

  /** One line for standard error: what this shard verifies of the whole. */
  public String note() {
    if (plan == null) {
      return "shard " + shard + ": the input has errors; nothing is verified";
    }
    if (size() == 0) {
      return "shard " + shard + ": this share is empty (" + total() + " assertions in "
          + shard.count() + " shards); nothing to verify here";
    }
    long all = 0;
    for (int k = 1; k <= shard.count(); k++) {
      all = Math.min(Long.MAX_VALUE / 200, all + plan.load(k));
    }
    long percent = all == 0 ? 0 : Math.round(100.0 * plan.load(shard.index()) / all);
    return "shard " + shard + ": " + size() + " of " + total() + " assertions (" + percent
        + "% of the estimated cost)";
  }

  /** The header of this shard's outputs, with the counts of its results. */
  public ShardHeader header(List<FileResult> results) {
    List<ShardHeader.FileShare> fs = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      fs.add(new ShardHeader.FileShare(files.get(i), totals.get(i), share(i)));
    }
    Summary s = Summary.of(results);
    return new ShardHeader(shard.index(), shard.count(), inputs, version, fs, s.proved(),
        s.refuted(), s.unknown(), s.errors());
  }

  /**
   * A report of this shard's results with its header: JSON gains a top-level {@code shard};
   * SARIF a run property {@code sgproofShard} (with the assertion of each result); JUnit an XML
   * comment before {@code <testsuites>}. Text is returned as it is.
   *
   * @param format {@code text}, {@code json}, {@code junit} or {@code sarif}
   */
  public String annotate(String format, String rendered, List<FileResult> results) {
    ShardHeader h = header(results);
    return switch (format) {
      case "json" -> {
        ObjectNode root = ShardFormats.parseObject(rendered);
        root.set(ShardFormats.JSON_FIELD, h.toJson());
        yield Json.render(root);
      }
      case "sarif" -> {
        ObjectNode root = ShardFormats.parseObject(rendered);
        ObjectNode run = (ObjectNode) root.path("runs").path(0);
        JsonNode props = run.path("properties");
        ObjectNode p = props instanceof ObjectNode o ? o : run.putObject("properties");
        ObjectNode header = h.toJson();
        header.set("results", sarifPlaces(results, run.path("results").size()));
        p.set(ShardFormats.SARIF_PROPERTY, header);
        yield Json.render(root);
      }
      case "junit" -> ShardFormats.withJUnitHeader(rendered, h);
      default -> rendered;
    };
  }

  /**
   * For each SARIF result in order, [file, place of the assertion] (place -1 for a diagnostic):
   * found by rendering each file's diagnostics and each assertion on their own, so that it follows
   * whatever results {@link SarifReport} makes of them.
   */
  private ArrayNode sarifPlaces(List<FileResult> results, int expected) {
    SarifReport sarif = new SarifReport(version);
    ArrayNode places = Json.object().arrayNode();
    for (int f = 0; f < results.size(); f++) {
      FileResult r = results.get(f);
      int diags = count(sarif, new FileResult(r.file(), r.diagnostics(), r.network(), List.of()));
      for (int d = 0; d < diags; d++) {
        places.addArray().add(f).add(-1);
      }
      List<Integer> mine = share(f);
      for (int a = 0; a < r.results().size(); a++) {
        List<AssertionResult> one = List.of(r.results().get(a));
        int n = count(sarif, new FileResult(r.file(), List.of(), r.network(), one));
        for (int k = 0; k < n; k++) {
          places.addArray().add(f).add(mine.get(a));
        }
      }
    }
    if (places.size() != expected) {
      throw new IllegalStateException("SARIF results of a shard: " + expected + " rendered, "
          + places.size() + " attributed to assertions");
    }
    return places;
  }

  private static int count(SarifReport sarif, FileResult r) {
    return ShardFormats.parseObject(sarif.render(List.of(r))).path("runs").path(0)
        .path("results").size();
  }

  /** A proof record of this shard's results of FILE {@code file}, with the header and the file's place. */
  public ObjectNode record(ObjectNode record, int file, List<FileResult> results) {
    ObjectNode h = header(results).toJson();
    h.put("fileIndex", file);
    record.set(ShardFormats.JSON_FIELD, h);
    return record;
  }
}

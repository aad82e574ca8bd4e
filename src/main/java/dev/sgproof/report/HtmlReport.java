package dev.sgproof.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.flows.FlowBox;
import dev.sgproof.flows.FlowSpace;
import dev.sgproof.flows.Violations;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Classes;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Matrix;
import dev.sgproof.query.MatrixByTables;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Verdict;
import dev.sgproof.query.ViolationsByEnumeration;
import dev.sgproof.semantics.Decision;
import dev.sgproof.semantics.Evaluator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The data of {@code sgproof report}: one JSON object that the page ({@link HtmlPage}) renders.
 * Per file: the verdict of each assertion, with the counterexample, its trace and every violating
 * flow as canonical boxes (capped) for a refuted one, the rules and steps a proof rests on for a
 * proved one; the connectivity matrices; the group graph ({@link HtmlGraph}). Everything comes
 * from the exact computations: the violation boxes the engines listed in a result
 * ({@link AssertionResult#violations}), else those of {@link Exact}, and the matrix cells of
 * {@link Exact}; nothing is sampled. Each listed box's first flow is evaluated again, and a box
 * the evaluator does not confirm is an internal error.
 *
 * <p>Matrices are compact: traffic texts are interned in a table, each distinct cell (always,
 * sometimes, and whether the pair has flows at all) in a table of kinds, and each row is a list of
 * kind indexes where a negative number {@code -n} stands for {@code n} cells of kind 0 (never
 * permitted).
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * The exact computations the report reads. The reference ones enumerate flow classes; faster
   * engines give the same sets.
   */
  public interface Exact {
    /** Every flow that breaks the assertion (permitted where denied is needed, and the reverse). */
    Violations violations(Network n, Assertion a);

    /** The matrix cell from one endpoint to another (one thread at a time). */
    BiFunction<Endpoint, Endpoint, Matrix.Cell> cells(Network n);
  }

  /** The reference computations: class enumeration in the concrete evaluator. */
  public static Exact byEnumeration() {
    return new Exact() {
      @Override
      public Violations violations(Network n, Assertion a) {
        return ViolationsByEnumeration.of(n, new Evaluator(n), Classes.of(n, a), Obligation.of(a),
            new FlowSpace());
      }

      @Override
      public BiFunction<Endpoint, Endpoint, Matrix.Cell> cells(Network n) {
        BiFunction<Endpoint, Endpoint, Violations> pairs = Matrix.byEnumeration(n);
        return (a, b) -> Matrix.Cell.of(pairs.apply(a, b));
      }
    };
  }

  /**
   * What {@code sgproof report} uses: the violations as {@link #byEnumeration}, the matrix cells
   * between groups, instances and NICs from the decision tables ({@link MatrixByTables}, the
   * same cells as the reference, fast enough for an account).
   */
  public static Exact byTables() {
    Exact reference = byEnumeration();
    return new Exact() {
      @Override
      public Violations violations(Network n, Assertion a) {
        return reference.violations(n, a);
      }

      @Override
      public BiFunction<Endpoint, Endpoint, Matrix.Cell> cells(Network n) {
        return MatrixByTables.of(n);
      }
    };
  }

  /**
   * What goes into the report.
   *
   * @param maxBoxes the most violation boxes listed per assertion
   * @param matrices the matrices to show (by group, by instance, by NIC)
   * @param matrixMax a matrix with more endpoints than this is left out, with a note
   */
  public record Options(int maxBoxes, List<Matrix.By> matrices, int matrixMax) {
    public Options {
      matrices = List.copyOf(matrices);
      if (maxBoxes < 0 || matrixMax < 0) {
        throw new IllegalArgumentException("negative limit");
      }
    }
  }

  /** The report's data for the files (each resolved, or with its diagnostics only). */
  public static ObjectNode model(List<FileResult> files, Exact exact, Options options,
      String version) {
    ObjectNode root = Json.object();
    root.put("sgproof", version);
    Summary s = Summary.of(files);
    ObjectNode so = root.putObject("summary");
    so.put("files", files.size());
    so.put("proved", s.proved());
    so.put("refuted", s.refuted());
    so.put("unknown", s.unknown());
    so.put("errors", s.errors());
    so.put("exitCode", s.exitCode());
    ArrayNode fs = root.putArray("files");
    for (FileResult f : files) {
      file(fs.addObject(), f, exact, options);
    }
    return root;
  }

  private static void file(ObjectNode o, FileResult f, Exact exact, Options options) {
    o.put("file", f.file());
    Summary s = Summary.of(List.of(f));
    ObjectNode so = o.putObject("summary");
    so.put("proved", s.proved());
    so.put("refuted", s.refuted());
    so.put("unknown", s.unknown());
    so.put("errors", s.errors());
    JsonReport.diagnostics(o.putArray("diagnostics"), f.diagnostics());
    Optional<Network> network = f.network();
    ArrayNode as = o.putArray("assertions");
    if (network.isEmpty()) {
      o.putArray("matrices");
      return;
    }
    Network n = network.get();
    ObjectNode size = o.putObject("size");
    size.put("groups", n.groups().size());
    size.put("rules", n.groups().stream().mapToInt(g -> g.rules().size()).sum());
    size.put("instances", n.instances().size());
    size.put("nics", n.nics().size());
    Evaluator evaluator = new Evaluator(n);
    for (AssertionResult r : f.results()) {
      assertion(as.addObject(), n, evaluator, r, exact, options.maxBoxes());
    }
    ArrayNode ms = o.putArray("matrices");
    for (Matrix.By by : options.matrices()) {
      ObjectNode m = ms.addObject();
      m.put("by", by.name().toLowerCase(Locale.ROOT));
      int endpoints = Matrix.entries(n, by).size();
      m.put("endpoints", endpoints);
      if (endpoints > options.matrixMax()) {
        m.put("omitted", "the matrix by " + by.name().toLowerCase(Locale.ROOT) + " has "
            + endpoints + " endpoints, more than the " + options.matrixMax()
            + " of --matrix-max");
        continue;
      }
      matrix(m, Matrix.computeCells(n, by, x -> true, x -> true, exact.cells(n)));
    }
    o.set("graph", HtmlGraph.build(n));
  }

  private static void assertion(ObjectNode o, Network n, Evaluator evaluator, AssertionResult r,
      Exact exact, int maxBoxes) {
    Assertion a = r.assertion();
    o.put("file", a.span().file());
    o.put("line", a.line());
    o.put("label", a.label());
    o.put("text", a.text());
    Verdict v = r.verdict();
    o.put("verdict", v.word());
    if (v instanceof Verdict.Unknown u) {
      o.put("reason", u.reason());
    }
    if (v instanceof Verdict.Proved p) {
      JsonReport.rules(o.putArray("dependsOn"), p.dependsOn());
      ArrayNode steps = o.putArray("dependsOnSteps");
      p.steps().forEach(steps::add);
    }
    if (v instanceof Verdict.Refuted ref) {
      Decision d = r.decision().orElseThrow();
      ObjectNode c = o.putObject("counterexample");
      JsonReport.flowFields(c, n, ref.counterexample());
      c.put("flow", ref.counterexample().toString());
      c.put("permitted", d.permitted());
      c.put("broken", r.broken().orElseThrow().describe());
      ArrayNode t = c.putArray("trace");
      for (String line : FlowExplanation.text(n, d).split("\n")) {
        t.add(line);
      }
      if (maxBoxes == 0) {
        return; // no boxes asked for: the violation sets are not computed
      }
      Violations.Listing listing;
      if (r.violations().isPresent()) {
        // The engines' exact sets, the counterexample in them and every box's corners checked
        // in the evaluator (Replay.violations).
        listing = r.violations().get();
      } else {
        Violations all = exact.violations(n, a);
        boolean inSet = d.permitted() ? all.permitted().contains(ref.counterexample())
            : all.denied().contains(ref.counterexample());
        if (!inSet) {
          throw new DisagreementException("the counterexample " + ref.counterexample() + " of "
              + a.text() + " at " + a.span().file() + ":" + a.line()
              + " is not among its violating flows");
        }
        listing = all.list(maxBoxes);
      }
      violations(o.putObject("violations"), n, evaluator, a, listing);
    }
  }

  /**
   * The boxes: {@code [permitted 1|0, protoLow, protoHigh, srcLow, srcHigh, dstLow, dstHigh,
   * srcPortLow, srcPortHigh, dstPortLow, dstPortHigh, flow]}, ports null without ports, flow one
   * flow of the box (for {@code sgproof explain}), confirmed by the evaluator, or null when no
   * corner of the box is a flow of the model.
   */
  private static void violations(ObjectNode o, Network n, Evaluator evaluator, Assertion a,
      Violations.Listing listing) {
    ArrayNode boxes = o.putArray("boxes");
    for (Violations.Box b : listing.boxes()) {
      FlowBox x = b.box();
      ArrayNode e = boxes.addArray();
      e.add(b.permitted() ? 1 : 0);
      e.add(x.protocolLow());
      e.add(x.protocolHigh());
      e.add(x.srcLow().toString());
      e.add(x.srcHigh().toString());
      e.add(x.dstLow().toString());
      e.add(x.dstHigh().toString());
      for (Optional<PortRange> pr : List.of(x.srcPorts(), x.dstPorts())) {
        if (pr.isPresent()) {
          e.add(pr.get().low());
          e.add(pr.get().high());
        } else {
          e.addNull();
          e.addNull();
        }
      }
      Optional<Flow> f = sample(n, x);
      if (f.isPresent()) {
        if (evaluator.permits(f.get()) != b.permitted()) {
          throw new DisagreementException("the flow " + f.get() + " of a violation box of "
              + a.text() + " at " + a.span().file() + ":" + a.line() + " is "
              + (b.permitted() ? "denied" : "permitted") + " by the evaluator");
        }
        e.add(f.get().toString());
      } else {
        e.addNull();
      }
    }
    o.put("total", listing.total());
    o.put("truncated", listing.truncated());
  }

  /**
   * A flow of the box at one of its corners (low protocol that fits the addresses' IP version,
   * source port 49152 when the box has it, else its lowest, the lowest destination port), or
   * none when no corner is a flow of the model (two external ends, or one NIC at both).
   */
  static Optional<Flow> sample(Network n, FlowBox x) {
    int protocol = -1;
    for (int p = x.protocolLow(); p <= x.protocolHigh(); p++) {
      if (Protocols.fitsVersion(p, x.srcLow().version())) {
        protocol = p;
        break;
      }
    }
    if (protocol < 0) {
      return Optional.empty();
    }
    int sport = Flow.NO_PORT;
    int dport = Flow.NO_PORT;
    if (x.hasPorts()) {
      PortRange s = x.srcPorts().orElseThrow();
      sport = s.contains(Classes.PREFERRED_SOURCE_PORT) ? Classes.PREFERRED_SOURCE_PORT : s.low();
      dport = x.dstPorts().orElseThrow().low();
    }
    for (IpAddress src : List.of(x.srcLow(), x.srcHigh())) {
      for (IpAddress dst : List.of(x.dstLow(), x.dstHigh())) {
        Optional<Nic> s = n.owner(src);
        Optional<Nic> d = n.owner(dst);
        if (s.isEmpty() && d.isEmpty() || s.isPresent() && s.equals(d)) {
          continue;
        }
        return Optional.of(new Flow(src, dst, protocol, sport, dport));
      }
    }
    return Optional.empty();
  }

  private static void matrix(ObjectNode o, Matrix.Result m) {
    boolean same = m.rows().equals(m.columns());
    lines(o.putArray("rows"), m.rows());
    if (!same) {
      lines(o.putArray("columns"), m.columns());
    }
    ArrayNode empty = o.putArray("emptyGroups");
    m.empty().forEach(empty::add);
    List<String> traffic = new ArrayList<>(List.of(""));
    Map<String, Integer> trafficIndex = new HashMap<>(Map.of("", 0));
    List<List<Integer>> kinds = new ArrayList<>();
    kinds.add(List.of(0, 0, 1)); // never permitted
    kinds.add(List.of(0, 0, 0)); // no flow between the two at all
    Map<List<Integer>, Integer> kindIndex = new HashMap<>();
    kindIndex.put(kinds.get(0), 0);
    kindIndex.put(kinds.get(1), 1);
    ArrayNode rows = o.putArray("cells");
    for (List<Matrix.Cell> row : m.cells()) {
      ArrayNode out = rows.addArray();
      int run = 0;
      for (Matrix.Cell c : row) {
        List<Integer> k = List.of(
            intern(c.show(c.always()), traffic, trafficIndex),
            intern(c.show(c.sometimes()), traffic, trafficIndex),
            c.flows() ? 1 : 0);
        int kind = kindIndex.computeIfAbsent(k, x -> {
          kinds.add(x);
          return kinds.size() - 1;
        });
        if (kind == 0) {
          run++;
          continue;
        }
        if (run > 0) {
          out.add(-run);
          run = 0;
        }
        out.add(kind);
      }
      if (run > 0) {
        out.add(-run);
      }
    }
    ArrayNode ts = o.putArray("traffic");
    traffic.forEach(ts::add);
    ArrayNode ks = o.putArray("kinds");
    for (List<Integer> k : kinds) {
      ArrayNode x = ks.addArray();
      k.forEach(x::add);
    }
  }

  private static int intern(String s, List<String> table, Map<String, Integer> index) {
    return index.computeIfAbsent(s, x -> {
      table.add(x);
      return table.size() - 1;
    });
  }

  private static void lines(ArrayNode out, List<Matrix.Line> lines) {
    for (Matrix.Line l : lines) {
      ArrayNode names = out.addArray();
      l.names().forEach(names::add);
    }
  }
}

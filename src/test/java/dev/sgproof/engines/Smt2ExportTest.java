package dev.sgproof.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.semantics.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Smt2ExportTest {
  private static final String SPEC = String.join("\n",
      "group Web basic {",
      "  ingress allow tcp 80,443 from any",
      "}",
      "group Db basic isolated {",
      "  ingress allow tcp 5432 from group Web",
      "}",
      "instance web ip 10.0.0.10 in Web",
      "instance web-2 { nic eth0 ip 10.0.0.11, 2001:db8::11 in Web }",
      "instance db ip 10.0.1.20 in Db",
      "instance batch ip 10.0.1.21 in Db",
      "assert internet -> web only tcp 80,443",
      "assert \"db is private\": internet -> db unreachable",
      "assert db <-> batch isolated",
      "assert \"web reaches batch\": web <-> batch isolated",
      "assert internet -> web-2.eth0 reachable tcp 443",
      "");

  private static List<Smt2Export.Query> export() {
    Spec spec = SpecLoader.load(new SourceText("export.sg", SPEC)).spec();
    return Smt2Export.export("export.sg", spec, verified(spec), TIMEOUT);
  }

  private static final int TIMEOUT = EngineOptions.DEFAULT_TIMEOUT_MILLIS;

  /** The spec verified by Z3 (the smt engine, dependsOn computed). */
  private static List<AssertionResult> verified(Spec spec) {
    try (Engines engines = new Engines(1)) {
      return engines.verify(spec, EngineOptions.of(EngineChoice.smt), r -> {});
    }
  }

  @Test
  void namesEachQueryByLineAndHeadsItWithTheExpectedAnswer() {
    List<Smt2Export.Query> qs = export();
    assertEquals(List.of("line-11-1.smt2", "line-11-2.smt2", "line-12.smt2", "line-13-1.smt2",
        "line-13-2.smt2", "line-14-1.smt2", "line-14-2.smt2", "line-15.smt2"),
        qs.stream().map(Smt2Export.Query::fileName).toList());
    assertEquals(List.of("unsat", "unsat", "unsat", "unsat", "unsat", "sat", "sat", "unsat"),
        qs.stream().map(Smt2Export.Query::expected).toList());
    String t = qs.get(5).text();
    assertTrue(t.startsWith("; sgproof proof obligation"), t);
    assertTrue(t.contains("; spec: export.sg\n; line: 14\n"), t);
    assertTrue(t.contains("; assertion: web reaches batch: web <-> batch isolated\n"), t);
    assertTrue(t.contains("; verdict: refuted\n; expected: sat\n"), t);
    for (Smt2Export.Query q : qs) {
      assertTrue(q.text().contains("(set-logic QF_BV)\n"), q.text());
      assertTrue(q.text().trim().endsWith("(check-sat)"), q.text());
      assertFalse(q.text().contains("(push") || q.text().contains("declare-const"), q.text());
    }
  }

  @Test
  void isDeterministic() {
    assertEquals(export(), export());
  }

  /**
   * Where Z3 puts a let depends on reference counts, which the garbage collector changes when it
   * releases the binding's references: the same queries must print the same with collections
   * running at different times (they did not, on the large bench preset, before the export
   * printed from a fresh context).
   */
  @Test
  void isDeterministicWhileTheCollectorRuns() {
    var size = new dev.sgproof.bench.SpecTextGenerator.BenchSize(
        12, 10, 60, 3, 12, 0.3, 5L, 0, 0.0, false);
    Spec spec = SpecLoader.load(new SourceText("gen.sg",
        dev.sgproof.bench.SpecTextGenerator.generate(size).text())).spec();
    List<AssertionResult> results = verified(spec);
    List<Smt2Export.Query> quiet = Smt2Export.export("gen.sg", spec, results, TIMEOUT);
    List<Smt2Export.Query> busy = new java.util.ArrayList<>();
    Smt2Export.export("gen.sg", spec, results, TIMEOUT, q -> {
      busy.add(q);
      System.gc();
    });
    assertEquals(quiet.size(), busy.size());
    for (int i = 0; i < quiet.size(); i++) {
      assertEquals(quiet.get(i).text(), busy.get(i).text(), quiet.get(i).fileName());
    }
  }

  @Test
  void z3ReadingEachFileBackAgreesWithTheExpectedAnswer() {
    for (Smt2Export.Query q : export()) {
      try (Context ctx = new Context()) {
        Solver s = ctx.mkSolver();
        for (BoolExpr b : ctx.parseSMTLIB2String(q.text(), null, null, null, null)) {
          s.add(b);
        }
        Status st = s.check();
        assertEquals(q.expected(), st == Status.UNSATISFIABLE ? "unsat"
            : st == Status.SATISFIABLE ? "sat" : "unknown", q.fileName());
      }
    }
  }

  @Test
  void cvc5AgreesWhenItIsInstalled(@TempDir Path dir) throws IOException, InterruptedException {
    assumeTrue(onPath("cvc5"), "cvc5 is not installed (.ci/recheck-smt2 installs it)");
    for (Smt2Export.Query q : export()) {
      Path f = dir.resolve(q.fileName());
      Files.writeString(f, q.text(), StandardCharsets.UTF_8);
      Process p = new ProcessBuilder("cvc5", "--lang", "smt2", f.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(q.expected(), out, q.fileName() + ":\n" + q.text());
    }
  }

  private static boolean onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, exe))) {
        return true;
      }
    }
    return false;
  }
}

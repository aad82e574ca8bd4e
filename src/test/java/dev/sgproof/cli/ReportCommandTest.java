package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.flows.FlowSpace;
import dev.sgproof.flows.Violations;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Network;
import dev.sgproof.query.Matrix;
import dev.sgproof.report.HtmlReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code sgproof report}: the exit codes of verify for what it shows, no page for input with
 * errors, never over an input, the matrices asked for, and an internal error (3) when the exact
 * sets disagree with the evaluator.
 */
class ReportCommandTest {
  Path dir;
  Path page;

  @BeforeEach
  void setUp() {
    dir = Cli.workDir();
    page = dir.resolve("out/report.html");
  }

  @AfterEach
  void cleanUp() {
    Cli.delete(dir);
  }

  @Test
  void aRefutedAssertionExitsOneAndTheReportIsWritten() throws IOException {
    Cli r = Cli.run("report", Cli.QUICK, "-o", page.toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().startsWith("wrote " + page + " ("), r.out());
    assertTrue(r.out().contains("4 passed, 1 failed, 0 unknown, 0 errors"), r.out());
    String html = Files.readString(page);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("\"verdict\":\"refuted\""));
    assertTrue(html.contains("\"by\":\"group\"") && html.contains("\"by\":\"instance\""));
  }

  @Test
  void everyAssertionProvedExitsZero() {
    Cli r = Cli.run("report", Cli.RESOURCES + "all_proved.sg", "-o", page.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.exists(page));
  }

  @Test
  void inputWithErrorsExitsTwoAndWritesNothing() {
    Cli r = Cli.run("report", Cli.BROKEN, "-o", page.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("error[SG"), r.err());
    assertTrue(r.err().contains("no report is written"), r.err());
    assertFalse(Files.exists(page));
  }

  @Test
  void aSpecWithoutAssertionsExitsFiveWithThePageWritten() throws IOException {
    Path spec = dir.resolve("net.sg");
    Files.writeString(spec, "group Web { ingress allow tcp 80 from any }\n"
        + "instance web ip 10.0.0.10 in Web\n");
    Cli r = Cli.run("report", spec.toString(), "-o", page.toString(), "--matrix", "none");
    assertEquals(5, r.exit(), r.err());
    assertTrue(r.err().contains("warning: the spec holds no assertion"), r.err());
    String html = Files.readString(page);
    assertTrue(html.contains("\"matrices\":[]"), "--matrix none shows no matrix");
    assertTrue(html.contains("\"graph\":{"));
  }

  @Test
  void neverWritesOverAnInput() throws IOException {
    Path spec = dir.resolve("quick.sg");
    String text = Files.readString(Path.of(Cli.QUICK));
    Files.writeString(spec, text);
    Cli r = Cli.run("report", spec.toString(), "-o", spec.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("sgproof: cannot write the report " + spec), r.err());
    assertEquals(text, Files.readString(spec));
  }

  @Test
  void theMatricesAskedForAndTheLimit() throws IOException {
    Cli r = Cli.run("report", Cli.QUICK, "-o", page.toString(), "--matrix", "nic",
        "--matrix-max", "3", "--max-boxes", "0");
    assertEquals(1, r.exit(), r.err());
    String html = Files.readString(page);
    assertTrue(html.contains("{\"by\":\"nic\",\"endpoints\":5,\"omitted\":"), html);
    assertFalse(html.contains("\"by\":\"group\""));
    assertTrue(html.contains("\"verdict\":\"refuted\",\"counterexample\""), html);
    assertFalse(html.contains("\"violations\""), "--max-boxes 0: no violation sets");
  }

  @Test
  void aNegativeLimitIsAUsageError() {
    Cli r = Cli.run("report", Cli.QUICK, "-o", page.toString(), "--max-boxes", "-1");
    assertEquals(2, r.exit());
    assertFalse(Files.exists(page));
  }

  /** Exact sets that miss the counterexample: the report must refuse them, exit 3. */
  @Test
  void violationsThatMissTheCounterexampleAreAnInternalError() {
    ReportCommand cmd = new ReportCommand();
    cmd.enginesListBoxes = false;
    cmd.exact = new HtmlReport.Exact() {
      @Override
      public Violations violations(Network n, Assertion a) {
        return Violations.none(new FlowSpace());
      }

      @Override
      public BiFunction<Endpoint, Endpoint, Matrix.Cell> cells(Network n) {
        return HtmlReport.byEnumeration().cells(n);
      }
    };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = new CommandLine(cmd);
    cl.setOut(new PrintWriter(new ByteArrayOutputStream(), true));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cl.execute(Cli.QUICK, "-o", page.toString());
    assertEquals(3, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("internal error"), err.toString());
    assertFalse(Files.exists(page));
  }
}

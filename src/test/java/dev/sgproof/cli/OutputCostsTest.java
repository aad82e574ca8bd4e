package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/output-costs, the harness behind the README's output-cost figures, run by bash against
 * sgproof itself (a launcher of the test's classes, named by SGPROOF): a row per mode in the order
 * given, medians that are times, each ratio the row's wall time over the --dry-run's and the
 * --quiet's; bad usage and a spec with errors exit 2 and say why; the scratch directory is gone
 * afterwards.
 */
class OutputCostsTest {
  private static final Path SCRIPT = Path.of("bin", "output-costs").toAbsolutePath();
  private static final Pattern ROW = Pattern.compile(
      "(\\S.*?)\\s+(\\d+\\.\\d\\d)s\\s+(\\d+\\.\\d\\d)s\\s+(\\d+\\.\\d\\dx|-)\\s+(\\d+\\.\\d\\dx|-)");

  private record Run(int exit, String out, String err) {}

  private Path dir;
  private Path tmp;
  private Path launcher;

  @BeforeEach
  void setUp() throws IOException {
    dir = Cli.workDir().toAbsolutePath().toRealPath();
    tmp = Files.createDirectories(dir.resolve("tmp"));
    launcher = dir.resolve("sgproof");
    Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"),
        "bin", "java") + "' -cp '" + System.getProperty("java.class.path")
        + "' dev.sgproof.cli.Main \"$@\"\n", StandardCharsets.UTF_8);
    assertTrue(launcher.toFile().setExecutable(true));
    Files.copy(Path.of("specs", "three-tier.sg"), dir.resolve("three-tier.sg"));
  }

  @AfterEach
  void tearDown() {
    Cli.delete(dir);
  }

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("SGPROOF", launcher.toString());
    pb.environment().put("TMPDIR", tmp.toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "output-costs did not finish");
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static double ratio(String shown) {
    return Double.parseDouble(shown.substring(0, shown.length() - 1));
  }

  private List<String> scratchLeft() throws IOException {
    try (Stream<Path> left = Files.list(tmp)) {
      return left.map(Path::toString).toList();
    }
  }

  @Test
  void aRowPerModeWithTheRatiosOfItsWallTime() throws Exception {
    Run r = run("-n", "1", "-m", "dry,quiet,json,proofs", "three-tier.sg");
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(6, lines.length, r.out());
    assertTrue(lines[0].startsWith("sgproof verify on 1 file, 1 run of each mode"), lines[0]);
    List<String> modes = new ArrayList<>();
    List<Matcher> rows = new ArrayList<>();
    for (int i = 2; i < lines.length; i++) {
      Matcher m = ROW.matcher(lines[i]);
      assertTrue(m.matches(), lines[i]);
      modes.add(m.group(1));
      rows.add(m);
      assertTrue(Double.parseDouble(m.group(2)) > 0 && Double.parseDouble(m.group(3)) > 0,
          lines[i]);
    }
    double dry = Double.parseDouble(rows.get(0).group(2));
    double quiet = Double.parseDouble(rows.get(1).group(2));
    for (Matcher m : rows) {
      double wall = Double.parseDouble(m.group(2));
      // Ratios of the unrounded medians: within the rounding of the times shown.
      assertEquals(wall / dry, ratio(m.group(4)), 0.05, m.group());
      assertEquals(wall / quiet, ratio(m.group(5)), 0.05, m.group());
    }
    assertEquals("1.00x", rows.get(0).group(4));
    assertEquals("1.00x", rows.get(1).group(5));
    assertEquals(List.of("--dry-run", "--quiet", "--format json", "--proofs DIR"), modes);
    assertEquals(List.of(), scratchLeft());
  }

  @Test
  void withoutDryRunOrQuietTheirRatiosAreDashes() throws Exception {
    Run r = run("-n", "1", "-m", "explain", "three-tier.sg");
    assertEquals(0, r.exit(), r.err());
    Matcher m = ROW.matcher(r.out().split("\n")[2]);
    assertTrue(m.matches(), r.out());
    assertEquals("--explain", m.group(1));
    assertEquals("-", m.group(4));
    assertEquals("-", m.group(5));
  }

  @Test
  void badUsageExitsTwoAndSaysWhy() throws Exception {
    Run unknown = run("-m", "dry,fast", "three-tier.sg");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().startsWith("output-costs: unknown mode 'fast'\nusage: "),
        unknown.err());
    for (String runs : List.of("0", "x", "", "07")) {
      Run bad = run("-n", runs, "three-tier.sg");
      assertEquals(2, bad.exit(), runs);
      assertEquals("output-costs: RUNS must be a whole number from 1: '" + runs + "'\n",
          bad.err(), runs);
    }
    Run none = run("-n", "1");
    assertEquals(2, none.exit());
    assertTrue(none.err().startsWith("usage: bin/output-costs"), none.err());
    assertEquals("", unknown.out() + none.out());
    assertEquals(List.of(), scratchLeft());
  }

  @Test
  void aSpecWithErrorsIsNotMeasured() throws Exception {
    Files.writeString(dir.resolve("broken.sg"), "group g {\n", StandardCharsets.UTF_8);
    Run r = run("-n", "1", "broken.sg");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("output-costs: sgproof verify --dry-run exited with 2:\n"
        + "broken.sg:2:1: error"), r.err());
    assertEquals(List.of(), scratchLeft());
  }
}

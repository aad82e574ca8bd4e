package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

  private record Outcome(int exit, String out, String err) {}

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void smallPresetRunsBothEnginesAndTheyAgree() {
    Outcome o = run("bench", "--preset", "small");
    assertEquals(0, o.exit(), o.err());
    for (String label :
        List.of(
            "size ",
            "spec text ",
            "parse+resolve ",
            "smt",
            "exhaustive",
            "encode ",
            "solve p50 ",
            "solve p95 ",
            "solve max ",
            "solve total ",
            "finished ",
            "proved ",
            "refuted ",
            "unknown ",
            "heap peak ",
            "RSS peak ",
            "verdicts agree: 50 of 50")) {
      assertTrue(o.out().contains(label), "no '" + label + "' in:\n" + o.out());
    }
  }

  @Test
  void oneEngineSaysThereIsNothingToCompare() {
    Outcome o = run("bench", "--groups", "3", "--nics", "4", "--assertions", "5", "--engines", "smt");
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("verdicts agree: n/a"), o.out());
  }

  @Test
  void rejectsANonPositiveBudget() {
    assertEquals(2, run("bench", "--exhaustive-budget", "0").exit());
  }
}

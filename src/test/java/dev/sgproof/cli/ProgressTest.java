package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
  @Test
  void printsNothingWhenDisabled() {
    StringWriter s = new StringWriter();
    AtomicLong clock = new AtomicLong();
    Progress p = new Progress(new PrintWriter(s), false, 3, clock::get);
    clock.set(5_000_000_000L);
    p.accept(null);
    p.finish();
    assertEquals("", s.toString());
    assertEquals(1, p.done());
  }

  @Test
  void updatesOneLineInPlaceAfterHalfASecondAndErasesIt() {
    StringWriter s = new StringWriter();
    AtomicLong clock = new AtomicLong();
    Progress p = new Progress(new PrintWriter(s), true, 50, clock::get);
    p.accept(null); // at 0 s: too early
    assertEquals("", s.toString());
    clock.set(3_400_000_000L);
    p.accept(null);
    assertEquals("\rverified 2/50 assertions, 3.4 s", s.toString());
    clock.set(3_450_000_000L);
    p.accept(null); // within 100 ms of the last line: not printed
    assertEquals("\rverified 2/50 assertions, 3.4 s", s.toString());
    p.finish();
    assertTrue(s.toString().endsWith("\r" + " ".repeat("verified 2/50 assertions, 3.4 s".length()) + "\r"), s.toString());
    assertTrue(s.toString().chars().noneMatch(c -> c == '\n'));
  }

  @Test
  void countsEveryAssertionFromManyThreads() throws InterruptedException {
    Progress p = new Progress(new PrintWriter(new StringWriter()), true, 8000, System::nanoTime);
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        for (int k = 0; k < 1000; k++) {
          p.accept(null);
        }
      });
      ts.add(t);
      t.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(8000, p.done());
  }

  @Test
  void smt2OptionWritesOneFilePerObligation(@TempDir Path dir) throws Exception {
    Cli r = Cli.run("verify", "--quiet", "--smt2", dir.toString(), Cli.QUICK);
    assertEquals(1, r.exit(), r.err());
    Path sub = dir.resolve(Cli.RESOURCES + "quick"); // DIR/<spec path without .sg>/
    try (var files = Files.list(sub)) {
      assertEquals(List.of("line-11-1.smt2", "line-11-2.smt2", "line-12.smt2", "line-13.smt2",
          "line-14-1.smt2", "line-14-2.smt2", "line-15.smt2"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    String last = Files.readString(sub.resolve("line-15.smt2"));
    assertTrue(last.contains("; verdict: refuted\n; expected: sat\n"), last);
  }

  @Test
  void rejectsOneInputGivenTwice() {
    Cli r = Cli.run("verify", "--proofs", "x", Cli.QUICK, "./" + Cli.QUICK);
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("./" + Cli.QUICK + " is given twice"), r.err());
  }
}

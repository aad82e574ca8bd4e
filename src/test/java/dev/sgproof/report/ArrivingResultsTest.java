package dev.sgproof.report;

import static dev.sgproof.model.AssertionKind.REACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Verdict;
import dev.sgproof.testing.Queries;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Results read in order while they arrive: a read waits for its result, a stop ends the wait. */
class ArrivingResultsTest {
  private static AssertionResult result(String right) {
    return AssertionResult.of(Queries.assertion("internet", REACHABLE, right, "tcp 22"),
        Verdict.Proved.withoutDependencies());
  }

  /** Starts a reader of index {@code i} and returns once it waits (its thread is parked). */
  private static Thread reader(ArrivingResults list, int i, AtomicReference<Object> got)
      throws InterruptedException {
    Thread t = new Thread(() -> {
      try {
        got.set(list.get(i));
      } catch (RuntimeException e) {
        got.set(e);
      }
    });
    t.start();
    for (int spins = 0; t.getState() != Thread.State.WAITING; spins++) {
      if (spins > 10_000) {
        throw new AssertionError("the reader never waited: " + t.getState() + " " + got.get());
      }
      Thread.sleep(1);
    }
    return t;
  }

  @Test
  void aReadWaitsForItsResultAndGetsIt() throws Exception {
    ArrivingResults list = new ArrivingResults(2);
    AssertionResult first = result("10.0.0.1");
    AssertionResult second = result("10.0.0.2");
    list.put(0, first);
    assertSame(first, list.get(0));
    AtomicReference<Object> got = new AtomicReference<>();
    Thread t = reader(list, 1, got);
    list.put(1, second);
    t.join();
    assertSame(second, got.get());
    assertEquals(List.of(first, second), List.copyOf(list));
  }

  @Test
  void aStopEndsTheWaitsForResultsThatWillNotComeAndKeepsThoseThatCame() throws Exception {
    ArrivingResults list = new ArrivingResults(3);
    AssertionResult first = result("10.0.0.1");
    list.put(0, first);
    AtomicReference<Object> got = new AtomicReference<>();
    Thread t = reader(list, 2, got);
    IllegalStateException why = new IllegalStateException("the engines disagree");
    list.stop(why);
    t.join();
    ArrivingResults.Stopped stopped = (ArrivingResults.Stopped) got.get();
    assertSame(why, stopped.getCause());
    assertSame(first, list.get(0));
    assertSame(why, assertThrows(ArrivingResults.Stopped.class, () -> list.get(1)).getCause());
    // The first cause stays.
    list.stop(new IllegalStateException("later"));
    assertSame(why, assertThrows(ArrivingResults.Stopped.class, () -> list.get(1)).getCause());
  }

  @Test
  void aResultArrivesOnceAndOnlyAtAnIndexOfTheList() {
    ArrivingResults list = new ArrivingResults(1);
    list.put(0, result("10.0.0.1"));
    assertThrows(IllegalStateException.class, () -> list.put(0, result("10.0.0.2")));
    assertThrows(IndexOutOfBoundsException.class, () -> list.get(1));
    assertThrows(IndexOutOfBoundsException.class, () -> list.put(1, result("10.0.0.2")));
  }

  @Test
  void aFileResultKeepsArrivingResultsAsTheyAreAndCopiesOtherLists() {
    ArrivingResults list = new ArrivingResults(1);
    FileResult arriving = new FileResult("a.sg", List.of(), Optional.empty(), list);
    assertSame(list, arriving.results());
    List<AssertionResult> plain = new java.util.ArrayList<>(List.of(result("10.0.0.1")));
    FileResult copied = new FileResult("a.sg", List.of(), Optional.empty(), plain);
    plain.clear();
    assertEquals(1, copied.results().size());
  }
}

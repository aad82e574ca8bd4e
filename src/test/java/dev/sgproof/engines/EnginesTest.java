package dev.sgproof.engines;

import static dev.sgproof.model.AssertionKind.INTERCONNECTED;
import static dev.sgproof.model.AssertionKind.REACHABLE;
import static dev.sgproof.model.AssertionKind.UNREACHABLE;
import static dev.sgproof.testing.Queries.assertion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.DisagreementException;
import dev.sgproof.query.Engine;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Outcome;
import dev.sgproof.query.Problem;
import dev.sgproof.query.ProofSteps;
import dev.sgproof.query.Verdict;
import dev.sgproof.testing.NetworkBuilder;
import dev.sgproof.testing.Queries;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one worker pool: results in file order, every engine closed, failures reach the caller. */
class EnginesTest {

  private static Network web() {
    return new NetworkBuilder()
        .group("Web")
        .rule("ingress allow tcp 80 from any")
        .instance("ECS1", "10.0.0.1", "Web")
        .instance("ECS2", "10.0.0.2", "Web")
        .build();
  }

  private static Assertion at(Assertion a, int line) {
    return new Assertion(a.label(), a.kind(), a.left(), a.right(), a.traffic(), a.text(),
        new SourceSpan(Queries.FILE, line, 1, 1));
  }

  private static Spec manyAssertions() {
    Network n = web();
    List<Assertion> as = new ArrayList<>();
    String[][] shapes = {
      {"internet", "tcp 80"}, {"internet", "tcp 80-81"}, {"ECS2", "all"}, {"10.0.0.0/24", "udp"},
    };
    int line = 1;
    for (int i = 0; i < 6; i++) {
      for (String[] s : shapes) {
        as.add(at(assertion(s[0], i % 2 == 0 ? REACHABLE : UNREACHABLE, "ECS1", s[1]), line++));
      }
      as.add(at(assertion("ECS1", INTERCONNECTED, "ECS2", "all"), line++));
    }
    return new Spec(Queries.FILE, n, as);
  }

  /** An engine that counts opens and closes and decides with the exhaustive engine. */
  private static class Counting implements Engine {
    private final ExhaustiveEngine inner = new ExhaustiveEngine();
    private final AtomicInteger closed;

    Counting(AtomicInteger opened, AtomicInteger closed) {
      opened.incrementAndGet();
      this.closed = closed;
    }

    @Override
    public Outcome decide(Problem p, Obligation o) {
      return inner.decide(p, o);
    }

    @Override
    public boolean holdsOn(Problem p, Obligation o, ProofSteps.Variant v) {
      return inner.holdsOn(p, o, v);
    }

    @Override
    public dev.sgproof.flows.FlowSet violating(Problem p, Obligation o,
        dev.sgproof.flows.FlowSpace space) {
      return inner.violating(p, o, space);
    }

    @Override
    public List<Rule> decidedBy(Problem p) {
      return inner.decidedBy(p);
    }

    @Override
    public List<Rule> dependsOn(Problem p) {
      return inner.dependsOn(p);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void resultsComeInFileOrderWhateverTheNumberOfWorkers() {
    Spec spec = manyAssertions();
    List<List<AssertionResult>> runs = new ArrayList<>();
    for (int jobs : new int[] {1, 2, 64}) {
      try (Engines engines = new Engines(jobs)) {
        runs.add(engines.verify(spec, Queries.exhaustive(), r -> {}));
      }
    }
    assertEquals(runs.get(0), runs.get(1));
    assertEquals(runs.get(0), runs.get(2));
    List<AssertionResult> seq = runs.get(0);
    for (int i = 0; i < spec.assertions().size(); i++) {
      assertEquals(spec.assertions().get(i), seq.get(i).assertion());
    }
    assertTrue(seq.stream().anyMatch(r -> r.verdict() instanceof Verdict.Proved));
    assertTrue(seq.stream().anyMatch(r -> r.verdict() instanceof Verdict.Refuted));
  }

  @Test
  void everyWorkerBuildsItsOwnEnginesAndClosesThem() {
    Spec spec = manyAssertions();
    for (int jobs : new int[] {1, 2, 4}) {
      AtomicInteger opened = new AtomicInteger();
      AtomicInteger closed = new AtomicInteger();
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      try (Engines engines = new Engines(jobs)) {
        engines.verify(spec, () -> new Portfolio(Queries.exhaustive(),
            new Counting(opened, closed), null), r -> threads.add(Thread.currentThread()));
      }
      assertTrue(opened.get() >= 1 && opened.get() <= jobs, "jobs " + jobs + ": " + opened);
      assertEquals(opened.get(), closed.get(), "jobs " + jobs);
      assertTrue(threads.size() <= jobs && !threads.contains(Thread.currentThread()),
          "the pool's workers check the assertions: " + threads);
    }
  }

  @Test
  void workersAfterTheFirstAreNotStartedWhenItTakesEveryItemWithinTheRamp() {
    Spec spec = manyAssertions();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    long t0 = System.nanoTime();
    List<AssertionResult> results;
    // A ramp far longer than the batch: the waiting workers leave as soon as it is drained.
    try (Engines engines = new Engines(4, 600_000)) {
      results = engines.verify(spec, () -> new Portfolio(Queries.exhaustive(),
          new Counting(opened, closed), null), r -> threads.add(Thread.currentThread()));
    }
    assertEquals(spec.assertions().size(), results.size());
    assertEquals(1, opened.get(), "one worker's engines");
    assertEquals(1, closed.get());
    assertEquals(1, threads.size(), threads.toString());
    assertTrue(System.nanoTime() - t0 < 300_000_000_000L, "the others did not wait out the ramp");
  }

  @Test
  void aBatchLongerThanTheRampGetsEveryWorker() throws InterruptedException {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger prepared = new AtomicInteger();
    try (Engines engines = new Engines(2, 20)) {
      Engines.Batch b = engines.start(Queries.exhaustive(), 40, p -> prepared.incrementAndGet(),
          (i, p) -> {
            threads.add(Thread.currentThread());
            try {
              Thread.sleep(20); // 40 items of 20 ms: 0.8 s for one worker
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      b.await();
      assertTrue(b.failure().isEmpty(), b.failure().toString());
    }
    assertEquals(2, prepared.get(), "the second worker joined after the ramp");
    assertEquals(2, threads.size(), threads.toString());
  }

  @Test
  void aDisagreementInAWorkerReachesTheCallerAfterEveryEngineIsClosed() {
    Spec spec = manyAssertions();
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    try (Engines engines = new Engines(2)) {
      assertThrows(DisagreementException.class, () -> engines.verify(spec,
          () -> new Portfolio(Queries.exhaustive(), new Counting(opened, closed) {
            @Override
            public Outcome decide(Problem p, Obligation o) {
              return new Outcome.Broken(Flow.tcp("198.51.100.1", 1024, "10.0.0.1", 9));
            }
          }, null), r -> {}));
    }
    assertTrue(opened.get() >= 1);
    assertEquals(opened.get(), closed.get());
  }

  @Test
  void aBatchStopsAtTheFirstFailureAndKeepsIt() throws InterruptedException {
    AtomicInteger ran = new AtomicInteger();
    try (Engines engines = new Engines(1)) {
      Engines.Batch b = engines.start(Queries.exhaustive(), 100, p -> {}, (i, p) -> {
        ran.incrementAndGet();
        if (i == 3) {
          throw new IllegalStateException("item 3");
        }
      });
      b.await();
      assertEquals("item 3", b.failure().orElseThrow().getMessage());
      assertEquals(4, ran.get(), "no item after the failure");
    }
  }

  @Test
  void aSpecWithoutAssertionsBuildsNoEngine() {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Spec empty = new Spec(Queries.FILE, web(), List.of());
    try (Engines engines = new Engines(2)) {
      assertEquals(List.of(), engines.verify(empty,
          () -> new Portfolio(Queries.exhaustive(), new Counting(opened, closed), null), r -> {}));
    }
    assertEquals(0, opened.get());
  }

  @Test
  void anErrorInAWorkerReachesTheCallerAsItIs() {
    Spec spec = manyAssertions();
    OutOfMemoryError boom = new OutOfMemoryError("Java heap space");
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    try (Engines engines = new Engines(2)) {
      OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> engines.verify(spec,
          () -> new Portfolio(Queries.exhaustive(), new Counting(opened, closed) {
            @Override
            public Outcome decide(Problem p, Obligation o) {
              throw boom;
            }
          }, null), r -> {}));
      assertEquals(boom, thrown);
    }
    assertEquals(opened.get(), closed.get());
  }

  @Test
  void jobsBelowOneAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Engines(0));
  }
}

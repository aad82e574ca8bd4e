package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.SpecPrinter;
import dev.sgproof.model.Network;
import dev.sgproof.model.Spec;
import dev.sgproof.syntax.ParseResult;
import dev.sgproof.syntax.Parser;
import dev.sgproof.syntax.ast.SpecNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long spec's groups are resolved on a thread of their own while the instances and assertions
 * are resolved on the caller's. On generated specs with and without errors of every part
 * (unknown and misspelled names, so "did you mean" in each part, duplicates, bad ports and
 * priorities, mixed group types, quotas), two threads give exactly the diagnostics of one, in the
 * same order, and the same model.
 */
class ResolverThreadsTest {
  private static final long SEED = Property.baseSeed(20261203L);

  private static final Pattern NAME = Pattern.compile("\\b(in|group|->|<->) ([A-Za-z][\\w-]*)");

  /** One edit that the resolver reports (or not: some edits happen to keep the spec valid). */
  private static String broken(String text, Gen g) {
    List<int[]> names = new ArrayList<>();
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      names.add(new int[] {m.start(2), m.end(2)});
    }
    switch (g.nextInt(8)) {
      case 0, 1, 2 -> {
        if (names.isEmpty()) {
          return text;
        }
        int[] at = g.pick(names); // a misspelled name: a character dropped, doubled or changed
        String name = text.substring(at[0], at[1]);
        int k = g.nextInt(name.length());
        String typo =
            switch (g.nextInt(3)) {
              case 0 -> name.length() > 1 ? name.substring(0, k) + name.substring(k + 1) : "zz";
              case 1 -> name.substring(0, k + 1) + name.substring(k);
              default -> name.substring(0, k) + "q" + name.substring(k + 1);
            };
        return text.substring(0, at[0]) + typo + text.substring(at[1]);
      }
      case 3 -> {
        return text.replaceFirst("priority \\d+", "priority " + g.pick(List.of("0", "101", "7")));
      }
      case 4 -> {
        return text.replaceFirst("tcp \\d+", "tcp " + g.pick(List.of("70000", "0", "90-80")));
      }
      case 5 -> { // a line twice: duplicate groups, instances, addresses
        String[] lines = text.split("\n", -1);
        int i = g.nextInt(lines.length);
        return text + "\n" + lines[i] + "\n";
      }
      case 6 -> {
        return text.replaceFirst(" basic", " advanced").replaceFirst(" isolated", " interconnected");
      }
      default -> {
        return text.replaceFirst(" reachable", " isolated").replaceFirst(" in ", " in nosuch, ");
      }
    }
  }

  private static void sameOnTwoThreads(SpecNode ast, String what) {
    Resolution one = Resolver.resolve(ast, Resolver.Threads.ONE);
    Resolution two = Resolver.resolve(ast, Resolver.Threads.TWO);
    assertEquals(one.diagnostics(), two.diagnostics(), what);
    assertEquals(one.spec().isPresent(), two.spec().isPresent(), what);
    one.spec().ifPresent(s -> sameSpec(s, two.spec().orElseThrow(), what));
  }

  private static void sameSpec(Spec a, Spec b, String what) {
    assertEquals(a.file(), b.file(), what);
    assertEquals(a.assertions(), b.assertions(), what);
    Network x = a.network();
    Network y = b.network();
    assertEquals(x.groups(), y.groups(), what);
    assertEquals(x.instances(), y.instances(), what);
    assertEquals(x.nics(), y.nics(), what);
  }

  @Test
  void generatedSpecsResolveAsOnOneThread() {
    Gen seeds = new Gen(SEED);
    int withErrors = 0;
    int withHints = 0;
    int cases = Fuzz.cases(300);
    for (int i = 0; i < cases; i++) {
      long seed = seeds.nextLong();
      Gen g = new Gen(seed);
      GenConfig config = g.chance(0.5) ? GenConfig.small() : GenConfig.medium();
      Network n = NetworkGen.generate(g.nextLong(), config.withGroups(g.intBetween(2, 10)));
      String text = SpecPrinter.print(n, AssertionGen.assertions(g, n, g.intBetween(1, 8)));
      for (int k = g.weighted(2, 4, 2, 1); k > 0; k--) {
        text = broken(text, g);
      }
      ParseResult parsed = Parser.parse(new SourceText("gen.sg", text));
      String what = "case (seed " + SEED + "/" + seed + "):\n" + text;
      sameOnTwoThreads(parsed.spec(), what);
      Resolution r = Resolver.resolve(parsed.spec(), Resolver.Threads.TWO);
      withErrors += r.spec().isEmpty() ? 1 : 0;
      withHints +=
          r.diagnostics().stream().anyMatch(d -> d.message().contains("did you mean")) ? 1 : 0;
    }
    // both kinds are many: the test sees errors and hints of every part, and valid models
    int errors = withErrors;
    int hints = withHints;
    assertTrue(errors > cases / 4 && errors < cases - cases / 8, () -> errors + " with errors");
    assertTrue(hints > cases / 20, () -> hints + " with hints");
  }

  @Test
  void hintsOfEveryPartComeInTheOrderOfOneThread() {
    String text =
        """
        group web basic {
          ingress allow tcp 80 from group wbe
          ingress allow tcp 81 from group db
        }
        group db basic {
          ingress allow tcp 5432 from group weeb
        }
        instance a ip 10.0.0.1 in web, dbb
        instance b { nic n1 ip 10.0.0.2 in wbe }
        assert aa -> b.n1 reachable
        assert a -> b.n2 reachable
        assert a -> group wb reachable
        assert internt -> a reachable
        """;
    SpecNode ast = Parser.parse(new SourceText("h.sg", text)).spec();
    sameOnTwoThreads(ast, text);
    List<String> messages =
        Resolver.resolve(ast, Resolver.Threads.TWO).diagnostics().stream()
            .map(d -> d.span().line() + ": " + d.message())
            .toList();
    assertEquals(
        List.of(
            "2: unknown group wbe (did you mean 'web'?)",
            "6: unknown group weeb (did you mean 'web'?)",
            "8: unknown group dbb (did you mean 'db'?)",
            "9: unknown group wbe (did you mean 'web'?)",
            "10: unknown instance aa (did you mean 'a'?)",
            "11: instance b has no NIC named n2 (did you mean 'n1'?)",
            "12: unknown group wb", // as close to db as to web
            "13: unknown instance internt (did you mean 'internet'?)"),
        messages);
  }

  @Test
  void whatTheOtherThreadThrowsIsThrownOnTheCallersThread() {
    IllegalStateException bug = new IllegalStateException("a bug");
    Aside<String> failing =
        Aside.start(true, "sgproof-groups-test", () -> {
          throw bug;
        });
    assertSame(bug, assertThrows(IllegalStateException.class, failing::join));
    OutOfMemoryError full = new OutOfMemoryError("test");
    Aside<String> exhausted =
        Aside.start(true, "sgproof-groups-test", () -> {
          throw full;
        });
    assertSame(full, assertThrows(OutOfMemoryError.class, exhausted::join));
    assertEquals("done", Aside.start(true, "sgproof-groups-test", () -> "done").join());
    assertEquals("here", Aside.start(false, "sgproof-groups-test", () -> "here").join());
  }

  @AfterEach
  void noThreadOutlivesItsResolution() {
    assertEquals(List.of(),
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("sgproof-groups"))
            .map(Thread::getName)
            .toList());
  }
}

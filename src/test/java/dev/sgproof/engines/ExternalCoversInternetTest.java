package dev.sgproof.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.gen.Shrinker;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Network;
import dev.sgproof.model.Spec;
import dev.sgproof.model.Traffic;
import dev.sgproof.query.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The internet is part of external space: for generated specs, whenever {@code external -> X
 * unreachable T} is proved, so is {@code internet -> X unreachable T} (and {@code X -> internet}
 * likewise), with the exhaustive engine and the default class search. The converse fails on
 * purpose in some cases (a private source is let in), and the test checks that such cases occur.
 * Seeds are logged; -Dsgproof.seed replays a run.
 */
class ExternalCoversInternetTest {
  private static final int SPECS = 400;
  private static final int PAIRS_PER_SPEC = 4;

  /** The exhaustive engine and the default class search, opened once. */
  private final List<Portfolio> engines = List.of(
      Engines.portfolio(EngineOptions.of(EngineChoice.exhaustive).withDependsOn(false)),
      Engines.portfolio(EngineOptions.of(EngineChoice.auto).withDependsOn(false)));

  @org.junit.jupiter.api.AfterEach
  void close() {
    engines.forEach(Portfolio::close);
  }

  @Test
  void externalUnreachableProvedImpliesInternetUnreachableProved() {
    long base = Property.baseSeed(0xE7E2L);
    System.out.println("ExternalCoversInternetTest base seed " + base);
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 8 == 7 ? GenConfig.medium() : GenConfig.small()).network(g);
      for (int k = 0; k < PAIRS_PER_SPEC; k++) {
        Endpoint x = AssertionGen.endpoint(g, n);
        if (x instanceof Endpoint.InternetEndpoint || x instanceof Endpoint.ExternalEndpoint) {
          continue;
        }
        Traffic t = AssertionGen.traffic(g, true);
        boolean inbound = g.chance(0.5);
        Assertion ext = unreachable(new Endpoint.ExternalEndpoint(), x, t, inbound);
        Assertion net = unreachable(new Endpoint.InternetEndpoint(), x, t, inbound);
        if (SmallSpecs.isEmpty(n, ext) || SmallSpecs.isEmpty(n, net)) {
          continue;
        }
        Optional<String> problem = problem(n, ext, net, outcomes);
        if (problem.isPresent()) {
          Shrinker.Case small = Shrinker.shrink(new Shrinker.Case(n, List.of(ext, net)),
              c -> dev.sgproof.gen.Networks.resolves(c.network(), ext)
                  && problem(c.network(), ext, net, new TreeMap<>()).isPresent());
          throw new AssertionError("seed " + seed + ": " + problem.get() + "\nshrunk spec:\n"
              + small.spec());
        }
      }
    }
    System.out.println("ExternalCoversInternetTest: " + outcomes);
    assertTrue(outcomes.getOrDefault("both proved", 0) > 100, outcomes.toString());
    assertTrue(outcomes.getOrDefault("both refuted", 0) > 100, outcomes.toString());
    assertTrue(outcomes.getOrDefault("only the internet proved", 0) > 10, outcomes.toString());
  }

  private static Assertion unreachable(Endpoint outside, Endpoint x, Traffic t, boolean inbound) {
    Endpoint l = inbound ? outside : x;
    Endpoint r = inbound ? x : outside;
    return new Assertion("", AssertionKind.UNREACHABLE, l, r, t,
        AssertionGen.text(AssertionKind.UNREACHABLE, l, r, t),
        new SourceSpan(NetworkGen.FILE, 1, 1, 1));
  }

  private Optional<String> problem(Network n, Assertion ext, Assertion net,
      TreeMap<String, Integer> outcomes) {
    Spec spec = new Spec(NetworkGen.FILE, n, List.of(ext, net));
    String outcome = null;
    for (Portfolio e : engines) {
      {
        Verdict ve = e.verify(spec, ext).verdict();
        Verdict vn = e.verify(spec, net).verdict();
        boolean pe = ve instanceof Verdict.Proved;
        boolean pn = vn instanceof Verdict.Proved;
        if (pe && !pn) {
          return Optional.of("'" + ext.text() + "' is proved but '" + net.text() + "' is "
              + vn.word() + " (" + e.options().engine() + ")");
        }
        String o = pe ? "both proved" : pn ? "only the internet proved" : "both refuted";
        if (outcome != null) {
          assertEquals(outcome, o, "the engines disagree on " + ext.text());
        }
        outcome = o;
      }
    }
    outcomes.merge(outcome, 1, Integer::sum);
    return Optional.empty();
  }
}

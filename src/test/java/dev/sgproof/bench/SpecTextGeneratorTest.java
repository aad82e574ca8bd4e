package dev.sgproof.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.bench.SpecTextGenerator.BenchSize;
import dev.sgproof.bench.SpecTextGenerator.EndpointKind;
import dev.sgproof.bench.SpecTextGenerator.Generated;
import dev.sgproof.bench.SpecTextGenerator.Kind;
import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpecTextGeneratorTest {
  private static final BenchSize SMALL = new BenchSize(10, 10, 20, 2, 50, 0.1, 1);

  private static Spec load(Generated g) {
    LoadResult r = SpecLoader.load(new SourceText("bench.sg", g.text()));
    String errors =
        r.diagnostics().stream()
            .filter(Diagnostic::isError)
            .map(Diagnostic::toString)
            .collect(Collectors.joining("\n"));
    assertFalse(r.hasErrors(), errors);
    return r.spec();
  }

  @Test
  void sameSeedGivesTheSameTextAndAnotherSeedAnother() {
    assertEquals(
        SpecTextGenerator.generate(SMALL).text(), SpecTextGenerator.generate(SMALL).text());
    BenchSize other = new BenchSize(10, 10, 20, 2, 50, 0.1, 2);
    assertNotEquals(
        SpecTextGenerator.generate(SMALL).text(), SpecTextGenerator.generate(other).text());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void producesTheRequestedCountsAndLoadsWithoutErrors(long seed) {
    BenchSize size = new BenchSize(12, 7, 30, 3, 40, 0.2, seed);
    Generated g = SpecTextGenerator.generate(size);
    Spec s = load(g);
    assertEquals(12, s.network().groups().size());
    assertEquals(30, s.network().nics().size());
    assertEquals(40, s.assertions().size());
    assertEquals(12 * 7, g.stats().ruleStatements());
    long ruleLines =
        g.text().lines().filter(l -> l.startsWith("  ingress") || l.startsWith("  egress")).count();
    assertEquals(12 * 7, ruleLines);
    assertTrue(s.network().groups().stream().anyMatch(x -> x.type() == GroupType.ADVANCED));
    for (Nic n : s.network().nics()) {
      assertTrue(n.groups().size() >= 1 && n.groups().size() <= 3, n.id());
    }
    assertEquals(6, s.network().nics().stream().filter(n -> n.addresses().stream().anyMatch(a -> a.isV6())).count());
  }

  @Test
  void coversEveryAssertionKindEveryEndpointKindAndUnions() {
    Spec s = load(SpecTextGenerator.generate(SMALL));
    Set<AssertionKind> kinds = EnumSet.noneOf(AssertionKind.class);
    Set<Class<?>> endpoints = new HashSet<>();
    for (var a : s.assertions()) {
      kinds.add(a.kind());
      endpoints.add(a.left().getClass());
      endpoints.add(a.right().getClass());
    }
    assertEquals(EnumSet.allOf(AssertionKind.class), kinds);
    assertTrue(s.assertions().stream().anyMatch(a -> a.traffic().items().size() > 1),
        "some assertion has a union of traffic");
    assertEquals(
        Set.of(
            Endpoint.NicEndpoint.class,
            Endpoint.InstanceEndpoint.class,
            Endpoint.GroupEndpoint.class,
            Endpoint.CidrEndpoint.class,
            Endpoint.InternetEndpoint.class,
            Endpoint.ExternalEndpoint.class),
        endpoints);
    var stats = SpecTextGenerator.generate(SMALL).stats();
    assertEquals(EnumSet.allOf(Kind.class), stats.kinds().keySet());
    assertEquals(EnumSet.allOf(EndpointKind.class), stats.endpoints().keySet());
  }

  @Test
  void theLargePresetLoadsWithoutErrors() {
    Generated g = SpecTextGenerator.generate(new BenchSize(200, 20, 1_000, 3, 50, 0.1, 1));
    Spec s = load(g);
    assertEquals(1_000, s.network().nics().size());
    assertEquals(4_000, g.stats().ruleStatements());
  }
}

package dev.sgproof.gen;

import static dev.sgproof.model.GroupType.ADVANCED;
import static dev.sgproof.model.GroupType.BASIC;
import static dev.sgproof.model.Policy.INTERCONNECTED;
import static dev.sgproof.model.Policy.ISOLATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Network;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Traffic;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.testing.NetworkBuilder;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
  @Test
  void theSameSeedGivesTheSameNetworkFlowsAndAssertions() {
    for (long seed = 1; seed <= 20; seed++) {
      Network a = NetworkGen.generate(seed, GenConfig.medium());
      Network b = NetworkGen.generate(seed, GenConfig.medium());
      assertEquals(SpecPrinter.print(a), SpecPrinter.print(b));
      assertEquals(new FlowGen(a).flows(new Gen(seed), 30), new FlowGen(b).flows(new Gen(seed), 30));
      assertEquals(
          AssertionGen.assertions(new Gen(seed), a, 5), AssertionGen.assertions(new Gen(seed), b, 5));
    }
    assertNotEquals(
        SpecPrinter.print(NetworkGen.generate(1, GenConfig.medium())),
        SpecPrinter.print(NetworkGen.generate(2, GenConfig.medium())));
  }

  @Test
  void genHelpersStayInRangeAndNeverDrawAZeroWeight() {
    Gen g = new Gen(7);
    for (int i = 0; i < 1000; i++) {
      int x = g.intBetween(-2, 3);
      assertTrue(x >= -2 && x <= 3);
      assertNotEquals(0, g.weighted(0, 1, 2));
      assertEquals(2, g.subset(List.of(1, 2, 3, 4), 2).size());
    }
    assertEquals(new TreeSet<>(List.of(1, 2, 3)), new TreeSet<>(g.shuffled(List.of(3, 1, 2))));
    assertThrows(IllegalArgumentException.class, () -> g.pick(List.of()));
  }

  @Test
  void theConfiguredSizesBoundTheNetwork() {
    GenConfig c = GenConfig.small().withGroups(2).withInstances(3).withRulesPerGroup(1);
    for (long seed = 0; seed < 50; seed++) {
      Network n = NetworkGen.generate(seed, c);
      assertTrue(n.groups().size() <= 2 && n.instances().size() <= 3);
      n.groups().forEach(g -> assertTrue(g.rules().stream().filter(r -> !r.legacy()).count() <= 1));
      n.nics().forEach(x -> assertTrue(x.groups().size() <= c.groupsPerNic()));
    }
  }

  @Test
  void specPrinterWritesTheLanguageSurfaceWithLegacyRulesAsAFlag() {
    Network n =
        new NetworkBuilder()
            .group("Web", BASIC, INTERCONNECTED)
            .legacyDefault()
            .rule("ingress allow tcp 80,443 from 0.0.0.0/0")
            .rule("egress deny udp 53 to 2001:db8:1::/48 sport 1024-65535 priority 5")
            .group("Iso", BASIC, ISOLATED)
            .group("Vault", ADVANCED, ISOLATED)
            .rule("ingress allow all from 10.0.0.7")
            .instance("ECS1", "10.0.0.1, 2001:db8::1", "Web", "Iso")
            .instance(
                "ECS2",
                NetworkBuilder.nic("eth0", "10.0.0.2", "Vault"),
                NetworkBuilder.nic("eth1", "10.0.0.3", "Iso"))
            .build();
    SourceSpan s = new SourceSpan("x.sg", 20, 1, 1);
    List<Assertion> as =
        List.of(
            new Assertion("web is public", AssertionKind.ONLY, new Endpoint.InternetEndpoint(),
                new Endpoint.GroupEndpoint("Web"),
                new Traffic(Proto.TCP, List.of(PortRange.single(80), new PortRange(443, 444))),
                "", s),
            new Assertion("", AssertionKind.ISOLATED, new Endpoint.InstanceEndpoint("ECS1"),
                new Endpoint.NicEndpoint("ECS2.eth1"), Traffic.ANY, "", s),
            new Assertion("", AssertionKind.UNREACHABLE,
                new Endpoint.CidrEndpoint(Cidr.of("10.0.0.0/8")),
                new Endpoint.CidrEndpoint(Cidr.of("10.0.0.1/32")), new Traffic(Proto.GRE, List.of()),
                "", s));
    assertEquals(
        """
        group Web basic interconnected legacy-default {
          ingress allow tcp 80 from 0.0.0.0/0
          ingress allow tcp 443 from 0.0.0.0/0
          egress deny udp 53 to 2001:db8:1::/48 sport 1024-65535 priority 5
        }
        group Iso basic isolated
        group Vault advanced isolated {
          ingress allow all from 10.0.0.7/32
        }
        instance ECS1 ip 10.0.0.1, 2001:db8::1 in Web, Iso
        instance ECS2 {
          nic eth0 ip 10.0.0.2 in Vault
          nic eth1 ip 10.0.0.3 in Iso
        }
        assert "web is public": internet -> group Web only tcp 80,443-444
        assert ECS1 <-> ECS2.eth1 isolated
        assert 10.0.0.0/8 -> 10.0.0.1 unreachable gre
        """,
        SpecPrinter.print(n, as));
  }

  @Test
  void shrinkerDropsEverythingTheFailureDoesNotNeed() {
    for (long seed = 0; seed < 30; seed++) {
      Network n = NetworkGen.generate(seed, GenConfig.medium());
      List<Assertion> as = AssertionGen.assertions(new Gen(seed), n, 4);
      boolean hasDeny =
          n.groups().stream().anyMatch(g -> g.rules().stream().anyMatch(r -> r.action() == Action.DENY));
      if (!hasDeny) {
        continue;
      }
      Shrinker.Case small =
          Shrinker.shrink(
              new Shrinker.Case(n, as),
              c -> c.network().groups().stream()
                  .anyMatch(g -> g.rules().stream().anyMatch(r -> r.action() == Action.DENY)));
      assertEquals(1, small.network().groups().size(), small.spec());
      assertEquals(1, small.network().groups().get(0).rules().size(), small.spec());
      assertEquals(0, small.network().instances().size(), small.spec());
      assertEquals(0, small.assertions().size(), small.spec());
    }
  }

  @Test
  void shrinkerKeepsTheFlowsEndsAndTheNetworkValid() {
    int shrunk = 0;
    for (long seed = 0; seed < 40; seed++) {
      Network n = NetworkGen.generate(seed, GenConfig.medium());
      for (Flow f : new FlowGen(n).flows(new Gen(seed), 20)) {
        if (new Evaluator(n).evaluate(f).permitted() || n.owner(f.src()).isEmpty()) {
          continue;
        }
        Network small =
            Shrinker.shrink(n, m -> FlowGen.legal(m, f) && !new Evaluator(m).evaluate(f).permitted());
        assertEquals(List.of(), Networks.problems(small));
        assertTrue(FlowGen.legal(small, f));
        assertTrue(small.nics().size() <= 2, SpecPrinter.print(small) + f);
        for (var cand : Shrinker.candidates(new Shrinker.Case(n, List.of()))) {
          assertEquals(List.of(), Networks.problems(cand.network()));
        }
        shrunk++;
        break;
      }
    }
    assertTrue(shrunk > 10, "too few denied flows from a NIC to shrink: " + shrunk);
  }

  @Test
  void aViolatedPropertyReportsTheSeedAndTheShrunkSpec() {
    Network n = NetworkGen.generate(3, GenConfig.medium());
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> Property.holds("at most zero groups", 3, n, m -> !m.groups().isEmpty(), m -> "!"));
    assertTrue(e.getMessage().startsWith("at most zero groups violated; seed 3 (replay with"), e.getMessage());
    assertTrue(e.getMessage().contains("shrunk spec:\ngroup G"), e.getMessage());
    assertEquals(1, e.getMessage().split("\ngroup ", -1).length - 1, "shrunk to one group");
  }

  @Test
  void flowGenNeverProducesAnIllegalFlow() {
    Set<Integer> protocols = new TreeSet<>();
    for (long seed = 0; seed < 100; seed++) {
      Network n = NetworkGen.generate(seed, GenConfig.small());
      Evaluator e = new Evaluator(n);
      for (Flow f : new FlowGen(n).flows(new Gen(seed), 50)) {
        assertTrue(FlowGen.legal(n, f), f.toString());
        e.evaluate(f);
        protocols.add(f.protocol());
      }
    }
    assertTrue(protocols.size() > 10, protocols.toString());
  }

  @Test
  void addedRulesKeepAGroupValid() {
    NetworkGen gen = new NetworkGen(GenConfig.medium());
    for (long seed = 0; seed < 50; seed++) {
      Network n = gen.network(new Gen(seed));
      Gen g = new Gen(seed + 1000);
      for (var grp : n.groups()) {
        Rule r = gen.rule(g, n, grp, new SourceSpan("x", 1, 1, 1));
        assertEquals(List.of(), Networks.problems(Networks.withRule(n, r)));
      }
    }
  }
}

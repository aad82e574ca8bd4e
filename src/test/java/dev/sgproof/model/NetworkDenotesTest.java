package dev.sgproof.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.testing.NetworkBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Network#denotes} answers as {@code nicsOf(e).contains(nic)} does. */
class NetworkDenotesTest {

  @Test
  void everyEndpointDenotesTheNicsItListsOnGeneratedNetworks() {
    long base = Property.baseSeed(8_113);
    int compared = 0;
    int denoted = 0;
    for (long seed = base; seed < base + 60; seed++) {
      Network n = NetworkGen.generate(seed, seed % 2 == 0 ? GenConfig.small() : GenConfig.medium());
      List<Endpoint> endpoints = new ArrayList<>();
      for (Group g : n.groups()) {
        endpoints.add(new Endpoint.GroupEndpoint(g.name()));
      }
      for (Instance i : n.instances()) {
        endpoints.add(new Endpoint.InstanceEndpoint(i.name()));
      }
      for (Nic nic : n.nics()) {
        endpoints.add(new Endpoint.NicEndpoint(nic.id()));
      }
      endpoints.add(new Endpoint.ExternalEndpoint());
      endpoints.add(new Endpoint.InternetEndpoint());
      for (Endpoint e : endpoints) {
        for (Nic nic : n.nics()) {
          boolean expected = n.nicsOf(e).contains(nic);
          assertEquals(expected, n.denotes(e, nic), "seed " + seed + ": " + e + " " + nic.id());
          compared++;
          denoted += expected ? 1 : 0;
        }
      }
    }
    // Both answers were met many times.
    assertTrue(denoted > 100, "denoted " + denoted);
    assertTrue(compared - denoted > 100, "not denoted " + (compared - denoted));
  }

  @Test
  void aNicOfAnotherNetworkWithTheSameIdIsNotAMember() {
    Network a = new NetworkBuilder().group("Web").instance("ECS1", "10.0.0.1", "Web").build();
    Network b = new NetworkBuilder().group("Web").group("Db")
        .instance("ECS1", "10.0.0.9", "Web").build();
    Nic foreign = b.nic("ECS1").orElseThrow();
    Endpoint web = new Endpoint.GroupEndpoint("Web");
    assertFalse(a.nicsOf(web).contains(foreign));
    assertFalse(a.denotes(web, foreign));
    assertTrue(a.denotes(web, a.nic("ECS1").orElseThrow()));
  }

  @Test
  void anUnknownGroupFailsAsNicsOfDoes() {
    Network a = new NetworkBuilder().group("Web").instance("ECS1", "10.0.0.1", "Web").build();
    Nic nic = a.nic("ECS1").orElseThrow();
    Endpoint none = new Endpoint.GroupEndpoint("Nope");
    assertThrows(IllegalArgumentException.class, () -> a.nicsOf(none));
    assertThrows(IllegalArgumentException.class, () -> a.denotes(none, nic));
  }
}

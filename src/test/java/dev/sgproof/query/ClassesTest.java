package dev.sgproof.query;

import static dev.sgproof.testing.Queries.assertion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.Gen;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Rule;
import dev.sgproof.testing.NetworkBuilder;
import dev.sgproof.testing.Queries;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassesTest {

  private static List<IpAddress> addrs(String... text) {
    return java.util.Arrays.stream(text).map(IpAddress::of).toList();
  }

  /** Rule CIDRs 10.0.0.0/8 and 10.1.0.0/16, a NIC at 10.1.0.5. */
  private static Network nested() {
    return new NetworkBuilder()
        .group("G")
        .rule("ingress allow tcp 80 from 10.0.0.0/8")
        .rule("ingress allow tcp 1000-2000 from 10.1.0.0/16 sport 1024-65535")
        .instance("N", "10.1.0.5", "G")
        .build();
  }

  @Test
  void externalRepresentativesAreOnePerElementaryIntervalAndNeverANicAddress() {
    Network n = nested();
    Classes c = Classes.of(n, assertion("external", AssertionKind.REACHABLE, "N", "tcp 443"));
    List<IpAddress> reps = c.addresses(new Endpoint.ExternalEndpoint());
    assertEquals(
        addrs(
            "0.0.0.1", "10.0.0.0", "10.1.0.0", "10.1.0.6", "10.2.0.0", "11.0.0.0", "::1"),
        reps);
    reps.forEach(a -> assertTrue(n.owner(a).isEmpty(), a + " is a NIC address"));
  }

  @Test
  void internetRepresentativesAreTheFirstAddressesOfThePublicIntervalsCutByTheNetwork() {
    Network n =
        new NetworkBuilder()
            .group("G")
            .rule("ingress allow tcp 80 from 100.0.0.0/8")
            .instance("N", "10.1.0.5", "G")
            .instance("P", "8.8.8.8", "G")
            .build();
    Classes c = Classes.of(n, assertion("internet", AssertionKind.REACHABLE, "N", "tcp 443"));
    List<IpAddress> reps = c.addresses(new Endpoint.InternetEndpoint());
    assertEquals(
        addrs("1.0.0.0", "8.8.8.9", "11.0.0.0", "100.0.0.0", "100.128.0.0", "101.0.0.0",
            "128.0.0.0", "169.255.0.0", "172.32.0.0", "192.0.1.0", "192.0.3.0",
            "192.88.100.0", "192.169.0.0", "198.20.0.0", "198.51.101.0", "203.0.114.0",
            "2000::", "2001:db9::"),
        reps);
    // The classes are exactly the public addresses no NIC owns: 8.8.8.8 is P's, not the internet's.
    List<Classes.AddressClass> classes = c.addressClasses(new Endpoint.InternetEndpoint());
    assertTrue(classes.stream().noneMatch(x -> x.contains(IpAddress.of("8.8.8.8"))));
    assertTrue(classes.stream().anyMatch(x -> x.contains(IpAddress.of("8.8.8.7"))));
    for (Classes.AddressClass x : classes) {
      assertTrue(dev.sgproof.model.PublicSpace.contains(x.low()), x + " starts outside");
      assertTrue(dev.sgproof.model.PublicSpace.contains(x.high()), x + " ends outside");
      assertEquals(x.low(), x.representative());
    }
  }

  @Test
  void theAllZerosAddressRepresentsOnlyAnIntervalOfItsOwn() {
    Network n =
        new NetworkBuilder().group("G").instance("N", "0.0.0.1, ::1", "G").build();
    Classes c = Classes.of(n, assertion("external", AssertionKind.REACHABLE, "N", "all"));
    assertEquals(
        addrs("0.0.0.0", "0.0.0.2", "::", "::2"), c.addresses(new Endpoint.ExternalEndpoint()));
  }

  @Test
  void cidrEndpointsListTheirNicAddressesFirstThenTheirExternalClasses() {
    Network n =
        new NetworkBuilder()
            .group("G")
            .rule("ingress allow all from 10.1.0.0/30")
            .instance("A", "10.1.0.200", "G")
            .instance("B", "10.1.0.5, 2001:db8::5", "G")
            .build();
    Classes c = Classes.of(n, assertion("10.1.0.0/24", AssertionKind.REACHABLE, "A", "all"));
    assertEquals(
        addrs("10.1.0.200", "10.1.0.5", "10.1.0.0", "10.1.0.4", "10.1.0.6", "10.1.0.201"),
        c.addresses(Queries.endpoint("10.1.0.0/24")));
    assertEquals(addrs("10.1.0.200"), c.addresses(Queries.endpoint("A")));
    assertEquals(addrs("10.1.0.5", "2001:db8::5"), c.addresses(Queries.endpoint("B")));
    assertEquals(
        addrs("10.1.0.200", "10.1.0.5", "2001:db8::5"), c.addresses(Queries.endpoint("group G")));
  }

  @Test
  void destinationPortClassesSplitExactlyAtRuleAndAssertionBoundaries() {
    Classes c =
        Classes.of(nested(), assertion("internet", AssertionKind.REACHABLE, "N", "tcp 443,2000-3000"));
    assertEquals(List.of(1, 80, 81, 443, 444, 1000, 2000, 2001, 3001), c.dstPorts());
  }

  @Test
  void sourcePortClassesSplitAtRuleSourcePortsWithTheDynamicClassFirst() {
    Classes c = Classes.of(nested(), assertion("internet", AssertionKind.REACHABLE, "N", "tcp"));
    assertEquals(List.of(Classes.PREFERRED_SOURCE_PORT, 1), c.srcPorts());
    Network plain = new NetworkBuilder().group("G").instance("N", "10.0.0.1", "G").build();
    Classes p = Classes.of(plain, assertion("internet", AssertionKind.REACHABLE, "N", "tcp"));
    assertEquals(List.of(Classes.PREFERRED_SOURCE_PORT), p.srcPorts());
    assertEquals(List.of(1), p.dstPorts());
  }

  /**
   * Exactness: any external address lies in exactly the same rule CIDRs and endpoint CIDRs as the
   * representative of its interval (the greatest representative not above it).
   */
  @Test
  void everyExternalAddressAgreesWithItsRepresentativeOnEveryCidr() {
    Network n = nested();
    Cidr endpointCidr = Cidr.of("10.1.0.0/29");
    Classes c =
        Classes.of(
            n,
            assertion(
                new Endpoint.CidrEndpoint(endpointCidr),
                AssertionKind.REACHABLE,
                Queries.endpoint("N"),
                "all"));
    List<Cidr> cidrs = new ArrayList<>(List.of(endpointCidr));
    for (Group g : n.groups()) {
      for (Rule r : g.rules()) {
        if (r.peer() instanceof Peer.CidrPeer p) {
          cidrs.add(p.cidr());
        }
      }
    }
    List<IpAddress> reps =
        c.addresses(new Endpoint.ExternalEndpoint()).stream().filter(IpAddress::isV4).toList();
    Gen g = new Gen(7);
    List<IpAddress> probes = new ArrayList<>();
    for (Cidr x : cidrs) {
      probes.add(x.first());
      probes.add(x.last());
      x.first().previous().ifPresent(probes::add);
      x.last().next().ifPresent(probes::add);
    }
    for (int i = 0; i < 500; i++) {
      boolean near = g.chance(0.5);
      probes.add(IpAddress.v4(near ? 0x0a000000L + (g.nextLong() & 0x1ffffL) : g.nextLong() & 0xffffffffL));
    }
    for (IpAddress a : probes) {
      if (n.owner(a).isPresent()) {
        continue;
      }
      IpAddress rep = reps.get(0);
      for (IpAddress r : reps) {
        if (r.compareTo(a) <= 0) {
          rep = r;
        }
      }
      for (Cidr x : cidrs) {
        assertEquals(x.contains(a), x.contains(rep), a + " vs " + rep + " in " + x);
      }
      assertFalse(n.owner(rep).isPresent());
    }
    assertEquals(BigInteger.ONE, reps.get(0).value());
    assertEquals(IpVersion.V4, reps.get(0).version());
  }
}

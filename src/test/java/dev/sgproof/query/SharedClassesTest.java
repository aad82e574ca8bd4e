package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Network;
import dev.sgproof.model.PublicSpace;
import dev.sgproof.model.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link SharedClasses} shares between the assertions of one network: the internet's and
 * CIDR endpoints' classes, one list as long as an assertion adds no cut of its own. Nothing is
 * shared between instances, or between networks.
 */
class SharedClassesTest {
  private final Network n = new NetworkGen(GenConfig.small()).network(new Gen(7));
  private final Endpoint internet = new Endpoint.InternetEndpoint();
  private final Endpoint nic = new Endpoint.NicEndpoint(n.nics().get(0).id());

  @Test
  void theInternetsClassesAreOneListUntilAnAssertionCutsTheAddresses() {
    SharedClasses shared = new SharedClasses();
    Endpoint cidr = new Endpoint.CidrEndpoint(Cidr.parse("8.8.8.8/32", false).orElseThrow());
    List<Classes.AddressClass> toNic = shared.of(n, assertion(internet, nic)).addressClasses(internet);
    List<Classes.AddressClass> fromNic =
        shared.of(n, assertion(nic, internet)).addressClasses(internet);
    assertSame(toNic, fromNic, "no cut of their own: one list");
    List<Classes.AddressClass> cut = shared.of(n, assertion(cidr, internet)).addressClasses(internet);
    assertTrue(cut != toNic && cut.size() > toNic.size(),
        "a CIDR endpoint cuts the internet's classes: " + cut.size() + " vs " + toNic.size());
  }

  @Test
  void classesComputedAfreshShareNothingButAreEqual() {
    List<Classes.AddressClass> one = Classes.of(n, assertion(internet, nic)).addressClasses(internet);
    List<Classes.AddressClass> two = Classes.of(n, assertion(nic, internet)).addressClasses(internet);
    assertNotSame(one, two);
    assertEquals(one, two);
    List<Classes.AddressClass> other =
        new SharedClasses().of(n, assertion(internet, nic)).addressClasses(internet);
    assertNotSame(one, other);
    assertEquals(one, other);
  }

  @Test
  void externalClassesAreOneListAndNotTheInternets() {
    SharedClasses shared = new SharedClasses();
    Endpoint external = new Endpoint.ExternalEndpoint();
    List<Classes.AddressClass> toNic = shared.of(n, assertion(external, nic)).addressClasses(external);
    assertSame(toNic, shared.of(n, assertion(nic, external)).addressClasses(external));
    // The internet's bounds cut only the classes of assertions on the internet.
    List<Classes.AddressClass> internetClasses =
        shared.of(n, assertion(internet, nic)).addressClasses(internet);
    assertTrue(internetClasses.size() > 10, "public space has 15 intervals at least");
    assertTrue(toNic.stream().anyMatch(c -> c.low().value().signum() == 0),
        "external starts at the all-zeros address");
    assertTrue(internetClasses.stream().allMatch(c -> PublicSpace.contains(c.low())));
    // a CIDR inside an excluded block cuts no class of the internet's
    Endpoint doc = new Endpoint.CidrEndpoint(Cidr.parse("203.0.113.77/32", false).orElseThrow());
    assertEquals(internetClasses,
        shared.of(n, assertion(doc, internet)).addressClasses(internet));
  }

  private static Assertion assertion(Endpoint left, Endpoint right) {
    return new Assertion("", AssertionKind.REACHABLE, left, right, Traffic.ANY, "t",
        new SourceSpan("t.sg", 1, 1, 1));
  }
}

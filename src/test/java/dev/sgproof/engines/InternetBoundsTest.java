package dev.sgproof.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Spec;
import dev.sgproof.model.Traffic;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Verdict;
import dev.sgproof.testing.NetworkBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The internet's bounds, exactly (semantics.md section 2.1), with every engine: for the address
 * just below, at and just above each end of each excluded block (and of 2000::/3), a network whose
 * only rules admit that one address in both directions. {@code internet -> X unreachable} and
 * {@code X -> internet unreachable} are refuted by exactly that address when it is public and
 * proved when it is not; {@code external} is refuted by it always. The expectation is written
 * here from the text of semantics.md, not taken from {@code PublicSpace}. The SMT-LIB export of
 * the inbound query is decided again and must agree (at every IPv6 probe and a third of the IPv4
 * ones: it prints the solver engine's term, checked at every probe).
 */
class InternetBoundsTest {
  /** semantics.md section 2.1, as written there. */
  private static final List<String> NOT_INTERNET_V4 = List.of("0.0.0.0/8", "10.0.0.0/8",
      "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
      "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
      "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");
  private static final String INTERNET_V6 = "2000::/3";
  private static final String NOT_INTERNET_V6 = "2001:db8::/32";

  private static final String X_V4 = "10.9.9.9";
  private static final String X_V6 = "2001:db8:5::5";

  private static boolean expectedPublic(IpAddress a) {
    if (a.isV4()) {
      return NOT_INTERNET_V4.stream().noneMatch(c -> Cidr.of(c).contains(a));
    }
    return Cidr.of(INTERNET_V6).contains(a) && !Cidr.of(NOT_INTERNET_V6).contains(a);
  }

  /** Each end of each block, one below, at and one above. */
  private static List<IpAddress> probes() {
    List<String> blocks = new ArrayList<>(NOT_INTERNET_V4);
    blocks.add(INTERNET_V6);
    blocks.add(NOT_INTERNET_V6);
    TreeSet<IpAddress> out = new TreeSet<>();
    for (String b : blocks) {
      Cidr c = Cidr.of(b);
      for (IpAddress end : List.of(c.first(), c.last())) {
        out.add(end);
        end.previous().ifPresent(out::add);
        end.next().ifPresent(out::add);
      }
    }
    return List.copyOf(out);
  }

  private static Network network(IpAddress p) {
    return new NetworkBuilder()
        .group("G", dev.sgproof.model.GroupType.BASIC, Policy.ISOLATED)
        .rule("ingress allow all from " + p)
        .rule("egress allow all to " + p + " priority 1")
        .rule("egress deny all to any priority 2")
        .instance("X", X_V4 + ", " + X_V6, "G")
        .build();
  }

  private static Assertion assertion(Endpoint l, Endpoint r, int line) {
    AssertionKind k = AssertionKind.UNREACHABLE;
    return new Assertion("", k, l, r, Traffic.ANY, l + " -> " + r + " unreachable",
        new SourceSpan("bounds.sg", line, 1, 1));
  }

  private record Named(String name, EngineOptions options) {}

  private static final List<Named> ENGINES = List.of(
      new Named("exhaustive", EngineOptions.of(EngineChoice.exhaustive).withDependsOn(false)),
      new Named("auto", EngineOptions.of(EngineChoice.auto).withDependsOn(false)),
      new Named("smt",
          EngineOptions.of(EngineChoice.smt).withEnumerationLimit(0).withDependsOn(false)));

  @Test
  void everyEngineDrawsTheInternetExactlyAtTheBoundsOfPublicSpace() {
    List<IpAddress> probes = probes();
    assertTrue(probes.size() > 90, "probes " + probes.size());
    int publicProbes = 0;
    int exported = 0;
    List<Portfolio> engines = new ArrayList<>();
    for (Named e : ENGINES) {
      engines.add(Engines.portfolio(e.options()));
    }
    for (IpAddress p : probes) {
      boolean pub = expectedPublic(p);
      publicProbes += pub ? 1 : 0;
      Network n = network(p);
      IpAddress x = IpAddress.of(p.isV4() ? X_V4 : X_V6);
      Endpoint nic = new Endpoint.InstanceEndpoint("X");
      Assertion in = assertion(new Endpoint.InternetEndpoint(), nic, 1);
      Assertion out = assertion(nic, new Endpoint.InternetEndpoint(), 2);
      Assertion extIn = assertion(new Endpoint.ExternalEndpoint(), nic, 3);
      Assertion extOut = assertion(nic, new Endpoint.ExternalEndpoint(), 4);
      Spec spec = new Spec("bounds.sg", n, List.of(in, out, extIn, extOut));
      for (int k = 0; k < ENGINES.size(); k++) {
        Named e = ENGINES.get(k);
        String where = e.name() + " at " + p;
        List<AssertionResult> results = new ArrayList<>();
        for (Assertion a : spec.assertions()) {
          results.add(engines.get(k).verify(spec, a));
        }
        expect(where + " inbound", results.get(0).verdict(), pub, p, x);
        expect(where + " outbound", results.get(1).verdict(), pub, x, p);
        expect(where + " external inbound", results.get(2).verdict(), true, p, x);
        expect(where + " external outbound", results.get(3).verdict(), true, x, p);
        if (e.name().equals("smt") && (p.isV6() || probes.indexOf(p) % 3 == 0)) {
          // Z3 decides the exported query again; an answer against the verdict throws. (Each
          // export opens two contexts: every IPv6 probe and a third of the IPv4 ones.)
          Spec one = new Spec("bounds.sg", n, List.of(in));
          List<Smt2Export.Query> qs = Smt2Export.export("bounds.sg", one, results.subList(0, 1),
              EngineOptions.DEFAULT_TIMEOUT_MILLIS);
          assertEquals(pub ? "sat" : "unsat", qs.get(0).expected(), where);
          exported++;
        }
      }
    }
    engines.forEach(Portfolio::close);
    assertTrue(exported > 30, "exported " + exported);
    assertTrue(publicProbes > 30 && publicProbes < probes.size() - 30,
        "both sides of the bounds: " + publicProbes + " of " + probes.size());
  }

  private static void expect(String where, Verdict v, boolean refuted, IpAddress src,
      IpAddress dst) {
    if (!refuted) {
      assertInstanceOf(Verdict.Proved.class, v, where);
      return;
    }
    Flow f = assertInstanceOf(Verdict.Refuted.class, v, where).counterexample();
    assertEquals(src, f.src(), where);
    assertEquals(dst, f.dst(), where);
  }
}

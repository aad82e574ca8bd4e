package dev.sgproof.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.engines.Portfolio;
import dev.sgproof.gen.AssertionGen;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.AssertionKind;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Spec;
import dev.sgproof.model.Traffic;
import dev.sgproof.query.AssertionResult;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Replay;
import dev.sgproof.query.Verdict;
import dev.sgproof.semantics.Evaluator;
import java.util.ArrayList;
import java.util.List;

/** Small helpers to write assertions in tests as they read in a spec. */
public final class Queries {
  public static final String FILE = "query-test.sg";

  private Queries() {}

  /**
   * An endpoint as written in the language: {@code internet}, {@code external}, {@code group NAME}, a CIDR or an
   * address, {@code INSTANCE.NIC} (a NIC) or {@code NAME} (an instance; use {@link #nic} for a
   * one-line instance's NIC).
   */
  public static Endpoint endpoint(String text) {
    if (text.equals("internet")) {
      return new Endpoint.InternetEndpoint();
    }
    if (text.equals("external")) {
      return new Endpoint.ExternalEndpoint();
    }
    if (text.startsWith("group ")) {
      return new Endpoint.GroupEndpoint(text.substring(6));
    }
    if (Character.isDigit(text.charAt(0)) || text.contains(":")) {
      return new Endpoint.CidrEndpoint(
          text.contains("/") ? Cidr.of(text) : Cidr.host(IpAddress.of(text)));
    }
    if (text.contains(".")) {
      return new Endpoint.NicEndpoint(text);
    }
    return new Endpoint.InstanceEndpoint(text);
  }

  public static Endpoint nic(String id) {
    return new Endpoint.NicEndpoint(id);
  }

  /** {@code tcp 80,443}, {@code udp}, {@code all} ..., or a union {@code tcp 80 + icmp}. */
  public static Traffic traffic(String text) {
    List<Traffic.Item> items = new ArrayList<>();
    for (String item : text.split("\\+")) {
      String[] t = item.trim().split("\\s+");
      Proto p = Proto.fromKeyword(t[0]);
      List<PortRange> ports = new ArrayList<>();
      if (t.length > 1) {
        for (String part : t[1].split(",")) {
          int dash = part.indexOf('-');
          ports.add(
              dash < 0
                  ? PortRange.single(Integer.parseInt(part))
                  : new PortRange(
                      Integer.parseInt(part.substring(0, dash)),
                      Integer.parseInt(part.substring(dash + 1))));
        }
      }
      items.add(new Traffic.Item(p, ports));
    }
    return new Traffic(items);
  }

  public static Assertion assertion(String left, AssertionKind kind, String right, String traffic) {
    return assertion(endpoint(left), kind, endpoint(right), traffic);
  }

  public static Assertion assertion(Endpoint l, AssertionKind kind, Endpoint r, String traffic) {
    Traffic t = traffic(traffic);
    return new Assertion(
        "", kind, l, r, t, AssertionGen.text(kind, l, r, t), new SourceSpan(FILE, 1, 1, 1));
  }

  public static Spec spec(Network n, Assertion... as) {
    return new Spec(FILE, n, List.of(as));
  }

  /** The exhaustive engine's verdict (without dependsOn). */
  public static Verdict decide(Network n, Assertion a) {
    try (Portfolio p = Engines.portfolio(exhaustive())) {
      return p.check(n, a);
    }
  }

  /** The options of the exhaustive engine without dependsOn. */
  public static EngineOptions exhaustive() {
    return EngineOptions.of(EngineChoice.exhaustive).withDependsOn(false);
  }

  public static void assertProved(Network n, Assertion a) {
    Verdict v = decide(n, a);
    assertInstanceOf(Verdict.Proved.class, v, () -> a.text() + " should be proved, got " + v);
  }

  /**
   * Asserts the engine refutes, that its counterexample lies in one of the assertion's
   * obligations, that the evaluator's decision breaks that obligation, and that the verifier
   * confirms it. Returns the counterexample.
   */
  public static Flow assertRefuted(Network n, Assertion a) {
    Verdict v = decide(n, a);
    Verdict.Refuted r =
        assertInstanceOf(Verdict.Refuted.class, v, () -> a.text() + " should be refuted");
    Flow f = r.counterexample();
    boolean permitted = new Evaluator(n).evaluate(f).permitted();
    List<Obligation> in =
        Obligation.of(a).stream().filter(o -> o.contains(n, f)).toList();
    assertFalse(in.isEmpty(), () -> f + " is not a flow of " + a.text());
    assertTrue(
        in.stream().anyMatch(o -> !o.expect().satisfiedBy(permitted)),
        () -> f + " does not break " + a.text());
    AssertionResult res = Replay.check(spec(n, a), a, v);
    assertEquals(v, res.verdict());
    return f;
  }
}

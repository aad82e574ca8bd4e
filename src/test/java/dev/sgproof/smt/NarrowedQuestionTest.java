package dev.sgproof.smt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PortRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A question narrowed by constraints ({@link SmtSession#violation(Network, Violation, List)})
 * leaves out of its translation the rules and NICs the constraints rule out; it must have exactly
 * the answers of the whole question checked under the same constraints as assumptions. Generated
 * networks and questions, constraints on protocols, ports and addresses (NIC prefixes in any
 * order, their complements, single addresses, upper bounds); seeds are printed, a failure shrinks
 * the network.
 */
class NarrowedQuestionTest {
  private static final int NETWORKS = 300;
  private static final int QUESTIONS = 4;
  private static final int[] PROTOCOLS = {6, 17, 1, 58, 47, 132};

  @Test
  void aNarrowedQuestionHasTheAnswersOfTheWholeQuestionUnderItsConstraints() {
    long base = Property.baseSeed(20261130L);
    System.out.println("NarrowedQuestionTest base seed " + base);
    int[] counts = new int[3];
    try (SmtSession s = new SmtSession(30_000)) {
      for (int i = 0; i < NETWORKS; i++) {
        long seed = base + i;
        Gen g = new Gen(seed);
        Network n = new NetworkGen(i % 3 == 2 ? GenConfig.medium() : GenConfig.small()).network(g);
        Property.holds("narrowed question", seed, n, net -> disagreement(s, net, seed, counts) != null,
            net -> "\n" + disagreement(s, net, seed, new int[3]));
      }
    }
    System.out.printf("NarrowedQuestionTest: %d holds, %d broken, %d undecided%n",
        counts[0], counts[1], counts[2]);
    assertTrue(counts[0] > 500 && counts[1] > 300, "both answers are exercised");
    assertTrue(counts[2] == 0, "nothing undecided");
  }

  /** The first question and constraints (drawn from the seed) whose answers differ, or null. */
  private static String disagreement(SmtSession s, Network n, long seed, int[] counts) {
    Gen g = new Gen(seed ^ 0x5eed);
    List<Assertion> as = AssertionGen.assertions(g, n, QUESTIONS);
    for (Assertion a : as) {
      for (int k = 0; k < 3; k++) {
        Violation v = new Violation(a.left(), a.right(), a.traffic(), g.chance(0.2), g.chance(0.5));
        List<FlowConstraint> cs = constraints(g, n, v);
        Answer whole;
        try (ViolationQuery q = s.violation(n, v)) {
          whole = q.check(cs);
        }
        Answer narrowed;
        try (ViolationQuery q = s.violation(n, v, cs)) {
          narrowed = q.check(List.of());
        }
        counts[whole.ordinal()]++;
        if (whole != narrowed) {
          return v + " under " + cs + ": whole " + whole + ", narrowed " + narrowed;
        }
      }
    }
    return null;
  }

  private static List<FlowConstraint> constraints(Gen g, Network n, Violation v) {
    List<FlowConstraint> cs = new ArrayList<>();
    if (g.chance(0.5)) {
      cs.add(new FlowConstraint.ProtocolIs(PROTOCOLS[g.nextInt(PROTOCOLS.length)]));
    }
    for (Side side : Side.values()) {
      if (g.chance(0.3)) {
        int lo = g.intBetween(1, 9000);
        cs.add(g.chance(0.5) ? new FlowConstraint.PortIn(side, PortRange.single(lo))
            : g.chance(0.5) ? new FlowConstraint.PortIn(side, new PortRange(lo, lo + 500))
            : new FlowConstraint.PortAtMost(side, lo));
      }
      Endpoint e = side == Side.SRC ? v.source() : v.destination();
      List<IpAddress> addresses = nicAddresses(g, n, e);
      int pick = g.nextInt(8);
      if (pick == 0 && !addresses.isEmpty()) {
        cs.add(new FlowConstraint.AddressAmong(side, addresses, g.intBetween(0, addresses.size())));
      } else if (pick == 1 && !addresses.isEmpty()) {
        cs.add(new FlowConstraint.Not(
            new FlowConstraint.AddressAmong(side, addresses, g.intBetween(1, addresses.size()))));
      } else if (pick == 2 && !addresses.isEmpty()) {
        cs.add(new FlowConstraint.AddressIs(side, g.pick(addresses)));
      } else if (pick == 3 && !addresses.isEmpty()) {
        cs.add(new FlowConstraint.AllOf(List.of(new FlowConstraint.AddressAtMost(side,
            g.pick(addresses)))));
      } else if (pick == 4) {
        cs.add(new FlowConstraint.AddressIs(side, IpAddress.of(g.pick("10.0.0.1", "192.0.2.7",
            "8.8.8.8", "2001:db8::1", "10.255.255.254"))));
      }
    }
    return cs;
  }

  /** NIC addresses the endpoint may hold (some from elsewhere too), shuffled. */
  private static List<IpAddress> nicAddresses(Gen g, Network n, Endpoint e) {
    List<IpAddress> out = new ArrayList<>();
    for (Nic nic : n.nics()) {
      for (IpAddress a : nic.addresses()) {
        boolean in = e instanceof Endpoint.CidrEndpoint c ? c.cidr().contains(a)
            : e instanceof Endpoint.InternetEndpoint ? false : n.nicsOf(e).contains(nic);
        if (in || g.chance(0.1)) {
          out.add(a);
        }
      }
    }
    return g.shuffled(out);
  }
}

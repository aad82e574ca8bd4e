package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sgproof.gen.FlowGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A second, deliberately naive reading of semantics.md sections 3 to 7 (streams over every rule,
 * no traces), compared with the Evaluator on generated flows. The two were written separately;
 * agreement on every flow is evidence that neither misreads the text.
 */
class OracleTest {
  private static final long BASE = Property.baseSeed(0x0_4ac1eL);

  /** Section 3. */
  static boolean matches(Network n, Rule r, Direction d, Flow f) {
    IpAddress far = d == Direction.INGRESS ? f.src() : f.dst();
    boolean proto = r.protocol() == dev.sgproof.model.Proto.ALL || r.protocol().number() == f.protocol();
    boolean ports =
        !(f.protocol() == 6 || f.protocol() == 17)
            || (r.dstPorts().low() <= f.dstPort() && f.dstPort() <= r.dstPorts().high()
                && r.srcPorts().low() <= f.srcPort() && f.srcPort() <= r.srcPorts().high());
    boolean peer =
        r.peer() instanceof Peer.CidrPeer c
            ? c.cidr().contains(far)
            : n.members(((Peer.GroupPeer) r.peer()).group()).stream().anyMatch(m -> m.owns(far));
    return r.direction() == d && proto && ports && peer;
  }

  /** Section 4: empty when no rule matches, else allow/deny. */
  static Optional<Boolean> rules(Network n, Nic nic, Direction d, Flow f) {
    List<Rule> m =
        nic.groups().stream()
            .flatMap(g -> n.groupNamed(g).rules().stream())
            .filter(r -> matches(n, r, d, f))
            .toList();
    if (m.isEmpty()) {
      return Optional.empty();
    }
    int best = m.stream().mapToInt(Rule::priority).min().orElseThrow();
    return Optional.of(
        m.stream().noneMatch(r -> r.priority() == best && r.action() == Action.DENY));
  }

  static boolean ingress(Network n, Nic nic, Flow f) {
    Optional<Nic> src = n.owner(f.src());
    boolean intra =
        src.isPresent()
            && n.groupsOf(nic).stream()
                .anyMatch(
                    g -> g.type() == GroupType.BASIC
                        && g.policy() == Policy.INTERCONNECTED
                        && n.members(g.name()).contains(src.get()));
    return intra || rules(n, nic, Direction.INGRESS, f).orElse(false);
  }

  static boolean egress(Network n, Nic nic, Flow f) {
    boolean basic = n.groupsOf(nic).stream().allMatch(g -> g.type() == GroupType.BASIC);
    return rules(n, nic, Direction.EGRESS, f).orElse(basic);
  }

  static boolean permitted(Network n, Flow f) {
    Optional<Nic> s = n.owner(f.src());
    Optional<Nic> d = n.owner(f.dst());
    return s.map(x -> egress(n, x, f)).orElse(true) && d.map(x -> ingress(n, x, f)).orElse(true);
  }

  @TestFactory
  Stream<DynamicTest> theEvaluatorAgreesWithANaiveReadingOfTheSemanticsOnEveryGeneratedFlow() {
    return LongStream.range(0, 200)
        .map(i -> BASE + i)
        .mapToObj(
            seed ->
                DynamicTest.dynamicTest(
                    "oracle, seed " + seed,
                    () -> {
                      GenConfig c = seed % 2 == 0 ? GenConfig.small() : GenConfig.medium();
                      Network n = NetworkGen.generate(seed, c);
                      List<Flow> flows = new FlowGen(n).flows(new Gen(seed), 80);
                      Property.holds(
                          "evaluator = oracle",
                          seed,
                          n,
                          m -> disagreement(m, flows).isPresent(),
                          m -> {
                            Flow f = disagreement(m, flows).orElseThrow();
                            return "flow " + f + ": oracle " + permitted(m, f) + ", evaluator "
                                + new Evaluator(m).evaluate(f).trace();
                          });
                      assertEquals(Optional.empty(), disagreement(n, flows));
                    }));
  }

  private static Optional<Flow> disagreement(Network n, List<Flow> flows) {
    Evaluator e = new Evaluator(n);
    return flows.stream()
        .filter(f -> FlowGen.legal(n, f))
        .filter(f -> e.evaluate(f).permitted() != permitted(n, f))
        .findFirst();
  }
}

package dev.sgproof.gen;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Group;
import dev.sgproof.model.Instance;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;

/**
 * Greedy one-at-a-time shrinking of a failing case: drops assertions, instances, NICs, groups,
 * legacy flags, rules, group memberships and addresses while the case still fails, keeping the
 * network valid ({@link Networks#problems} empty) and the assertions resolvable. The predicate
 * answers "does this case still fail?"; a predicate that throws counts as "no" (a smaller case
 * that is no longer well-formed, e.g. a flow whose NIC was dropped, is not a reproduction).
 */
public final class Shrinker {
  private static final int MAX_CHECKS = 5_000;

  private Shrinker() {}

  /** A network with its assertions. */
  public record Case(Network network, List<Assertion> assertions) {
    public Case {
      assertions = List.copyOf(assertions);
    }

    public int size() {
      int rules = network.groups().stream().mapToInt(g -> g.rules().size()).sum();
      return rules + network.groups().size() + network.nics().size() + network.instances().size()
          + assertions.size();
    }

    public String spec() {
      return SpecPrinter.print(network, assertions);
    }
  }

  /**
   * Fails the test at the first assertion on which {@code disagreement} (null when the engines
   * agree, else what differs) finds a difference, with the seed, the difference, and the spec
   * shrunk to the smallest network that still shows one.
   */
  public static void failOnDisagreement(long seed, Network n, List<Assertion> as,
      BiFunction<Network, Assertion, String> disagreement) {
    for (Assertion a : as) {
      String problem = disagreement.apply(n, a);
      if (problem != null) {
        Case small = shrink(new Case(n, List.of(a)),
            c -> Networks.resolves(c.network(), a) && disagreement.apply(c.network(), a) != null);
        Assertions.fail("seed " + seed + ": " + a.text() + ": " + problem + "\nshrunk spec:\n"
            + small.spec() + "\nshrunk: " + disagreement.apply(small.network(), a));
      }
    }
  }

  /** Shrinks a network alone. */
  public static Network shrink(Network n, Predicate<Network> stillFails) {
    return shrink(new Case(n, List.of()), c -> stillFails.test(c.network())).network();
  }

  /** The smallest case found that still fails; {@code c} itself when nothing smaller does. */
  public static Case shrink(Case c, Predicate<Case> stillFails) {
    Case current = c;
    int checks = 0;
    boolean progress = true;
    while (progress && checks < MAX_CHECKS) {
      progress = false;
      for (Case candidate : candidates(current)) {
        if (++checks > MAX_CHECKS) {
          break;
        }
        if (holds(stillFails, candidate)) {
          current = candidate;
          progress = true;
          break;
        }
      }
    }
    return current;
  }

  private static boolean holds(Predicate<Case> p, Case c) {
    try {
      return p.test(c);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Every case one step smaller than {@code c}, biggest cuts first. */
  static List<Case> candidates(Case c) {
    Network n = c.network();
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < c.assertions().size(); i++) {
      List<Assertion> fewer = new ArrayList<>(c.assertions());
      fewer.remove(i);
      out.add(new Case(n, fewer));
    }
    List<Network> nets = new ArrayList<>();
    for (Instance i : n.instances()) {
      nets.add(Networks.withoutInstance(n, i.name()));
    }
    for (Group g : n.groups()) {
      nets.add(Networks.withoutGroup(n, g.name()));
    }
    for (Instance i : n.instances()) {
      if (i.nics().size() > 1) {
        for (Nic nic : i.nics()) {
          nets.add(Networks.withoutNic(n, nic.id()));
        }
      }
    }
    for (Group g : n.groups()) {
      if (g.legacyDefault()) {
        List<Rule> custom = g.rules().stream().filter(r -> !r.legacy()).toList();
        nets.add(
            Networks.withGroup(
                n, new Group(g.name(), g.type(), g.policy(), false, custom, g.span())));
      }
      for (int k = 0; k < g.rules().size(); k++) {
        if (!g.rules().get(k).legacy()) {
          List<Rule> fewer = new ArrayList<>(g.rules());
          fewer.remove(k);
          nets.add(Networks.withGroup(n, Networks.withRules(g, fewer)));
        }
      }
    }
    for (Nic nic : n.nics()) {
      if (nic.groups().size() > 1) {
        for (String g : nic.groups()) {
          List<String> left = nic.groups().stream().filter(x -> !x.equals(g)).toList();
          nets.add(replaceNic(n, Networks.withGroups(nic, left)));
        }
      }
      if (nic.addresses().size() > 1) {
        for (IpAddress a : nic.addresses()) {
          List<IpAddress> left = nic.addresses().stream().filter(x -> !x.equals(a)).toList();
          nets.add(
              replaceNic(
                  n, new Nic(nic.id(), nic.instance(), nic.nicName(), left, nic.groups(), nic.span())));
        }
      }
    }
    for (Network m : nets) {
      if (Networks.problems(m).isEmpty()) {
        List<Assertion> kept =
            c.assertions().stream().filter(a -> Networks.resolves(m, a)).toList();
        out.add(new Case(m, kept));
      }
    }
    return out;
  }

  private static Network replaceNic(Network n, Nic replacement) {
    return Networks.mapNics(n, x -> x.id().equals(replacement.id()) ? replacement : x);
  }
}

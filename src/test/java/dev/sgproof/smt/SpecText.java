package dev.sgproof.smt;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.Instance;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Prints a network and assertion in the spec language, and shrinks failing cases. */
final class SpecText {
  private SpecText() {}

  static String print(Network n, Assertion a) {
    StringBuilder b = new StringBuilder();
    for (Group g : n.groups()) {
      b.append("group ").append(g.name()).append(' ').append(g.type()).append(' ')
          .append(g.policy()).append(g.legacyDefault() ? " legacy-default" : "").append(" {\n");
      for (Rule r : g.rules()) {
        if (!r.legacy()) {
          b.append("  ").append(r.text()).append('\n');
        }
      }
      b.append("}\n");
    }
    for (Instance i : n.instances()) {
      b.append("instance ").append(i.name()).append(" {\n");
      for (Nic nic : i.nics()) {
        b.append("  nic ").append(nic.nicName().isEmpty() ? "(one-line)" : nic.nicName())
            .append(" ip ")
            .append(nic.addresses().stream().map(Object::toString).collect(Collectors.joining(", ")))
            .append(" in ").append(String.join(", ", nic.groups())).append('\n');
      }
      b.append("}\n");
    }
    b.append("assert ").append(a.text()).append('\n');
    return b.toString();
  }

  /** Drops rules and instances one at a time while the case still fails. */
  static Network shrink(Network n, Assertion a, Predicate<Network> fails) {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Network c : candidates(n)) {
        if (valid(c, a) && fails.test(c)) {
          n = c;
          progress = true;
          break;
        }
      }
    }
    return n;
  }

  private static List<Network> candidates(Network n) {
    List<Network> out = new ArrayList<>();
    for (int i = 0; i < n.instances().size(); i++) {
      List<Instance> is = new ArrayList<>(n.instances());
      is.remove(i);
      out.add(new Network(n.groups(), is));
    }
    for (Rule r : Rules.all(n)) {
      out.add(Rules.without(n, r));
    }
    return out;
  }

  private static boolean valid(Network n, Assertion a) {
    for (Endpoint e : List.of(a.left(), a.right())) {
      if (e instanceof Endpoint.InstanceEndpoint ie && n.instance(ie.instance()).isEmpty()) {
        return false;
      }
      if (e instanceof Endpoint.NicEndpoint ne && n.nic(ne.nicId()).isEmpty()) {
        return false;
      }
    }
    return !SmallSpecs.isEmpty(n, a);
  }
}

package dev.sgproof.gen;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Group;
import dev.sgproof.model.Instance;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a network (and assertions) in the spec language of language.md, for failure messages
 * and for feeding generated cases to the parser. Legacy default rules print as the
 * {@code legacy-default} flag, never as rules.
 */
public final class SpecPrinter {
  private SpecPrinter() {}

  public static String print(Network n) {
    return print(n, List.of());
  }

  public static String print(Network n, List<Assertion> assertions) {
    StringBuilder b = new StringBuilder();
    for (Group g : n.groups()) {
      b.append(group(g));
    }
    for (Instance i : n.instances()) {
      b.append(instance(i));
    }
    for (Assertion a : assertions) {
      b.append(assertion(a)).append('\n');
    }
    return b.toString();
  }

  public static String group(Group g) {
    StringBuilder b = new StringBuilder("group ").append(g.name());
    b.append(' ').append(g.type().keyword()).append(' ').append(g.policy().keyword());
    if (g.legacyDefault()) {
      b.append(" legacy-default");
    }
    List<Rule> custom = g.rules().stream().filter(r -> !r.legacy()).toList();
    if (custom.isEmpty()) {
      return b.append('\n').toString();
    }
    b.append(" {\n");
    for (Rule r : custom) {
      b.append("  ").append(rule(r)).append('\n');
    }
    return b.append("}\n").toString();
  }

  /** A rule as one line ({@link Rule#text()}; a host CIDR keeps its /32 or /128). */
  public static String rule(Rule r) {
    return r.text();
  }

  public static String instance(Instance i) {
    if (i.oneLine() && i.nics().size() == 1) {
      return "instance " + i.name() + nicTail(i.nics().get(0)) + "\n";
    }
    StringBuilder b = new StringBuilder("instance ").append(i.name()).append(" {\n");
    for (Nic n : i.nics()) {
      b.append("  nic ").append(n.nicName()).append(nicTail(n)).append('\n');
    }
    return b.append("}\n").toString();
  }

  private static String nicTail(Nic n) {
    return " ip "
        + n.addresses().stream().map(IpAddress::toString).collect(Collectors.joining(", "))
        + " in "
        + String.join(", ", n.groups());
  }

  public static String assertion(Assertion a) {
    String label = a.hasLabel() ? "\"" + a.label() + "\": " : "";
    return "assert " + label + AssertionGen.text(a.kind(), a.left(), a.right(), a.traffic());
  }
}

package dev.sgproof.engines;

import dev.sgproof.model.Group;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Networks with some rules removed (by identity), for dependsOn checks. */
public final class Rules {
  private Rules() {}

  public static Network keepOnly(Network n, Collection<Rule> keep) {
    return filter(n, r -> keep.stream().anyMatch(k -> k == r));
  }

  public static Network without(Network n, Rule gone) {
    return filter(n, r -> r != gone);
  }

  public static List<Rule> all(Network n) {
    List<Rule> out = new ArrayList<>();
    n.groups().forEach(g -> out.addAll(g.rules()));
    return out;
  }

  /** Whether the two lists hold the same rules (by identity) in the same order. */
  public static boolean same(List<Rule> a, List<Rule> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** The rules as "group: text" for messages. */
  public static List<String> texts(List<Rule> rules) {
    return rules.stream().map(r -> r.group() + ": " + r.text()).toList();
  }

  private static Network filter(Network n, java.util.function.Predicate<Rule> keep) {
    List<Group> groups = new ArrayList<>();
    for (Group g : n.groups()) {
      groups.add(new Group(g.name(), g.type(), g.policy(), g.legacyDefault(),
          g.rules().stream().filter(keep).toList(), g.span()));
    }
    return new Network(groups, n.instances());
  }
}

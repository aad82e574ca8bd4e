package dev.sgproof.smt;

import dev.sgproof.model.Group;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Networks with some rules removed (by identity), for dependsOn checks. */
final class Rules {
  private Rules() {}

  static Network keepOnly(Network n, Collection<Rule> keep) {
    return filter(n, r -> keep.stream().anyMatch(k -> k == r));
  }

  static Network without(Network n, Rule gone) {
    return filter(n, r -> r != gone);
  }

  static List<Rule> all(Network n) {
    List<Rule> out = new ArrayList<>();
    n.groups().forEach(g -> out.addAll(g.rules()));
    return out;
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

package dev.sgproof.query;

import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Proto;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a group decides with, without where it is written: its name, type, policy and rules (in
 * order, each without its place). Two groups of the same shape decide every flow alike at every
 * NIC, given the same memberships.
 */
record GroupShape(String name, GroupType type, Policy policy, List<RuleShape> rules) {
  GroupShape {
    rules = List.copyOf(rules);
  }

  /** A rule without its place in the spec. */
  record RuleShape(Direction direction, Action action, Proto protocol, PortRange dstPorts,
      PortRange srcPorts, Peer peer, int priority, boolean legacy) {
    static RuleShape of(Rule r) {
      return new RuleShape(r.direction(), r.action(), r.protocol(), r.dstPorts(), r.srcPorts(),
          r.peer(), r.priority(), r.legacy());
    }
  }

  static GroupShape of(Group g) {
    List<RuleShape> rs = new ArrayList<>(g.rules().size());
    for (Rule r : g.rules()) {
      rs.add(RuleShape.of(r));
    }
    return new GroupShape(g.name(), g.type(), g.policy(), rs);
  }

  /** The shapes of a set of groups, sorted by name. */
  static List<GroupShape> of(List<Group> groups) {
    List<GroupShape> out = new ArrayList<>(groups.size());
    for (Group g : groups) {
      out.add(of(g));
    }
    out.sort(Comparator.comparing(GroupShape::name));
    return List.copyOf(out);
  }
}

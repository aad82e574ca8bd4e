package dev.sgproof.query;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the two ways of deciding a table's classes share ({@link DecisionTablesByEvaluator}, the
 * reference, and {@link DecisionTablesByMatching}): tables kept by the groups' contents (names,
 * types, policies, rules without their places), so that two versions of a network share the
 * tables of unchanged group sets, each table over the classes of a {@link TableLayout}.
 */
abstract class LayoutTables implements DecisionTables {
  private final Map<Key, DecisionTable> tables = new HashMap<>();

  @Override
  public final DecisionTable table(List<Group> groups, Direction d) {
    return tables.computeIfAbsent(new Key(GroupShape.of(groups), d),
        k -> build(new TableLayout(groups, d)));
  }

  /** The table that decides the classes of the layout. */
  abstract DecisionTable build(TableLayout layout);

  private record Key(List<GroupShape> groups, Direction direction) {}

  /** A table whose classes are those of its layout: what the layout answers, it answers. */
  abstract static class Table implements DecisionTable {
    final TableLayout layout;

    Table(TableLayout layout) {
      this.layout = layout;
    }

    @Override
    public final Direction direction() {
      return layout.direction;
    }

    @Override
    public final List<Group> groups() {
      return layout.groups;
    }

    @Override
    public final boolean defaultAllows() {
      return layout.defaultAllows;
    }

    @Override
    public final List<BigInteger> cuts(IpVersion v) {
      return layout.cuts(v);
    }

    @Override
    public final List<String> memberships() {
      return layout.memberships;
    }

    @Override
    public final PeerClass peerClass(IpAddress peer, List<String> ownerGroups) {
      return layout.peerClass(peer, ownerGroups);
    }
  }
}

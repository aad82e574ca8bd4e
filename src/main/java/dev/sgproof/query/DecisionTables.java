package dev.sgproof.query;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import java.util.List;

/**
 * Where {@link DecisionTable}s come from: one per set of groups and direction. An instance keeps
 * the tables it makes (by the groups' contents, so the same groups in two versions of a network
 * share one) and serves one thread at a time.
 */
public interface DecisionTables {
  /** The table of the groups of a NIC (in any order) in one direction. */
  DecisionTable table(List<Group> groups, Direction d);
}

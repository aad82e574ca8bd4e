package dev.sgproof.query;

import dev.sgproof.model.Network;
import java.util.List;
import java.util.Objects;

/**
 * What {@code sgproof diff} found (language.md, "Diff"): the two versions by file name and
 * network, the flows the change newly permits and newly denies, and the assertions of either
 * version whose verdict changes, in plan order ({@link DiffAssertions#plan}).
 */
public record Diff(String oldFile, String newFile, Network old, Network neu,
    DiffFlows.Changes flows, List<DiffAssertions.Change> assertions) {
  public Diff {
    Objects.requireNonNull(oldFile, "oldFile");
    Objects.requireNonNull(newFile, "newFile");
    Objects.requireNonNull(old, "old");
    Objects.requireNonNull(neu, "neu");
    Objects.requireNonNull(flows, "flows");
    assertions = List.copyOf(assertions);
  }

  /** Exit 0 no flow changes, 1 some (only newly permitted ones with {@code openedOnly}). */
  public int exitCode(boolean openedOnly) {
    boolean changed = !flows.newlyPermitted().isEmpty()
        || !openedOnly && !flows.newlyDenied().isEmpty();
    return changed ? 1 : 0;
  }
}

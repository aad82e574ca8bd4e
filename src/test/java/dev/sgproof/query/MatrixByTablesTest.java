package dev.sgproof.query;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Network;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The matrix read off the decision tables is the reference matrix (class enumeration per pair,
 * itself checked against the evaluator in {@link MatrixTest}): same rows, columns, folding and
 * cells, by group, instance and NIC, on generated networks (small and medium, so sets of groups
 * shared by several NICs, NICs in several groups, dual-stack NICs, source-port rules and the
 * intra-group allow all occur). A failure prints the seed and the shrunk spec.
 */
class MatrixByTablesTest {
  private static final int NETWORKS = 60;

  @Test
  void theMatrixFromDecisionTablesIsTheReferenceMatrix() {
    long base = Property.baseSeed(0x7AB1E5L);
    Map<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < NETWORKS; i++) {
      long seed = base + i;
      boolean medium = i % 3 == 0;
      Network n = new NetworkGen(medium ? GenConfig.medium() : GenConfig.small())
          .network(new Gen(seed));
      // The reference by NIC of a medium network is slow (a class enumeration per NIC pair).
      for (Matrix.By by : medium ? List.of(Matrix.By.GROUP, Matrix.By.INSTANCE)
          : List.of(Matrix.By.values())) {
        Matrix.Result reference = reference(n, by);
        if (!fast(n, by).equals(reference)) {
          Property.holds("matrix by " + by + " from the decision tables", seed, n,
              net -> !fast(net, by).equals(reference(net, by)),
              net -> "\nfrom the tables: " + fast(net, by) + "\nreference: " + reference(net, by));
        }
        for (List<Matrix.Cell> row : reference.cells()) {
          for (Matrix.Cell c : row) {
            seen.merge(!c.flows() ? "no flow" : c.never() ? "never"
                : c.sometimes().isEmpty() ? "always" : "sometimes", 1, Integer::sum);
          }
        }
      }
    }
    System.out.println("MatrixByTablesTest: " + seen);
    for (String k : new String[] {"always", "sometimes", "never", "no flow"}) {
      assertTrue(seen.getOrDefault(k, 0) > 100, k + " " + seen);
    }
  }

  private static Matrix.Result fast(Network n, Matrix.By by) {
    return Matrix.computeCells(n, by, s -> true, s -> true, MatrixByTables.of(n));
  }

  private static Matrix.Result reference(Network n, Matrix.By by) {
    return Matrix.compute(n, by, s -> true, s -> true, Matrix.byEnumeration(n));
  }
}

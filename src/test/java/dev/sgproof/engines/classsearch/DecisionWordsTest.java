package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.ProofSteps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decision over a universe of at most 64 classes is made in words ({@link Decision#ofWord}):
 * on generated specs, for every obligation, combination and group set of its ends, with and
 * without tracking, on the network as it is and with its changes (an isolated group, each kind of
 * catch-all rules), it has the bits and the deciding rules, in order, of the decision made in bit
 * sets ({@link Decision#ofSets}).
 */
class DecisionWordsTest {
  private static final int SPECS = 100;

  @Test
  void decisionsInWordsAreThoseInBitSets() {
    long base = Property.baseSeed(0xDEC1L);
    System.out.println("DecisionWordsTest base seed " + base);
    int compared = 0;
    int deciding = 0;
    for (int i = 0; i < SPECS; i++) {
      long seed = base + i;
      Gen gen = new Gen(seed);
      Network n = new NetworkGen(i % 2 == 0 ? GenConfig.medium() : GenConfig.small()).network(gen);
      NetworkIndex ix = new NetworkIndex(n, Integer.MAX_VALUE);
      List<NetworkChanges> changes = new ArrayList<>(List.of(NetworkChanges.NONE));
      for (ProofSteps.CatchAll c : ProofSteps.CatchAll.values()) {
        changes.add(new NetworkChanges(null, null, c));
      }
      for (Group grp : n.groups()) {
        changes.add(new NetworkChanges(null, grp.name(), null));
        break;
      }
      for (Assertion a : AssertionGen.assertions(gen, n, 2)) {
        Classes classes = Classes.of(n, a);
        for (Obligation o : Obligation.of(a)) {
          for (NetworkChanges mods : changes) {
            for (boolean tracking : new boolean[] {true, false}) {
              ObligationSearch s = new ObligationSearch(ix, classes, o, mods, tracking);
              for (IpVersion v : IpVersion.values()) {
                Ends side = s.sides.get(v);
                if (side == null) {
                  continue;
                }
                for (int[] x : s.combinations()) {
                  if (!Protocols.fitsVersion(x[0], v)) {
                    continue;
                  }
                  for (Direction d : List.of(Direction.INGRESS, Direction.EGRESS)) {
                    boolean in = d == Direction.INGRESS;
                    Universe other = in ? side.src : side.dst;
                    if (other.size > 64) {
                      continue;
                    }
                    for (int id : in ? side.dstSets : side.srcSets) {
                      GroupSet g = ix.sets.get(id);
                      LiveRules live = side.live(g, d, v, n);
                      int[] matching = live.select(live.matching(x[0], x[1], x[2]));
                      java.util.BitSet notFlows = tracking ? side.notFlows(id, in) : null;
                      Decision words = Decision.ofWord(live, matching, other, v, n, g, d, mods,
                          tracking, notFlows);
                      Decision sets = Decision.ofSets(live, matching, other, v, n, g, d, mods,
                          tracking, notFlows);
                      String where = "seed " + seed + ", " + o.describe() + ", " + mods + ", "
                          + v + ", " + d + " of set " + id + ", protocol " + x[0] + " ports "
                          + x[2] + " -> " + x[1];
                      assertEquals(sets.allowed(), words.allowed(), where);
                      if (tracking) {
                        assertArrayEquals(sets.deciding(), words.deciding(), where);
                        deciding += sets.deciding().length;
                      }
                      compared++;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    System.out.println("DecisionWordsTest: " + compared + " decisions, " + deciding
        + " deciding rules");
    assertTrue(compared > 20_000 && deciding > 5_000, compared + " decisions, " + deciding);
  }
}

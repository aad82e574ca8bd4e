package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.AssertionGen;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.GenConfig;
import dev.sgproof.gen.NetworkGen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.query.Classes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which rules are live at a group set ({@link Ends#live}) is decided by {@link Universe#touches},
 * without building each peer's set of classes: on generated specs, for every endpoint, version
 * and peer of the network, it says whether the peer's set ({@link Universe#peer}) is non-empty,
 * asked before the set is built (on a fresh universe) and after.
 */
class UniverseTouchesTest {
  private static final int SPECS = 400;

  @Test
  void aPeerTouchesAUniverseExactlyWhenItMatchesSomeClass() {
    long base = Property.baseSeed(0x70C4L);
    System.out.println("UniverseTouchesTest base seed " + base);
    int asked = 0;
    int touching = 0;
    for (int i = 0; i < SPECS; i++) {
      long seed = base + i;
      Gen g = new Gen(seed);
      Network n = new NetworkGen(i % 2 == 0 ? GenConfig.medium() : GenConfig.small()).network(g);
      NetworkIndex ix = new NetworkIndex(n, Integer.MAX_VALUE);
      for (Assertion a : AssertionGen.assertions(g, n, 2)) {
        Classes classes = Classes.of(n, a);
        for (Endpoint e : List.of(a.left(), a.right())) {
          List<Classes.AddressClass> cls = classes.addressClasses(e);
          for (IpVersion v : IpVersion.values()) {
            Universe fresh = ix.universe(cls, v, false);
            Universe built = ix.universe(cls, v, false);
            for (int peer = 0; peer < ix.peers.size(); peer++) {
              boolean matches = !built.peer(peer, v, n).isEmpty();
              String where = "seed " + seed + ", " + e + ", " + v + ", peer " + ix.peers.get(peer);
              assertEquals(matches, fresh.touches(peer, v, n), where);
              assertEquals(matches, built.touches(peer, v, n), where + " (set built)");
              assertEquals(matches, fresh.touches(peer, v, n), where + " (asked again)");
              asked++;
              touching += matches ? 1 : 0;
            }
          }
        }
      }
    }
    System.out.println("UniverseTouchesTest: " + asked + " asked, " + touching + " touching");
    assertTrue(touching > 1_000 && asked - touching > 1_000, asked + " asked, " + touching);
  }
}

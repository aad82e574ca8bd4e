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
import dev.sgproof.model.Peer;
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
    int[] asked = new int[1];
    int[] touching = new int[1];
    forEachPeer(0x70C4L, "", (where, ix, n, v, cls, peer) -> {
      Universe fresh = ix.universe(cls, v, false);
      Universe built = ix.universe(cls, v, false);
      boolean matches = !built.peer(peer, v, n).isEmpty();
      assertEquals(matches, fresh.touches(peer, v, n), where);
      assertEquals(matches, built.touches(peer, v, n), where + " (set built)");
      assertEquals(matches, fresh.touches(peer, v, n), where + " (asked again)");
      asked[0]++;
      touching[0] += matches ? 1 : 0;
    });
    System.out.println("UniverseTouchesTest: " + asked[0] + " asked, " + touching[0] + " touching");
    assertTrue(touching[0] > 1_000 && asked[0] - touching[0] > 1_000,
        asked[0] + " asked, " + touching[0]);
  }

  /**
   * A peer's set of classes ({@link Universe#peer}, from the addresses and group sets the index
   * unpacked) holds exactly the classes inside a CIDR peer, or owned by a member of a group peer;
   * and in a universe of at most 64 classes, {@link Universe#peerWord} is that set as a word.
   */
  @Test
  void aPeersClassesAreThoseInsideItsCidrOrOwnedByItsGroupsMembers() {
    int[] matched = new int[1];
    int[] words = new int[1];
    forEachPeer(0x9EE5L, " peers", (where, ix, n, v, cls, peer) -> {
      Universe u = ix.universe(cls, v, false);
      java.util.BitSet expected = new java.util.BitSet();
      for (int k = 0; k < u.size; k++) {
        boolean in = ix.peers.get(peer) instanceof Peer.CidrPeer c
            ? c.cidr().version() == v && c.cidr().contains(u.cls[k].low())
            : u.nic[k] != null && n.members(((Peer.GroupPeer) ix.peers.get(peer))
                .group()).contains(u.nic[k]);
        expected.set(k, in);
      }
      assertEquals(expected, u.peer(peer, v, n), where);
      if (u.size <= 64) {
        long[] w = expected.toLongArray();
        assertEquals(w.length == 0 ? 0L : w[0], u.peerWord(peer, v, n), where);
        words[0]++;
      }
      matched[0] += expected.isEmpty() ? 0 : 1;
    });
    System.out.println("UniverseTouchesTest: " + matched[0] + " peers matching, " + words[0]
        + " words");
    assertTrue(matched[0] > 1_000 && words[0] > 1_000,
        matched[0] + " matching, " + words[0] + " words");
  }

  /** What is checked for one peer of the network on one endpoint's classes of one version. */
  private interface PeerCheck {
    void check(String where, NetworkIndex ix, Network n, IpVersion v,
        List<Classes.AddressClass> cls, int peer);
  }

  /**
   * The check for every peer of the network, on each endpoint of two generated assertions and
   * each version, over {@link #SPECS} generated specs (medium and small in turn).
   */
  private static void forEachPeer(long salt, String name, PeerCheck check) {
    long base = Property.baseSeed(salt);
    System.out.println("UniverseTouchesTest" + name + " base seed " + base);
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
            for (int peer = 0; peer < ix.peers.size(); peer++) {
              check.check("seed " + seed + ", " + e + ", " + v + ", peer " + ix.peers.get(peer),
                  ix, n, v, cls, peer);
            }
          }
        }
      }
    }
  }
}

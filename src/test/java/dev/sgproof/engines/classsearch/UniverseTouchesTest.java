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

  /**
   * A peer's set of classes ({@link Universe#peer}, from the addresses and group sets the index
   * unpacked) holds exactly the classes inside a CIDR peer, or owned by a member of a group peer;
   * and in a universe of at most 64 classes, {@link Universe#peerWord} is that set as a word.
   */
  @Test
  void aPeersClassesAreThoseInsideItsCidrOrOwnedByItsGroupsMembers() {
    long base = Property.baseSeed(0x9EE5L);
    System.out.println("UniverseTouchesTest peers base seed " + base);
    int matched = 0;
    int words = 0;
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
            Universe u = ix.universe(cls, v, false);
            for (int peer = 0; peer < ix.peers.size(); peer++) {
              java.util.BitSet expected = new java.util.BitSet();
              for (int k = 0; k < u.size; k++) {
                boolean in = ix.peers.get(peer) instanceof Peer.CidrPeer c
                    ? c.cidr().version() == v && c.cidr().contains(u.cls[k].low())
                    : u.nic[k] != null && n.members(((Peer.GroupPeer) ix.peers.get(peer))
                        .group()).contains(u.nic[k]);
                expected.set(k, in);
              }
              String where = "seed " + seed + ", " + e + ", " + v + ", peer " + ix.peers.get(peer);
              assertEquals(expected, u.peer(peer, v, n), where);
              if (u.size <= 64) {
                long[] w = expected.toLongArray();
                assertEquals(w.length == 0 ? 0L : w[0], u.peerWord(peer, v, n), where);
                words++;
              }
              matched += expected.isEmpty() ? 0 : 1;
            }
          }
        }
      }
    }
    System.out.println("UniverseTouchesTest: " + matched + " peers matching, " + words + " words");
    assertTrue(matched > 1_000 && words > 1_000, matched + " matching, " + words + " words");
  }
}

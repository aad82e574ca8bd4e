package dev.sgproof.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Property;
import dev.sgproof.model.IpVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reach keeps, per IP version, only whether an endpoint has no NIC, one (which) or several. The
 * emptiness check must answer exactly as it did with the full sets of NIC names: whether two sides
 * pair, and, when they do not, whether both sides are the same NICs (a NIC talking to itself).
 */
class ReachTest {
  private static final long SEED = Property.baseSeed(20261130L);
  private static final List<String> IDS = List.of("a", "b", "c");

  /** The endpoint as the full sets, as Reach was before. */
  private record Full(Set<String> v4, Set<String> v6, boolean v4External, boolean v6External) {
    Set<String> nics(IpVersion v) {
      return v == IpVersion.V4 ? v4 : v6;
    }

    boolean external(IpVersion v) {
      return v == IpVersion.V4 ? v4External : v6External;
    }

    boolean pairs(Full to, IpVersion v) {
      Set<String> a = nics(v);
      Set<String> b = to.nics(v);
      boolean nicToNic = !a.isEmpty() && !b.isEmpty() && !(a.size() == 1 && a.equals(b));
      return nicToNic || (!a.isEmpty() && to.external(v)) || (external(v) && !b.isEmpty());
    }
  }

  private static Set<String> someIds(Random r) {
    Set<String> s = new LinkedHashSet<>();
    int n = r.nextInt(4) == 0 ? 0 : r.nextInt(IDS.size() + 1);
    for (int i = 0; i < n; i++) {
      s.add(IDS.get(r.nextInt(IDS.size())));
    }
    return s;
  }

  /** The compact form, built the way the resolver builds it: one owner at a time, repeats too. */
  private static Reach.Nics compact(Set<String> ids, Random r) {
    List<String> seen = new ArrayList<>(ids);
    seen.addAll(ids);
    Collections.shuffle(seen, r);
    Reach.Nics n = Reach.Nics.NONE;
    for (String id : seen) {
      n = n.plus(id);
    }
    return n;
  }

  @Test
  void theCompactFormAnswersTheEmptinessCheckAsTheFullSetsDo() {
    Random seeds = new Random(SEED);
    for (int i = 0; i < Fuzz.cases(20_000); i++) {
      long seed = seeds.nextLong();
      Random r = new Random(seed);
      Full fl = new Full(someIds(r), someIds(r), r.nextBoolean(), r.nextBoolean());
      Full fr = new Full(someIds(r), someIds(r), r.nextBoolean(), r.nextBoolean());
      Reach left = new Reach(compact(fl.v4(), r), compact(fl.v6(), r), fl.v4External(),
          fl.v6External());
      Reach right = new Reach(compact(fr.v4(), r), compact(fr.v6(), r), fr.v4External(),
          fr.v6External());
      String where = "seed " + SEED + "/" + seed + ": " + fl + " -> " + fr;
      assertEquals(!fl.v4().isEmpty() || !fl.v6().isEmpty(), left.hasNic(), where);
      boolean anyPair = false;
      for (IpVersion v : IpVersion.values()) {
        assertEquals(fl.pairs(fr, v), left.pairs(right, v), where + " " + v);
        anyPair |= fl.pairs(fr, v);
        assertEquals(fl.nics(v).size() == 1 ? fl.nics(v).iterator().next() : null,
            left.nics(v).only(), where);
        assertEquals(fl.nics(v).size() > 1, left.nics(v).several(), where);
      }
      if (!anyPair) {
        // where the check explains an empty assertion, "the same NICs" is decided exactly
        for (IpVersion v : IpVersion.values()) {
          assertEquals(fl.nics(v).equals(fr.nics(v)), left.nics(v).sameAs(right.nics(v)),
              where + " " + v);
        }
      }
    }
  }
}

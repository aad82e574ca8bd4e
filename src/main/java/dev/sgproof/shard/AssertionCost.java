package dev.sgproof.shard;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deterministic estimate of what verifying an assertion costs, from the model alone (never the
 * machine, the engine or {@code --jobs}), for balancing shards: {@code (1 + rules of the left's
 * group sets + rules of the right's) x group sets on the left x group sets on the right}, doubled
 * for {@code <->}. An endpoint's group sets are the distinct sets of groups of the NICs it
 * covers, plus one for its external addresses (a CIDR not wholly owned by NICs, {@code
 * internet}, {@code external}); the rules of a group set are the rules of its groups. This follows what the
 * engines decide: one decision per pair of group sets, over the port classes their rules cut.
 */
public final class AssertionCost {
  private static final long CAP = Long.MAX_VALUE / 4;

  private final Network network;
  /** The group-set number of each NIC, by NIC id. */
  private final Map<String, Integer> setOfNic = new HashMap<>();
  /** The rules of each group set. */
  private final List<Long> rulesOfSet = new ArrayList<>();
  /** Every NIC address, to the NIC's id. */
  private final TreeMap<IpAddress, String> owners = new TreeMap<>();
  private final Map<Endpoint, long[]> sides = new HashMap<>();

  public AssertionCost(Network network) {
    this.network = network;
    Map<List<String>, Integer> sets = new HashMap<>();
    for (Nic n : network.nics()) {
      List<String> key = n.groups().stream().sorted().distinct().toList();
      Integer id = sets.get(key);
      if (id == null) {
        id = rulesOfSet.size();
        sets.put(key, id);
        long rules = 0;
        for (String g : key) {
          rules += network.group(g).map(Group::rules).map(List::size).orElse(0);
        }
        rulesOfSet.add(rules);
      }
      setOfNic.put(n.id(), id);
      for (IpAddress a : n.addresses()) {
        owners.put(a, n.id());
      }
    }
  }

  /** The estimate for one assertion of this network; at least 1. */
  public long of(Assertion a) {
    long[] l = side(a.left());
    long[] r = side(a.right());
    long c = times(times(Math.min(CAP, 1 + l[0] + r[0]), l[1]), r[1]);
    return a.kind().bidirectional() ? times(c, 2) : c;
  }

  /** {rules, group sets} of an endpoint (at least one set). */
  private long[] side(Endpoint e) {
    return sides.computeIfAbsent(e, this::computeSide);
  }

  private long[] computeSide(Endpoint e) {
    BitSet sets = new BitSet();
    boolean external;
    if (e instanceof Endpoint.CidrEndpoint ce) {
      Cidr c = ce.cidr();
      var inside = owners.subMap(c.first(), true, c.last(), true);
      for (String nic : inside.values()) {
        sets.set(setOfNic.get(nic));
      }
      int free = c.version().bits() - c.prefix();
      external = BigInteger.ONE.shiftLeft(free).compareTo(BigInteger.valueOf(inside.size())) > 0;
    } else if (e instanceof Endpoint.InstanceEndpoint || e instanceof Endpoint.NicEndpoint
        || e instanceof Endpoint.GroupEndpoint) {
      for (Nic n : network.nicsOf(e)) {
        sets.set(setOfNic.get(n.id()));
      }
      external = false;
    } else {
      external = true; // internet, external: addresses no NIC owns
    }
    long rules = 0;
    for (int s = sets.nextSetBit(0); s >= 0; s = sets.nextSetBit(s + 1)) {
      rules = Math.min(CAP, rules + rulesOfSet.get(s));
    }
    long count = sets.cardinality() + (external ? 1 : 0);
    return new long[] {rules, Math.max(1, count)};
  }

  private static long times(long a, long b) {
    return b != 0 && a > CAP / b ? CAP : a * b;
  }
}

package dev.sgproof.smt;

import static dev.sgproof.model.SortedNumbers.lowerBound;

import dev.sgproof.model.Direction;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the translation needs to know about a network before any question, computed once per
 * network and kept across Z3 contexts (it holds no Z3 object): the distinct group sets of the NICs
 * (NICs with the same groups share one policy per direction, semantics.md sections 4-6), each
 * rule's number, and every NIC address sorted by value, to find the NICs inside a CIDR and to
 * write address sets as ranges.
 */
final class NetworkShape {
  /** One distinct list of groups (in a NIC's order) and what its policy is made of. */
  record GroupSet(int id, List<Group> groups, GroupType type, List<Group> fellows,
      List<Rule> ingress, List<Rule> egress) {
    List<Rule> rules(Direction d) {
      return d == Direction.INGRESS ? ingress : egress;
    }

    /** By number: a shape numbers its group sets apart. */
    @Override
    public boolean equals(Object o) {
      return o instanceof GroupSet s && s.id == id;
    }

    @Override
    public int hashCode() {
      return id;
    }
  }

  private final Network network;
  private final List<GroupSet> sets = new ArrayList<>();
  private final Map<Nic, GroupSet> setOf = new IdentityHashMap<>();
  private final Map<Rule, Integer> ruleIndex = new IdentityHashMap<>();
  private final List<Rule> rules = new ArrayList<>();
  /** Per version: every NIC address sorted by value, and its owner. */
  private final Map<IpVersion, BigInteger[]> values = new HashMap<>();
  private final Map<IpVersion, Nic[]> owners = new HashMap<>();

  NetworkShape(Network network) {
    this.network = network;
    for (Group g : network.groups()) {
      for (Rule r : g.rules()) {
        ruleIndex.put(r, rules.size());
        rules.add(r);
      }
    }
    Map<List<String>, GroupSet> byNames = new HashMap<>();
    for (Nic n : network.nics()) {
      GroupSet s = byNames.get(n.groups());
      if (s == null) {
        List<Group> gs = network.groupsOf(n);
        List<Group> fellows = new ArrayList<>();
        List<Rule> in = new ArrayList<>();
        List<Rule> out = new ArrayList<>();
        for (Group g : gs) {
          if (g.type() == GroupType.BASIC && g.policy() == Policy.INTERCONNECTED) {
            fellows.add(g);
          }
          for (Rule r : g.rules()) {
            (r.direction() == Direction.INGRESS ? in : out).add(r);
          }
        }
        GroupType type = gs.isEmpty() ? GroupType.BASIC : gs.get(0).type();
        s = new GroupSet(sets.size(), List.copyOf(gs), type, List.copyOf(fellows),
            List.copyOf(in), List.copyOf(out));
        sets.add(s);
        byNames.put(List.copyOf(n.groups()), s);
      }
      setOf.put(n, s);
    }
    for (IpVersion v : IpVersion.values()) {
      List<IpAddress> all = new ArrayList<>();
      for (Nic n : network.nics()) {
        for (IpAddress a : n.addresses()) {
          if (a.version() == v) {
            all.add(a);
          }
        }
      }
      all.sort(Comparator.comparing(IpAddress::value));
      BigInteger[] vs = new BigInteger[all.size()];
      Nic[] os = new Nic[all.size()];
      for (int i = 0; i < vs.length; i++) {
        vs[i] = all.get(i).value();
        os[i] = network.owner(all.get(i)).orElseThrow();
      }
      values.put(v, vs);
      owners.put(v, os);
    }
  }

  Network network() {
    return network;
  }

  GroupSet groupSet(Nic n) {
    return setOf.get(n);
  }

  /** The rule's number in spec order (groups in declaration order, then their rules). */
  int index(Rule r) {
    Integer i = ruleIndex.get(r);
    if (i == null) {
      throw new IllegalStateException("rule not in the network: " + r);
    }
    return i;
  }

  /** Every rule of the network in spec order. */
  List<Rule> rules() {
    return rules;
  }

  /** Every NIC address of the version in [low, high], ascending. */
  List<IpAddress> addressesWithin(IpVersion v, BigInteger low, BigInteger high) {
    BigInteger[] vs = values.get(v);
    int from = lowerBound(vs, low);
    int to = lowerBound(vs, high.add(BigInteger.ONE));
    List<IpAddress> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      out.add(IpAddress.of(v, vs[i]));
    }
    return out;
  }

  /** Whether some NIC address of the version lies in [low, high]. */
  boolean anyAddressWithin(IpVersion v, BigInteger low, BigInteger high) {
    BigInteger[] vs = values.get(v);
    int from = lowerBound(vs, low);
    return from < vs.length && vs[from].compareTo(high) <= 0;
  }

  /** How many NIC addresses of the version lie in [low, high]. */
  int countWithin(IpVersion v, BigInteger low, BigInteger high) {
    BigInteger[] vs = values.get(v);
    return lowerBound(vs, high.add(BigInteger.ONE)) - lowerBound(vs, low);
  }

  /** The owners of the NIC addresses of the version in [low, high], in address order. */
  List<Nic> ownersWithin(IpVersion v, BigInteger low, BigInteger high) {
    BigInteger[] vs = values.get(v);
    Nic[] os = owners.get(v);
    int from = lowerBound(vs, low);
    int to = lowerBound(vs, high.add(BigInteger.ONE));
    return Arrays.asList(os).subList(from, Math.max(from, to));
  }

  /** Every NIC address of the version, ascending. */
  List<IpAddress> allAddresses(IpVersion v) {
    BigInteger[] vs = values.get(v);
    List<IpAddress> out = new ArrayList<>(vs.length);
    for (BigInteger x : vs) {
      out.add(IpAddress.of(v, x));
    }
    return out;
  }

}

package dev.sgproof.engines.classsearch;

import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules that decide at least one flow of an assertion at some NIC ({@link
 * dev.sgproof.query.Engine#decidedBy}), from the class search's tracked decisions: every
 * protocol and port combination of every obligation, every group set of its ends (the decisions
 * of the network as it is, {@link ObligationSearch#asIs}, shared with the violations and the
 * first dependsOn search of the same problem).
 */
final class DecidingRules {
  private DecidingRules() {}

  static List<Rule> of(NetworkIndex index, Problem p, ProblemSearches searches) {
    Network n = index.network;
    Set<Rule> deciding = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Obligation o : p.obligations()) {
      ObligationSearch search = searches.of(index, p, o);
      Set<Decision> used = Collections.newSetFromMap(new IdentityHashMap<>());
      // The decision last seen at each place, by version: a combination's decisions have the
      // same places in each (ingress by destination set, then egress by source set), and the
      // next combination mostly has the same one there, which need not be looked up.
      Decision[][] last = new Decision[IpVersion.values().length][];
      for (int c = 0; c < search.combinations().size(); c++) {
        for (IpVersion v : IpVersion.values()) {
          Combination k = search.asIs(c, v);
          if (k == null) {
            continue;
          }
          Decision[] at = last[v.ordinal()];
          if (at == null || at.length != k.decisions.length) {
            at = new Decision[k.decisions.length];
            last[v.ordinal()] = at;
          }
          for (int i = 0; i < k.decisions.length; i++) {
            Decision d = k.decisions[i];
            if (d != at[i]) {
              at[i] = d;
              if (used.add(d)) {
                Collections.addAll(deciding, d.deciding());
              }
            }
          }
        }
      }
    }
    // In spec order (sorting the few deciding rules, rather than filtering every rule of the
    // network for each assertion), each rule's place looked up once: a comparator reading the
    // map twice per comparison was 3 % of the account preset's JSON run. A place and the
    // rule's index in one long, sorted as numbers.
    List<Rule> rules = new ArrayList<>(deciding);
    Map<Rule, Integer> order = index.specOrder();
    long[] keys = new long[rules.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (long) order.get(rules.get(i)) << 32 | i;
    }
    java.util.Arrays.sort(keys);
    List<Rule> out = new ArrayList<>(keys.length);
    for (long k : keys) {
      out.add(rules.get((int) k));
    }
    return out;
  }
}

package dev.sgproof.engines.classsearch;

import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Classes;
import dev.sgproof.query.Obligation;
import dev.sgproof.query.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The rules that decide at least one flow of an assertion at some NIC ({@link
 * dev.sgproof.query.Engine#decidedBy}), from the class search's tracked decisions: every
 * protocol and port combination of every obligation, every group set of its ends.
 */
final class DecidingRules {
  private DecidingRules() {}

  static List<Rule> of(NetworkIndex index, Problem p) {
    Network n = index.network;
    Classes classes = p.classes();
    Set<Rule> deciding = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Obligation o : p.obligations()) {
      ObligationSearch search = new ObligationSearch(index, classes, o, NetworkChanges.NONE, true);
      Set<Decision> used = Collections.newSetFromMap(new IdentityHashMap<>());
      for (int protocol : Classes.PROTOCOLS) {
        boolean ported = Protocols.hasPorts(protocol);
        for (int dport : ported ? classes.dstPorts() : List.of(0)) {
          if (o.traffic().contains(protocol, dport) == o.outsideTraffic()) {
            continue;
          }
          for (int sport : ported ? classes.srcPorts() : List.of(0)) {
            for (IpVersion v : IpVersion.values()) {
              Ends side = search.sides.get(v);
              if (side != null && Protocols.fitsVersion(protocol, v)) {
                new Combination(index, n, side, v, protocol, dport, sport, null, deciding, used);
              }
            }
          }
        }
      }
    }
    List<Rule> out = new ArrayList<>();
    n.groups().forEach(g -> g.rules().stream().filter(deciding::contains).forEach(out::add));
    return out;
  }
}

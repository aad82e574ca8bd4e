package dev.sgproof.query;

import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.semantics.Evaluator;
import dev.sgproof.semantics.LostRule;
import dev.sgproof.semantics.NicDecision;
import dev.sgproof.semantics.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The rules that decide at least one flow of an assertion at some NIC ({@link Engine#decidedBy}),
 * the reference way: one representative flow per class of every obligation, evaluated; at each
 * NIC the deciding rule and every rule that ties with it (same priority, same action).
 */
public final class DecidedByEnumeration {
  private DecidedByEnumeration() {}

  public static List<Rule> of(Network n, Evaluator ev, Classes classes,
      List<Obligation> obligations) {
    Set<Rule> deciding = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Obligation o : obligations) {
      for (int p : Classes.PROTOCOLS) {
        boolean ported = Protocols.hasPorts(p);
        for (IpAddress s : classes.addresses(o.source())) {
          for (IpAddress d : classes.addresses(o.destination())) {
            if (s.version() != d.version() || !Protocols.fitsVersion(p, s.version())) {
              continue;
            }
            for (int dp : ported ? classes.dstPorts() : List.of(0)) {
              for (int sp : ported ? classes.srcPorts() : List.of(0)) {
                Flow f = new Flow(s, d, p, sp, dp);
                if (!o.contains(n, f)) {
                  continue;
                }
                for (NicDecision nd : ev.evaluate(f).steps()) {
                  if (nd.decidedBy() instanceof Step.CustomRule cr) {
                    deciding.add(cr.rule());
                    for (LostRule l : nd.lost()) {
                      if (l.reason() == LostRule.Reason.SAME_DECISION) {
                        deciding.add(l.rule());
                      }
                    }
                  }
                }
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

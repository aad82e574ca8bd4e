package dev.sgproof.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sgproof.model.Action;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.PublicSpace;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Obligation;
import dev.sgproof.semantics.Decision;
import dev.sgproof.semantics.LostRule;
import dev.sgproof.semantics.NicDecision;
import dev.sgproof.semantics.Step;

/**
 * {@code sgproof explain}: the concrete evaluator's account of one flow, at each NIC the step
 * that decided and every rule that matched and lost, each with the file and line it is written
 * at.
 */
public final class FlowExplanation {
  private FlowExplanation() {}

  /** The end of a flow as reports name it: the owning NIC's id, or {@code external}. */
  static String end(Network n, dev.sgproof.model.IpAddress a) {
    return n.owner(a).map(Nic::id).orElse("external");
  }

  public static String text(Network n, Decision d) {
    dev.sgproof.model.Flow f = d.flow();
    StringBuilder b = new StringBuilder();
    b.append(f).append(" (").append(end(n, f.src())).append(" -> ").append(end(n, f.dst()))
        .append("): ").append(d.permitted() ? "permitted" : "denied").append('\n');
    externalEnd(b, n, "source", f.src());
    externalEnd(b, n, "destination", f.dst());
    for (NicDecision s : d.steps()) {
      b.append("  ").append(s.nic().id()).append(' ').append(s.direction()).append(": ")
          .append(s.allowed() ? "allow" : "deny").append(' ').append(step(s.decidedBy()))
          .append('\n');
      for (LostRule l : s.lost()) {
        b.append("      matched and lost: ").append(rule(l.rule())).append(" (")
            .append(l.reason().text()).append(")\n");
      }
    }
    return b.toString();
  }

  /**
   * For an end no NIC owns, which endpoints hold it: {@code external} always, {@code internet}
   * only in public address space (so whether {@code internet -> X} assertions cover the flow).
   */
  private static void externalEnd(StringBuilder b, Network n, String side, IpAddress a) {
    if (n.owner(a).isPresent()) {
      return;
    }
    b.append("  ").append(side).append(' ').append(a).append(PublicSpace.contains(a)
        ? " is in internet and external (no NIC owns it; public address space)\n"
        : " is in external, not in internet (no NIC owns it; not public address space)\n");
  }

  private static String step(Step s) {
    if (s instanceof Step.IntraGroup ig) {
      return "by the intra-group allow of group " + ig.group().name() + " ("
          + ig.sourceNic().id() + " is a member too; " + ig.group().span().position() + ")";
    }
    if (s instanceof Step.CustomRule cr) {
      return "by " + rule(cr.rule());
    }
    GroupType t = ((Step.Default) s).type();
    return "by the default of " + (t == GroupType.BASIC ? "a basic" : "an advanced")
        + " group (no rule matched)";
  }

  /** {@code the rule of group Db at net.sg:6 priority 1: ingress allow tcp 5432 from group Web}. */
  static String rule(Rule r) {
    return (r.legacy() ? "the legacy default rule of group " : "the rule of group ") + r.group()
        + " at " + r.span().file() + ":" + r.line() + " priority " + r.priority() + ": "
        + r.text();
  }

  public static String json(Network n, Decision d) {
    ObjectNode root = Json.object();
    JsonReport.flowFields(root, n, d.flow());
    root.put("fromInternet", Obligation.covers(n, new Endpoint.InternetEndpoint(), d.flow().src()));
    root.put("toInternet", Obligation.covers(n, new Endpoint.InternetEndpoint(), d.flow().dst()));
    root.put("permitted", d.permitted());
    ArrayNode steps = root.putArray("steps");
    for (NicDecision s : d.steps()) {
      ObjectNode o = steps.addObject();
      o.put("nic", s.nic().id());
      o.put("direction", s.direction().toString());
      o.put("allowed", s.allowed());
      ObjectNode by = o.putObject("decidedBy");
      if (s.decidedBy() instanceof Step.IntraGroup ig) {
        by.put("kind", "intra-group");
        by.put("group", ig.group().name());
        by.put("sourceNic", ig.sourceNic().id());
      } else if (s.decidedBy() instanceof Step.CustomRule cr) {
        by.put("kind", cr.rule().legacy() ? "legacy-rule" : "rule");
        rule(by, cr.rule());
      } else {
        by.put("kind", "default");
      }
      ArrayNode lost = o.putArray("lost");
      for (LostRule l : s.lost()) {
        ObjectNode x = lost.addObject();
        rule(x, l.rule());
        x.put("reason", l.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      }
      o.put("trace", s.describe());
    }
    return Json.render(root);
  }

  private static void rule(ObjectNode o, Rule r) {
    o.put("group", r.group());
    o.put("file", r.span().file());
    o.put("line", r.line());
    o.put("priority", r.priority());
    o.put("action", r.action() == Action.ALLOW ? "allow" : "deny");
    o.put("rule", r.text());
  }
}

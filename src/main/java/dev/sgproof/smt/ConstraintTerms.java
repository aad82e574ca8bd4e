package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import java.util.ArrayList;
import java.util.List;

/** {@link FlowConstraint}s as terms over the flow variables. */
final class ConstraintTerms {
  private ConstraintTerms() {}

  static BoolExpr of(FlowTerms e, FlowConstraint c) {
    if (c instanceof FlowConstraint.ProtocolIs p) {
      return e.eq(e.proto, e.protoNum(p.protocol()));
    }
    if (c instanceof FlowConstraint.PortIn p) {
      return e.inRange(e.port(p.side()), p.range());
    }
    if (c instanceof FlowConstraint.PortAtMost p) {
      return e.portAtMost(e.port(p.side()), p.high());
    }
    if (c instanceof FlowConstraint.AddressIs a) {
      return e.addressIs(a.side(), a.address());
    }
    if (c instanceof FlowConstraint.AddressAtMost a) {
      return e.addressAtMost(a.side(), a.high());
    }
    if (c instanceof FlowConstraint.AddressAmong a) {
      return e.inAddresses(a.side(), a.addresses().subList(0, a.count()));
    }
    if (c instanceof FlowConstraint.AnyOf any) {
      return e.or(all(e, any.parts()));
    }
    if (c instanceof FlowConstraint.AllOf every) {
      return e.and(all(e, every.parts()));
    }
    return e.not(of(e, ((FlowConstraint.Not) c).part()));
  }

  private static List<BoolExpr> all(FlowTerms e, List<FlowConstraint> cs) {
    List<BoolExpr> out = new ArrayList<>(cs.size());
    for (FlowConstraint c : cs) {
      out.add(of(e, c));
    }
    return out;
  }
}

package dev.sgproof.smt;

import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Model;
import com.microsoft.z3.Solver;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Flow;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Classes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns a broken query into a readable, deterministic counterexample. Preferences are extra
 * assumptions tried in order, each kept only when the query stays broken with it, so they never
 * change the verdict: protocol (tcp, udp, icmp, icmpv6, gre, other as 132), IPv4, the assertion's
 * own destination ports, source port 49152, a NIC's first address, and for an external address the
 * first address of the narrowest range around it (not the all-zeros address).
 */
final class Counterexamples {
  /** How many NICs of an endpoint are tried, in order, for the source or destination. */
  private static final int NIC_TRIES = 4;

  private final Encoding e;
  private final Solver solver;
  private final List<BoolExpr> kept = new ArrayList<>();
  private Model model;

  private Counterexamples(Encoding e, BoolExpr guard, Model model) {
    this.e = e;
    this.solver = e.solver();
    this.kept.add(guard);
    this.model = model;
  }

  /** The counterexample of a query the solver just found broken under {@code guard}. */
  static Flow find(Encoding e, BoolExpr guard, Assertion a, Endpoint source, Endpoint destination) {
    Counterexamples c = new Counterexamples(e, guard, e.solver().getModel());
    c.refine(a, source, destination);
    return c.decode();
  }

  private void refine(Assertion a, Endpoint source, Endpoint destination) {
    List<BoolExpr> protocols = new ArrayList<>();
    for (int p : Classes.PROTOCOLS) {
      protocols.add(e.eq(e.proto, e.protoNum(p)));
    }
    prefer(protocols);
    prefer(List.of(e.version(IpVersion.V4)));
    if (Protocols.hasPorts(intValue(e.proto))) {
      List<BoolExpr> ports = new ArrayList<>();
      for (PortRange r : a.traffic().ports()) {
        ports.add(e.eq(e.dport, e.portNum(r.low())));
      }
      prefer(ports);
      minimise(e.dport, 16);
      prefer(List.of(e.eq(e.sport, e.portNum(Classes.PREFERRED_SOURCE_PORT))));
      minimise(e.sport, 16);
    }
    preferAddress(Encoding.Side.SRC, source);
    preferAddress(Encoding.Side.DST, destination);
  }

  private void preferAddress(Encoding.Side side, Endpoint ep) {
    Network n = e.network();
    IpAddress current = address(side);
    List<BoolExpr> tries = new ArrayList<>();
    List<Nic> nics = n.nicsOf(ep);
    for (int i = 0; i < Math.min(NIC_TRIES, nics.size()); i++) {
      tries.add(e.addressIs(side, nics.get(i).primary()));
    }
    Optional<Nic> owner = n.owner(current);
    if (owner.isPresent()) {
      tries.add(e.addressIs(side, owner.get().primary()));
    } else {
      for (IpAddress a : externalChoices(n, ep, current)) {
        tries.add(e.addressIs(side, a));
      }
    }
    prefer(tries);
  }

  /** First addresses of the ranges that contain the address, narrowest first. */
  private static List<IpAddress> externalChoices(Network n, Endpoint ep, IpAddress a) {
    TreeSet<Cidr> ranges =
        new TreeSet<>(Comparator.comparingInt(Cidr::prefix).reversed().thenComparing(Comparator.<Cidr>naturalOrder()));
    for (Group g : n.groups()) {
      for (Rule r : g.rules()) {
        if (r.peer() instanceof Peer.CidrPeer c && c.cidr().contains(a)) {
          ranges.add(c.cidr());
        }
      }
    }
    if (ep instanceof Endpoint.CidrEndpoint c) {
      ranges.add(c.cidr());
    }
    ranges.add(a.isV4() ? Cidr.ANY_V4 : Cidr.ANY_V6);
    List<IpAddress> out = new ArrayList<>();
    for (Cidr c : ranges) {
      IpAddress first = c.first();
      if (first.value().signum() == 0 && !c.isHost()) {
        first = IpAddress.of(first.version(), BigInteger.ONE);
      }
      out.add(first);
    }
    return out;
  }

  /**
   * Takes the first alternative that keeps the query broken; none when none does. The model in
   * hand satisfies every kept assumption, so an alternative it already satisfies costs no query.
   */
  private void prefer(List<BoolExpr> alternatives) {
    for (BoolExpr alt : alternatives) {
      kept.add(alt);
      if (model.eval(alt, true).isTrue()) {
        return; // the current model already satisfies it: no query needed
      }
      if (Answer.of(solver.check(kept.toArray(new BoolExpr[0]))) == Answer.BROKEN) {
        model = solver.getModel();
        return;
      }
      kept.remove(kept.size() - 1);
    }
  }

  /**
   * The smallest value of the variable under the kept assumptions, bit by bit from the top, so
   * the choice does not depend on the solver's history.
   */
  private void minimise(com.microsoft.z3.BitVecExpr x, int bits) {
    for (int b = bits - 1; b >= 0; b--) {
      prefer(List.of(e.eq(e.ctx().mkExtract(b, b, x), e.ctx().mkBV(0, 1))));
    }
  }

  private int intValue(com.microsoft.z3.BitVecExpr x) {
    return ((BitVecNum) model.eval(x, true)).getInt();
  }

  private IpAddress address(Encoding.Side side) {
    IpVersion v = model.eval(e.v6, true).isTrue() ? IpVersion.V6 : IpVersion.V4;
    BigInteger value = ((BitVecNum) model.eval(e.address(side), true)).getBigInteger();
    return IpAddress.of(v, value);
  }

  private Flow decode() {
    return new Flow(
        address(Encoding.Side.SRC),
        address(Encoding.Side.DST),
        intValue(e.proto),
        intValue(e.sport),
        intValue(e.dport));
  }
}

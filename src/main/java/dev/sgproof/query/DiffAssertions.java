package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Spec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The assertions of either version of a diff and what their verdicts need (language.md, "Diff"):
 * each assertion of NEW, then each of OLD that NEW does not hold (the same label and text), with
 * whether it applies to the other version's network (it names nothing that network lacks, no
 * endpoint is empty and it has flows there) and whether its verdict can differ at all between the
 * two networks. It cannot when its flows are the same flows in both versions and the change opens
 * or closes none of them ({@link DiffFlows#of}): each is then decided alike.
 */
public final class DiffAssertions {
  private DiffAssertions() {}

  /**
   * One assertion: the spec file it is written in, whether that is OLD, why it has no verdict on
   * each network (empty: it applies there), and whether its verdict may change.
   */
  public record Item(String file, Assertion assertion, boolean ofOld, Optional<String> notOnOld,
      Optional<String> notOnNew, boolean mayChange) {
    public Item {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(assertion, "assertion");
      Objects.requireNonNull(notOnOld, "notOnOld");
      Objects.requireNonNull(notOnNew, "notOnNew");
    }

    /** Whether its verdicts must be computed: it may change, or it applies on one side only. */
    public boolean needed() {
      return mayChange || notOnOld.isPresent() != notOnNew.isPresent();
    }
  }

  /**
   * A verdict that changes: the word on each side ({@code proved}, {@code refuted}, {@code
   * unknown}), or empty with a note saying why the assertion has no verdict there.
   */
  public record Change(String file, Assertion assertion, Optional<String> oldVerdict,
      Optional<String> newVerdict, Optional<String> oldNote, Optional<String> newNote) {
    public Change {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(assertion, "assertion");
      Objects.requireNonNull(oldVerdict, "oldVerdict");
      Objects.requireNonNull(newVerdict, "newVerdict");
      Objects.requireNonNull(oldNote, "oldNote");
      Objects.requireNonNull(newNote, "newNote");
    }
  }

  /**
   * The assertions of both versions, NEW's first, each once; {@code flows} the flows the change
   * opens and closes ({@link DiffFlows#of}).
   */
  public static List<Item> plan(Spec old, Spec neu, DiffFlows.Changes flows) {
    Reach reach = new Reach(old.network(), neu.network(), flows);
    List<Item> out = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    // The cuts every assertion on a network shares, computed once per network.
    SharedClasses onOld = new SharedClasses();
    SharedClasses onNew = new SharedClasses();
    for (Assertion a : neu.assertions()) {
      seen.add(List.of(a.label(), a.text()));
      out.add(item(neu.file(), a, false, old, neu, reach, onOld, onNew));
    }
    for (Assertion a : old.assertions()) {
      if (!seen.contains(List.of(a.label(), a.text()))) {
        out.add(item(old.file(), a, true, old, neu, reach, onOld, onNew));
      }
    }
    return out;
  }

  private static Item item(String file, Assertion a, boolean ofOld, Spec old, Spec neu,
      Reach reach, SharedClasses onOld, SharedClasses onNew) {
    Optional<String> notOnOld = ofOld ? Optional.empty()
        : whyNot(old.network(), a, old.file(), onOld);
    Optional<String> notOnNew = ofOld ? whyNot(neu.network(), a, neu.file(), onNew)
        : Optional.empty();
    boolean may = notOnOld.isEmpty() && notOnNew.isEmpty() && reach.mayChange(a);
    return new Item(file, a, ofOld, notOnOld, notOnNew, may);
  }

  /**
   * Why the assertion has no verdict on the network (as the resolver would refuse it there: an
   * unknown name, an empty endpoint, no flow), or empty when it has one.
   */
  public static Optional<String> whyNot(Network n, Assertion a, String file) {
    return whyNot(n, a, file, new SharedClasses());
  }

  private static Optional<String> whyNot(Network n, Assertion a, String file,
      SharedClasses shared) {
    for (Endpoint e : List.of(a.left(), a.right())) {
      if (e instanceof Endpoint.InstanceEndpoint ie && n.instance(ie.instance()).isEmpty()) {
        return Optional.of("instance " + ie.instance() + " does not exist in " + file);
      }
      if (e instanceof Endpoint.NicEndpoint ne && n.nic(ne.nicId()).isEmpty()) {
        return Optional.of("NIC " + ne.nicId() + " does not exist in " + file);
      }
      if (e instanceof Endpoint.GroupEndpoint ge) {
        if (n.group(ge.group()).isEmpty()) {
          return Optional.of("group " + ge.group() + " does not exist in " + file);
        }
        if (n.members(ge.group()).isEmpty()) {
          return Optional.of("group " + ge.group() + " has no member NIC in " + file);
        }
      }
    }
    Classes classes = shared.of(n, a);
    for (IpVersion v : IpVersion.values()) {
      if (!a.traffic().fits(v)) {
        continue;
      }
      if (pairs(n, classes.addressClasses(a.left()), classes.addressClasses(a.right()), v)) {
        return Optional.empty();
      }
    }
    return Optional.of("the assertion has no flow in " + file);
  }

  /** Whether some flow of the version goes from a class of one list to a class of the other. */
  private static boolean pairs(Network n, List<Classes.AddressClass> left,
      List<Classes.AddressClass> right, IpVersion v) {
    // By identity: a NIC's record hash reads all its addresses and groups.
    Set<Nic> l = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Set<Nic> r = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    boolean lExt = ends(n, left, v, l);
    boolean rExt = ends(n, right, v, r);
    return lExt && !r.isEmpty() || rExt && !l.isEmpty()
        || !l.isEmpty() && !r.isEmpty() && !(l.size() == 1 && l.equals(r));
  }

  /** Collects the NICs of the classes of the version; whether an external class is among them. */
  private static boolean ends(Network n, List<Classes.AddressClass> classes, IpVersion v,
      Set<Nic> nics) {
    boolean external = false;
    for (Classes.AddressClass c : classes) {
      if (c.low().version() != v) {
        continue;
      }
      if (!c.nic()) {
        external = true;
        continue;
      }
      Optional<Nic> owner = n.owner(c.representative());
      if (owner.isPresent()) {
        nics.add(owner.get());
      } else {
        external = true;
      }
    }
    return external;
  }

  /**
   * Whether the verdict may differ between the networks (see {@link Reach}); for tests, with the
   * flows of the change.
   */
  static boolean mayChange(Network old, Network neu, DiffFlows.Changes flows, Assertion a) {
    return new Reach(old, neu, flows).mayChange(a);
  }

  /**
   * Whether an assertion's verdict may differ between the two networks. It cannot when its flows
   * are the same flows in both versions and none of them is opened or closed by the change: a
   * verdict depends only on which of its flows are permitted (language.md). Its flows are the same
   * when its endpoints denote the same addresses in both versions and none of them is
   * <em>unstable</em> (owned in one version only, or by NICs with different addresses in the two),
   * so that which pairs are flows (not two external ends, not one NIC's own) is the same too. Then
   * a superset of its flows (every protocol and port between the endpoints' addresses, the whole
   * address space of a version for {@code internet}) is checked against the flows the change
   * opens and closes ({@link dev.sgproof.flows.FlowSet#touches}); none there, no flow of it
   * changed.
   */
  private static final class Reach {
    private final Network old;
    private final Network neu;
    private final Set<IpAddress> unstable = new HashSet<>();
    private final DiffFlows.Changes flows;

    Reach(Network old, Network neu, DiffFlows.Changes flows) {
      this.old = old;
      this.neu = neu;
      this.flows = flows;
      for (Network n : List.of(old, neu)) {
        for (Nic nic : n.nics()) {
          for (IpAddress a : nic.addresses()) {
            Optional<Nic> o = old.owner(a);
            Optional<Nic> m = neu.owner(a);
            if (o.isEmpty() || m.isEmpty() || !new HashSet<>(o.get().addresses())
                .equals(new HashSet<>(m.get().addresses()))) {
              unstable.add(a);
            }
          }
        }
      }
    }

    boolean mayChange(Assertion a) {
      if (!sameFlows(a)) {
        return true;
      }
      for (Obligation o : Obligation.of(a)) {
        for (IpVersion v : IpVersion.values()) {
          List<IpAddress[]> src = ranges(o.source(), v);
          List<IpAddress[]> dst = ranges(o.destination(), v);
          if (flows.newlyPermitted().touches(src, dst) || flows.newlyDenied().touches(src, dst)) {
            return true;
          }
        }
      }
      return false;
    }

    /**
     * Whether the assertion's endpoints denote the same addresses in both versions, none of them
     * unstable (and, for an endpoint of external addresses, no address unstable at all).
     */
    private boolean sameFlows(Assertion a) {
      for (Endpoint e : List.of(a.left(), a.right())) {
        if (denotesNics(e)) {
          Set<IpAddress> o = addresses(old.nicsOf(e));
          if (!o.equals(addresses(neu.nicsOf(e)))) {
            return false;
          }
          for (IpAddress x : o) {
            if (unstable.contains(x)) {
              return false;
            }
          }
        } else if (e instanceof Endpoint.CidrEndpoint c) {
          for (IpAddress x : unstable) {
            if (c.cidr().contains(x)) {
              return false;
            }
          }
        } else if (!unstable.isEmpty()) {
          return false;
        }
      }
      return true;
    }

    /** The endpoint's addresses of the version as ranges (a superset for external ones). */
    private List<IpAddress[]> ranges(Endpoint e, IpVersion v) {
      List<IpAddress[]> out = new ArrayList<>();
      if (denotesNics(e)) {
        for (Nic n : old.nicsOf(e)) {
          for (IpAddress x : n.addresses()) {
            if (x.version() == v) {
              out.add(new IpAddress[] {x, x});
            }
          }
        }
      } else if (e instanceof Endpoint.CidrEndpoint c) {
        if (c.cidr().version() == v) {
          out.add(new IpAddress[] {c.cidr().first(), c.cidr().last()});
        }
      } else {
        out.add(new IpAddress[] {IpAddress.of(v, java.math.BigInteger.ZERO),
            IpAddress.of(v, v.max())});
      }
      return out;
    }
  }

  private static boolean denotesNics(Endpoint e) {
    return e instanceof Endpoint.InstanceEndpoint || e instanceof Endpoint.NicEndpoint
        || e instanceof Endpoint.GroupEndpoint;
  }

  private static Set<IpAddress> addresses(List<Nic> nics) {
    Set<IpAddress> out = new HashSet<>();
    for (Nic n : nics) {
      out.addAll(n.addresses());
    }
    return out;
  }
}

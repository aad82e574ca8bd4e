package dev.sgproof.query;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Proto;
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
 * two networks. It cannot when both its endpoints denote the same addresses in both versions and
 * neither holds a changed address ({@link DiffFlows#changedAddresses}): its flows are then the
 * same in both, and each is decided alike.
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

  /** The assertions of both versions, NEW's first, each once. */
  public static List<Item> plan(Spec old, Spec neu, Set<IpAddress> changed) {
    List<Item> out = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    for (Assertion a : neu.assertions()) {
      seen.add(List.of(a.label(), a.text()));
      out.add(item(neu.file(), a, false, old, neu, changed));
    }
    for (Assertion a : old.assertions()) {
      if (!seen.contains(List.of(a.label(), a.text()))) {
        out.add(item(old.file(), a, true, old, neu, changed));
      }
    }
    return out;
  }

  private static Item item(String file, Assertion a, boolean ofOld, Spec old, Spec neu,
      Set<IpAddress> changed) {
    Optional<String> notOnOld = ofOld ? Optional.empty() : whyNot(old.network(), a, old.file());
    Optional<String> notOnNew = ofOld ? whyNot(neu.network(), a, neu.file()) : Optional.empty();
    boolean may = notOnOld.isEmpty() && notOnNew.isEmpty()
        && mayChange(old.network(), neu.network(), changed, a);
    return new Item(file, a, ofOld, notOnOld, notOnNew, may);
  }

  /**
   * Why the assertion has no verdict on the network (as the resolver would refuse it there: an
   * unknown name, an empty endpoint, no flow), or empty when it has one.
   */
  public static Optional<String> whyNot(Network n, Assertion a, String file) {
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
    Classes classes = Classes.of(n, a);
    Proto p = a.traffic().protocol();
    for (IpVersion v : IpVersion.values()) {
      if (p == Proto.ICMP && v != IpVersion.V4 || p == Proto.ICMPV6 && v != IpVersion.V6) {
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
    Set<Nic> l = new HashSet<>();
    Set<Nic> r = new HashSet<>();
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
   * Whether the verdict may differ between the networks: an endpoint denotes other NICs'
   * addresses in the two versions, or holds a changed address in either.
   */
  static boolean mayChange(Network old, Network neu, Set<IpAddress> changed, Assertion a) {
    for (Endpoint e : List.of(a.left(), a.right())) {
      if (denotesNics(e)) {
        Set<IpAddress> o = addresses(old.nicsOf(e));
        Set<IpAddress> m = addresses(neu.nicsOf(e));
        if (!o.equals(m)) {
          return true;
        }
        for (IpAddress x : o) {
          if (changed.contains(x)) {
            return true;
          }
        }
      } else {
        // An address endpoint denotes the same addresses in both versions but where ownership
        // changed, and those addresses are changed ones.
        for (IpAddress x : changed) {
          if (Obligation.covers(old, e, x) || Obligation.covers(neu, e, x)) {
            return true;
          }
        }
      }
    }
    return false;
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

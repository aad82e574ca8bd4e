package dev.sgproof.semantics;

import dev.sgproof.model.IpVersion;
import java.util.Objects;

/**
 * What an endpoint denotes, as far as the emptiness check needs: per IP version, the NICs that own
 * an address of the endpoint (how many, up to two, and which when there is one), and whether it
 * holds an external address. The check only asks whether a side has no NIC, exactly one (and
 * which), or more; so a CIDR over 10,000 NICs costs no set of 10,000 names.
 */
record Reach(Nics v4Nics, Nics v6Nics, boolean v4External, boolean v6External) {
  Reach {
    Objects.requireNonNull(v4Nics);
    Objects.requireNonNull(v6Nics);
  }

  /**
   * The internet or every external address: both hold external addresses of both versions (a spec
   * lists its NIC addresses one by one, so it never owns all of public space).
   */
  static final Reach EXTERNAL = new Reach(Nics.NONE, Nics.NONE, true, true);

  /**
   * The NICs of one side and version: none, exactly one ({@code only} names it), or several
   * ({@code several}, which ones is not kept).
   */
  record Nics(String only, boolean several) {
    static final Nics NONE = new Nics(null, false);
    static final Nics SEVERAL = new Nics(null, true);

    Nics {
      if (several && only != null) {
        throw new IllegalArgumentException("several NICs name no single one");
      }
    }

    boolean isEmpty() {
      return only == null && !several;
    }

    /** This set with one more NIC. */
    Nics plus(String id) {
      if (several || id.equals(only)) {
        return this;
      }
      return only == null ? new Nics(id, false) : SEVERAL;
    }

    /** Whether this and {@code other} are both exactly one NIC, the same one. */
    boolean isTheSingle(Nics other) {
      return only != null && only.equals(other.only);
    }

    /**
     * Whether both sides hold the same NICs, where that is known: both none, or the same single
     * NIC. Two sides of several NICs each are not compared (the emptiness check never asks:
     * two such sides always pair).
     */
    boolean sameAs(Nics other) {
      return isEmpty() ? other.isEmpty() : isTheSingle(other);
    }
  }

  Nics nics(IpVersion v) {
    return v == IpVersion.V4 ? v4Nics : v6Nics;
  }

  boolean external(IpVersion v) {
    return v == IpVersion.V4 ? v4External : v6External;
  }

  boolean hasNic() {
    return !v4Nics.isEmpty() || !v6Nics.isEmpty();
  }

  /** Whether some flow of version {@code v} goes from this endpoint to {@code to}. */
  boolean pairs(Reach to, IpVersion v) {
    Nics a = nics(v);
    Nics b = to.nics(v);
    boolean nicToNic = !a.isEmpty() && !b.isEmpty() && !a.isTheSingle(b);
    return nicToNic || (!a.isEmpty() && to.external(v)) || (external(v) && !b.isEmpty());
  }
}

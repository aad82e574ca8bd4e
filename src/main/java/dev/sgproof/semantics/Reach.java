package dev.sgproof.semantics;

import dev.sgproof.model.IpVersion;
import java.util.Set;

/**
 * What an endpoint denotes, as far as the emptiness check needs: per IP version, the NICs that own
 * an address of the endpoint, and whether it holds an external address.
 */
record Reach(Set<String> v4Nics, Set<String> v6Nics, boolean v4External, boolean v6External) {
  Reach {
    v4Nics = Set.copyOf(v4Nics);
    v6Nics = Set.copyOf(v6Nics);
  }

  static final Reach INTERNET = new Reach(Set.of(), Set.of(), true, true);

  Set<String> nics(IpVersion v) {
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
    Set<String> a = nics(v);
    Set<String> b = to.nics(v);
    boolean nicToNic = !a.isEmpty() && !b.isEmpty() && !(a.size() == 1 && a.equals(b));
    return nicToNic || (!a.isEmpty() && to.external(v)) || (external(v) && !b.isEmpty());
  }
}

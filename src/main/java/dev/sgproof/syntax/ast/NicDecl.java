package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.List;
import java.util.Objects;

/** A NIC: its name, addresses and groups as written (groups may be empty: the resolver says so). */
public record NicDecl(Ident name, List<AddressLit> addresses, List<Ident> groups, SourceSpan span) {
  public NicDecl {
    Objects.requireNonNull(name, "name");
    addresses = List.copyOf(addresses);
    groups = List.copyOf(groups);
    Objects.requireNonNull(span, "span");
  }
}

package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/** The peer of a rule as written. */
public sealed interface PeerNode {
  SourceSpan span();

  record AddressPeer(AddressLit address) implements PeerNode {
    public AddressPeer {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public SourceSpan span() {
      return address.span();
    }
  }

  record GroupPeer(Ident group, SourceSpan span) implements PeerNode {
    public GroupPeer {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(span, "span");
    }
  }

  record AnyPeer(SourceSpan span) implements PeerNode {
    public AnyPeer {
      Objects.requireNonNull(span, "span");
    }
  }
}

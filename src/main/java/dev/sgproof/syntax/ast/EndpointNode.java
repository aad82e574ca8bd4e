package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.Objects;

/** One side of an assertion as written. */
public sealed interface EndpointNode {
  SourceSpan span();

  record InstanceRef(Ident instance) implements EndpointNode {
    public InstanceRef {
      Objects.requireNonNull(instance, "instance");
    }

    @Override
    public SourceSpan span() {
      return instance.span();
    }
  }

  record NicRef(Ident instance, Ident nic, SourceSpan span) implements EndpointNode {
    public NicRef {
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(nic, "nic");
      Objects.requireNonNull(span, "span");
    }
  }

  record GroupRef(Ident group, SourceSpan span) implements EndpointNode {
    public GroupRef {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(span, "span");
    }
  }

  record AddressRef(AddressLit address) implements EndpointNode {
    public AddressRef {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public SourceSpan span() {
      return address.span();
    }
  }

  record InternetRef(SourceSpan span) implements EndpointNode {
    public InternetRef {
      Objects.requireNonNull(span, "span");
    }
  }

  record ExternalRef(SourceSpan span) implements EndpointNode {
    public ExternalRef {
      Objects.requireNonNull(span, "span");
    }
  }
}

package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;
import java.util.List;
import java.util.Objects;

/** An instance: one line (one NIC named after the instance) or a block of NICs. */
public sealed interface InstanceDecl extends Statement {
  Ident name();

  /** {@code instance NAME ip A[, A...] [in G[, G...]]}: {@code nic.name()} is the instance name. */
  record OneLine(Ident name, NicDecl nic, SourceSpan span) implements InstanceDecl {
    public OneLine {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(nic, "nic");
      Objects.requireNonNull(span, "span");
    }
  }

  /** {@code instance NAME { nic ... }}. */
  record Block(Ident name, List<NicDecl> nics, SourceSpan span) implements InstanceDecl {
    public Block {
      Objects.requireNonNull(name, "name");
      nics = List.copyOf(nics);
      Objects.requireNonNull(span, "span");
    }
  }
}

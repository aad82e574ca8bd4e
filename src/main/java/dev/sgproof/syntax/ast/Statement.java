package dev.sgproof.syntax.ast;

import dev.sgproof.diag.SourceSpan;

/** A top-level statement. */
public sealed interface Statement permits GroupDecl, InstanceDecl, AssertDecl, IncludeDecl {
  SourceSpan span();
}

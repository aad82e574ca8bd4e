package dev.sgproof.semantics;

import dev.sgproof.model.GroupType;
import dev.sgproof.model.Policy;
import dev.sgproof.syntax.ast.GroupDecl;

/** What the resolver knows about a group before it looks at any rule. */
record GroupHeader(GroupDecl decl, GroupType type, Policy policy, boolean legacyDefault) {
  String name() {
    return decl.name().text();
  }
}

package dev.sgproof.semantics;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Group;
import dev.sgproof.model.Instance;
import dev.sgproof.model.Network;
import dev.sgproof.model.Spec;
import dev.sgproof.syntax.ast.AssertDecl;
import dev.sgproof.syntax.ast.GroupDecl;
import dev.sgproof.syntax.ast.IncludeDecl;
import dev.sgproof.syntax.ast.InstanceDecl;
import dev.sgproof.syntax.ast.SpecNode;
import dev.sgproof.syntax.ast.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AST -> model. Reports every problem in one run (semantics.md section 9); builds the model only
 * when no error remains. Groups first (headers, then rules), then instances, then assertions.
 */
public final class Resolver {
  private final Reporter out = new Reporter();

  private Resolver() {}

  public static Resolution resolve(SpecNode ast) {
    return new Resolver().run(ast);
  }

  private Resolution run(SpecNode ast) {
    List<GroupDecl> groupDecls = new ArrayList<>();
    List<InstanceDecl> instanceDecls = new ArrayList<>();
    List<AssertDecl> assertDecls = new ArrayList<>();
    for (Statement s : ast.statements()) {
      if (s instanceof GroupDecl g) {
        groupDecls.add(g);
      } else if (s instanceof InstanceDecl i) {
        instanceDecls.add(i);
      } else if (s instanceof AssertDecl a) {
        assertDecls.add(a);
      } else if (s instanceof IncludeDecl inc) {
        out.error(
            DiagnosticCode.SG003,
            inc.span(),
            "include is resolved by SpecLoader, not by the Resolver");
      }
    }
    GroupResolver groupResolver = new GroupResolver(out);
    List<GroupHeader> duplicates = new ArrayList<>();
    Map<String, GroupHeader> headers = groupResolver.headers(groupDecls, duplicates);
    Map<String, Group> groups = new LinkedHashMap<>();
    headers.values().forEach(h -> groups.put(h.name(), groupResolver.group(h, headers)));
    duplicates.forEach(h -> groupResolver.group(h, headers));
    Inventory inventory = new InstanceResolver(out, headers).resolve(instanceDecls);
    new Quotas(out, groupResolver.counts()).check(groups, inventory);
    AssertionResolver assertionResolver = new AssertionResolver(out, headers, inventory);
    List<Assertion> assertions = new ArrayList<>();
    assertDecls.forEach(a -> assertionResolver.resolve(a).ifPresent(assertions::add));
    Optional<Spec> spec =
        out.hasErrors()
            ? Optional.empty()
            : Optional.of(new Spec(ast.file(), network(groups, inventory), assertions));
    return new Resolution(out.sorted(), spec);
  }

  private static Network network(Map<String, Group> groups, Inventory inventory) {
    List<Instance> instances = new ArrayList<>();
    for (Inventory.InstanceInfo i : inventory.instances().values()) {
      instances.add(
          new Instance(
              i.name().text(),
              i.nics().stream().map(NicInfo::toNic).toList(),
              i.oneLine(),
              i.name().span()));
    }
    return new Network(List.copyOf(groups.values()), instances);
  }
}

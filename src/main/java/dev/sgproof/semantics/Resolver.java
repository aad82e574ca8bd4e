package dev.sgproof.semantics;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Group;
import dev.sgproof.model.Instance;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
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
  /** Whether the groups are resolved on a thread of their own: by size, never, always. */
  enum Threads {
    BY_SIZE,
    ONE,
    TWO
  }

  /** Rule statements from which the groups are resolved on a thread of their own. */
  static final int PARALLEL_RULES = 2_000;

  private static final boolean SEVERAL_CORES = Runtime.getRuntime().availableProcessors() > 1;

  private final Reporter out = new Reporter();
  private final Threads threads;

  private Resolver(Threads threads) {
    this.threads = threads;
  }

  public static Resolution resolve(SpecNode ast) {
    return resolve(ast, Threads.BY_SIZE);
  }

  /** {@link #resolve(SpecNode)} on one thread or two, whatever the size (tests). */
  static Resolution resolve(SpecNode ast, Threads threads) {
    return new Resolver(threads).run(ast);
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
    GroupResolver headerResolver = new GroupResolver(out);
    List<GroupHeader> duplicates = new ArrayList<>();
    Map<String, GroupHeader> headers = headerResolver.headers(groupDecls, duplicates);
    // The groups' rules need the headers only, as do the instances; the quotas and the network
    // need both, the assertions the instances only. So a long spec's rules are resolved on another
    // thread while this one resolves the instances, then the quotas are checked and the network is
    // built there while this one resolves the assertions. Each part reports on its own; their
    // diagnostics are added in the order of the one-thread run (rules, instances, quotas,
    // assertions).
    boolean apart = twoThreads(groupDecls);
    Reporter rulesOut = Reporter.deferred();
    GroupResolver groupResolver = new GroupResolver(rulesOut);
    Aside<Map<String, Group>> groupsAside =
        Aside.start(
            apart,
            "sgproof-groups",
            () -> {
              Map<String, Group> byName = new LinkedHashMap<>();
              headers.values().forEach(h -> byName.put(h.name(), groupResolver.group(h, headers)));
              duplicates.forEach(h -> groupResolver.group(h, headers));
              return byName;
            });
    Reporter instancesOut = Reporter.deferred();
    Inventory inventory;
    try {
      inventory = new InstanceResolver(instancesOut, headers).resolve(instanceDecls);
    } finally {
      groupsAside.join();
    }
    Map<String, Group> groups = groupsAside.join();
    Reporter quotasOut = Reporter.deferred();
    Aside<Built> networkAside =
        Aside.start(
            apart,
            "sgproof-network",
            () -> {
              new Quotas(quotasOut, groupResolver.counts()).check(groups, inventory);
              if (rulesOut.hasErrors() || instancesOut.hasErrors() || out.hasErrors()) {
                return new Built(Optional.empty(), Optional.empty());
              }
              try {
                return new Built(Optional.of(network(groups, inventory)), Optional.empty());
              } catch (RuntimeException e) {
                return new Built(Optional.empty(), Optional.of(e)); // thrown if it is used
              }
            });
    Reporter assertionsOut = Reporter.deferred();
    List<Assertion> assertions = new ArrayList<>();
    try {
      AssertionResolver assertionResolver =
          new AssertionResolver(assertionsOut, headers, inventory);
      assertDecls.forEach(a -> assertionResolver.resolve(a).ifPresent(assertions::add));
    } finally {
      networkAside.join();
    }
    Built network = networkAside.join();
    out.addAll(rulesOut);
    out.addAll(instancesOut);
    out.addAll(quotasOut);
    out.addAll(assertionsOut);
    Optional<Spec> spec =
        out.hasErrors()
            ? Optional.empty()
            : Optional.of(new Spec(ast.file(), network.get(), assertions));
    return new Resolution(out.sorted(), spec);
  }

  /**
   * The network, built before the assertions are resolved: empty when the groups or instances
   * have errors; what building it threw, thrown only if it is used (as if it were built after).
   */
  private record Built(Optional<Network> network, Optional<RuntimeException> failure) {
    Network get() {
      if (failure.isPresent()) {
        throw failure.get();
      }
      return network.orElseThrow();
    }
  }

  private static Instance instance(Inventory.InstanceInfo i) {
    Nic[] nics = new Nic[i.nics().size()];
    for (int k = 0; k < nics.length; k++) {
      nics[k] = i.nics().get(k).toNic();
    }
    return new Instance(i.name().text(), List.of(nics), i.oneLine(), i.name().span());
  }

  private boolean twoThreads(List<GroupDecl> groupDecls) {
    if (threads != Threads.BY_SIZE) {
      return threads == Threads.TWO;
    }
    long rules = 0;
    for (GroupDecl g : groupDecls) {
      rules += g.rules().size();
    }
    return SEVERAL_CORES && rules >= PARALLEL_RULES;
  }

  private static Network network(Map<String, Group> groups, Inventory inventory) {
    List<Instance> instances = new ArrayList<>(inventory.instances().size());
    for (Inventory.InstanceInfo i : inventory.instances().values()) {
      instances.add(instance(i));
    }
    return new Network(List.copyOf(groups.values()), instances);
  }
}

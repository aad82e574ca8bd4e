package dev.sgproof.gen;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Instance;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Random edits of a valid network that keep it valid, as a change under review would make them:
 * rules added, removed or changed (action, priority, or a new rule in its place), NICs added,
 * removed or moved between groups, an address moved to another NIC, a group's intra-group policy
 * flipped. {@code edited(g, n, k)} applies k of them.
 */
public final class NetworkEdits {
  private final NetworkGen gen;

  public NetworkEdits(GenConfig config) {
    this.gen = new NetworkGen(config);
  }

  /** The network after {@code count} random valid edits (fewer when some draws are invalid). */
  public Network edited(Gen g, Network n, int count) {
    Network current = n;
    int done = 0;
    for (int tries = 0; done < count && tries < count * 20; tries++) {
      Network next = edit(g, current);
      if (next != null && Networks.problems(next).isEmpty()) {
        current = next;
        done++;
      }
    }
    return current;
  }

  /** One random edit; null when the draw does not apply. */
  public Network edit(Gen g, Network n) {
    switch (g.weighted(15, 12, 15, 8, 8, 10, 6, 6)) {
      case 0: { // add a rule
        Group target = g.pick(n.groups());
        return Networks.withRule(n, gen.rule(g, n, target, span(9000 + g.nextInt(1000))));
      }
      case 1: { // remove a rule
        Group target = g.pick(n.groups());
        List<Rule> custom = target.rules().stream().filter(r -> !r.legacy()).toList();
        if (custom.isEmpty()) {
          return null;
        }
        Rule gone = g.pick(custom);
        List<Rule> left = new ArrayList<>(target.rules());
        left.removeIf(r -> r == gone);
        return Networks.withGroup(n, Networks.withRules(target, left));
      }
      case 2: { // change a rule
        Group target = g.pick(n.groups());
        List<Rule> custom = target.rules().stream().filter(r -> !r.legacy()).toList();
        if (custom.isEmpty()) {
          return null;
        }
        Rule r = g.pick(custom);
        Rule changed = switch (g.nextInt(3)) {
          case 0 -> new Rule(r.group(), r.direction(),
              r.action() == Action.ALLOW ? Action.DENY : Action.ALLOW, r.protocol(), r.dstPorts(),
              r.srcPorts(), r.peer(), r.priority(), false, r.span());
          case 1 -> new Rule(r.group(), r.direction(), r.action(), r.protocol(), r.dstPorts(),
              r.srcPorts(), r.peer(), g.intBetween(1, 100), false, r.span());
          default -> gen.rule(g, n, target, r.span());
        };
        List<Rule> rules = new ArrayList<>();
        for (Rule x : target.rules()) {
          rules.add(x == r ? changed : x);
        }
        return Networks.withGroup(n, Networks.withRules(target, rules));
      }
      case 3: { // add a NIC (a new one-line instance)
        IpAddress a = freeAddress(g, n);
        if (a == null) {
          return null;
        }
        GroupType type = g.pick(GroupType.values());
        List<String> kind = n.groups().stream().filter(x -> x.type() == type).map(Group::name)
            .toList();
        if (kind.isEmpty()) {
          return null;
        }
        List<String> groups = g.shuffled(g.subset(kind, g.intBetween(1, Math.min(3, kind.size()))));
        String name = "N" + g.nextInt(1_000_000);
        if (n.instance(name).isPresent()) {
          return null;
        }
        Nic nic = new Nic(name, name, "", List.of(a), groups, span(8000 + g.nextInt(1000)));
        List<Instance> instances = new ArrayList<>(n.instances());
        instances.add(new Instance(name, List.of(nic), true, nic.span()));
        return new Network(n.groups(), instances);
      }
      case 4: { // remove a NIC
        if (n.nics().size() < 2) {
          return null;
        }
        Nic gone = g.pick(n.nics());
        return Networks.withoutNic(n, gone.id());
      }
      case 5: { // move a NIC between groups
        Nic nic = g.pick(n.nics());
        GroupType type = n.groupsOf(nic).get(0).type();
        List<String> kind = n.groups().stream().filter(x -> x.type() == type).map(Group::name)
            .toList();
        List<String> groups = g.shuffled(g.subset(kind, g.intBetween(1, Math.min(3, kind.size()))));
        return Networks.mapNics(n, x -> x == nic ? Networks.withGroups(x, groups) : x);
      }
      case 6: { // move an address to another NIC (or give a NIC a fresh one)
        Nic from = g.pick(n.nics());
        Nic to = g.pick(n.nics());
        if (from == to) {
          IpAddress a = freeAddress(g, n);
          if (a == null) {
            return null;
          }
          List<IpAddress> more = new ArrayList<>(to.addresses());
          more.add(a);
          return Networks.mapNics(n, x -> x == to ? withAddresses(x, more) : x);
        }
        if (from.addresses().size() < 2) {
          return null;
        }
        IpAddress a = g.pick(from.addresses());
        List<IpAddress> left = new ArrayList<>(from.addresses());
        left.remove(a);
        List<IpAddress> more = new ArrayList<>(to.addresses());
        more.add(a);
        return Networks.mapNics(n, x -> x == from ? withAddresses(x, left)
            : x == to ? withAddresses(x, more) : x);
      }
      default: { // flip a basic group's intra-group policy
        List<Group> basic = n.groups().stream().filter(x -> x.type() == GroupType.BASIC).toList();
        if (basic.isEmpty()) {
          return null;
        }
        Group x = g.pick(basic);
        Policy p = x.policy() == Policy.ISOLATED ? Policy.INTERCONNECTED : Policy.ISOLATED;
        return Networks.withGroup(n, new Group(x.name(), x.type(), p, x.legacyDefault(),
            x.rules(), x.span()));
      }
    }
  }

  private static Nic withAddresses(Nic n, List<IpAddress> addresses) {
    return new Nic(n.id(), n.instance(), n.nicName(), addresses, n.groups(), n.span());
  }

  /** An address of the pools that no NIC owns. */
  private static IpAddress freeAddress(Gen g, Network n) {
    Set<IpAddress> owned = n.nics().stream().flatMap(x -> x.addresses().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    for (int i = 0; i < 20; i++) {
      boolean v4 = g.chance(0.6);
      IpAddress a = NetworkGen.host(v4 ? NetworkGen.V4_POOL : NetworkGen.V6_POOL,
          g.intBetween(1, 100));
      if (!owned.contains(a)) {
        return a;
      }
    }
    return null;
  }

  private static SourceSpan span(int line) {
    return new SourceSpan(NetworkGen.FILE, line, 1, 1);
  }
}

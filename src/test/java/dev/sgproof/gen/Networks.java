package dev.sgproof.gen;

import dev.sgproof.model.Assertion;
import dev.sgproof.model.Endpoint;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Instance;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Edits of immutable networks for shrinking and metamorphic tests, and the validity check. */
public final class Networks {
  private Networks() {}

  /** The network with the group of the same name replaced. */
  public static Network withGroup(Network n, Group replacement) {
    List<Group> gs = new ArrayList<>();
    for (Group g : n.groups()) {
      gs.add(g.name().equals(replacement.name()) ? replacement : g);
    }
    return new Network(gs, n.instances());
  }

  /** The network with {@code r} appended to the rules of its group. */
  public static Network withRule(Network n, Rule r) {
    Group g = n.groupNamed(r.group());
    List<Rule> rules = new ArrayList<>(g.rules());
    rules.add(r);
    return withGroup(n, withRules(g, rules));
  }

  public static Group withRules(Group g, List<Rule> rules) {
    return new Group(g.name(), g.type(), g.policy(), g.legacyDefault(), rules, g.span());
  }

  /** The network with every NIC transformed; NICs mapped to null are dropped, then empty instances. */
  public static Network mapNics(Network n, UnaryOperator<Nic> f) {
    return new Network(n.groups(), mapNics(n.instances(), f));
  }

  private static List<Instance> mapNics(List<Instance> instances, UnaryOperator<Nic> f) {
    List<Instance> out = new ArrayList<>();
    for (Instance i : instances) {
      List<Nic> nics = new ArrayList<>();
      for (Nic nic : i.nics()) {
        Nic m = f.apply(nic);
        if (m != null) {
          nics.add(m);
        }
      }
      if (!nics.isEmpty()) {
        out.add(new Instance(i.name(), nics, i.oneLine(), i.span()));
      }
    }
    return out;
  }

  public static Nic withGroups(Nic n, List<String> groups) {
    return new Nic(n.id(), n.instance(), n.nicName(), n.addresses(), groups, n.span());
  }

  /**
   * The network without the group: NICs leave it (a NIC left without a group is dropped, then an
   * instance left without a NIC) and rules naming it as a peer are dropped.
   */
  public static Network withoutGroup(Network n, String name) {
    List<Group> gs = new ArrayList<>();
    for (Group g : n.groups()) {
      if (!g.name().equals(name)) {
        List<Rule> rules =
            g.rules().stream()
                .filter(r -> !(r.peer() instanceof Peer.GroupPeer gp && gp.group().equals(name)))
                .toList();
        gs.add(withRules(g, rules));
      }
    }
    List<Instance> instances =
        mapNics(
            n.instances(),
            nic -> {
              List<String> left = nic.groups().stream().filter(x -> !x.equals(name)).toList();
              return left.isEmpty() ? null : withGroups(nic, left);
            });
    return new Network(gs, instances);
  }

  public static Network withoutNic(Network n, String nicId) {
    return mapNics(n, nic -> nic.id().equals(nicId) ? null : nic);
  }

  public static Network withoutInstance(Network n, String name) {
    return new Network(
        n.groups(), n.instances().stream().filter(i -> !i.name().equals(name)).toList());
  }

  /**
   * The same network with the rules of every group and the groups of every NIC shuffled (and the
   * order of groups and instances in the file too). Decisions must not change.
   */
  public static Network permuted(Network n, Gen g) {
    List<Group> gs = new ArrayList<>();
    for (Group grp : g.shuffled(n.groups())) {
      gs.add(withRules(grp, g.shuffled(grp.rules())));
    }
    return new Network(
        gs, mapNics(g.shuffled(n.instances()), nic -> withGroups(nic, g.shuffled(nic.groups()))));
  }

  /** Whether every endpoint of the assertion still names something non-empty in the network. */
  public static boolean resolves(Network n, Assertion a) {
    return resolves(n, a.left()) && resolves(n, a.right());
  }

  public static boolean resolves(Network n, Endpoint e) {
    if (e instanceof Endpoint.InstanceEndpoint ie) {
      return n.instance(ie.instance()).isPresent();
    } else if (e instanceof Endpoint.NicEndpoint ne) {
      return n.nic(ne.nicId()).isPresent();
    } else if (e instanceof Endpoint.GroupEndpoint ge) {
      return n.group(ge.group()).isPresent() && !n.members(ge.group()).isEmpty();
    }
    return true;
  }

  /**
   * The validity errors of semantics.md section 9 that a constructed network can still have
   * (the records and {@link Network} reject the others); empty when valid.
   */
  public static List<String> problems(Network n) {
    List<String> out = new ArrayList<>();
    for (Nic nic : n.nics()) {
      if (nic.groups().isEmpty()) {
        out.add("NIC " + nic.id() + " has no group");
      }
      Set<GroupType> types = new HashSet<>();
      for (Group g : n.groupsOf(nic)) {
        types.add(g.type());
      }
      if (types.size() > 1) {
        out.add("NIC " + nic.id() + " mixes basic and advanced groups");
      }
      if (new HashSet<>(nic.groups()).size() != nic.groups().size()) {
        out.add("NIC " + nic.id() + " lists a group twice");
      }
    }
    for (Group g : n.groups()) {
      long legacy = g.rules().stream().filter(Rule::legacy).count();
      if (legacy != (g.legacyDefault() ? 5 : 0)) {
        out.add("group " + g.name() + " has " + legacy + " legacy rules");
      }
      for (Rule r : g.rules()) {
        if (!r.group().equals(g.name())) {
          out.add("rule of " + g.name() + " says group " + r.group());
        }
        if (r.peer() instanceof Peer.GroupPeer gp) {
          if (g.type() == GroupType.ADVANCED) {
            out.add("advanced group " + g.name() + " has a group-peer rule");
          }
          var peer = n.group(gp.group());
          if (peer.isEmpty()) {
            out.add("rule of " + g.name() + " names unknown group " + gp.group());
          } else if (peer.get().type() == GroupType.ADVANCED) {
            out.add("advanced group " + gp.group() + " used as a peer");
          }
        }
      }
    }
    return out;
  }
}

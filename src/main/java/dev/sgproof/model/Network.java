package dev.sgproof.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolved network: groups and instances in declaration order, with the indexes every engine
 * needs (group by name, NIC by id and by address, members of a group). Immutable.
 */
public final class Network {
  private final List<Group> groups;
  private final List<Instance> instances;
  private final List<Nic> nics;
  private final Map<String, Group> groupByName;
  private final Map<String, Instance> instanceByName;
  private final Map<String, Nic> nicById;
  private final Map<IpAddress, Nic> nicByAddress;
  private final Map<String, List<Nic>> membersByGroup;

  public Network(List<Group> groups, List<Instance> instances) {
    this.groups = List.copyOf(groups);
    this.instances = List.copyOf(instances);
    List<Nic> allNics = new ArrayList<>();
    Map<String, Group> gByName = new LinkedHashMap<>();
    Map<String, Instance> iByName = new LinkedHashMap<>();
    Map<String, Nic> nById = new LinkedHashMap<>();
    Map<IpAddress, Nic> nByAddr = new HashMap<>();
    Map<String, List<Nic>> members = new LinkedHashMap<>();
    for (Group g : this.groups) {
      if (gByName.put(g.name(), g) != null) {
        throw new IllegalArgumentException("duplicate group " + g.name());
      }
      members.put(g.name(), new ArrayList<>());
    }
    for (Instance i : this.instances) {
      if (iByName.put(i.name(), i) != null) {
        throw new IllegalArgumentException("duplicate instance " + i.name());
      }
      for (Nic n : i.nics()) {
        allNics.add(n);
        if (nById.put(n.id(), n) != null) {
          throw new IllegalArgumentException("duplicate NIC " + n.id());
        }
        for (IpAddress a : n.addresses()) {
          if (nByAddr.put(a, n) != null) {
            throw new IllegalArgumentException("address " + a + " on two NICs");
          }
        }
        for (String g : n.groups()) {
          List<Nic> m = members.get(g);
          if (m == null) {
            throw new IllegalArgumentException("NIC " + n.id() + " in unknown group " + g);
          }
          m.add(n);
        }
      }
    }
    this.nics = List.copyOf(allNics);
    this.groupByName = Collections.unmodifiableMap(gByName);
    this.instanceByName = Collections.unmodifiableMap(iByName);
    this.nicById = Collections.unmodifiableMap(nById);
    this.nicByAddress = Collections.unmodifiableMap(nByAddr);
    Map<String, List<Nic>> frozen = new LinkedHashMap<>();
    members.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.membersByGroup = Collections.unmodifiableMap(frozen);
  }

  public List<Group> groups() {
    return groups;
  }

  public List<Instance> instances() {
    return instances;
  }

  /** Every NIC, in declaration order. */
  public List<Nic> nics() {
    return nics;
  }

  public Optional<Group> group(String name) {
    return Optional.ofNullable(groupByName.get(name));
  }

  /** The group of that name; throws when there is none (names are resolved already). */
  public Group groupNamed(String name) {
    Group g = groupByName.get(name);
    if (g == null) {
      throw new IllegalArgumentException("no group " + name);
    }
    return g;
  }

  public Optional<Instance> instance(String name) {
    return Optional.ofNullable(instanceByName.get(name));
  }

  public Optional<Nic> nic(String id) {
    return Optional.ofNullable(nicById.get(id));
  }

  /** The NIC that owns the address; empty for an external address. */
  public Optional<Nic> owner(IpAddress a) {
    return Optional.ofNullable(nicByAddress.get(Objects.requireNonNull(a)));
  }

  /**
   * Whether the endpoint denotes the NIC: {@code nicsOf(e).contains(nic)}, without walking a
   * group's members (thousands of NICs, walked once per flow when the boxes of a refutation are
   * replayed): a NIC of this network is a member of exactly the groups it lists.
   */
  public boolean denotes(Endpoint e, Nic nic) {
    if (e instanceof Endpoint.GroupEndpoint ge) {
      members(ge.group()); // an unknown group fails as nicsOf does
      return nic.groups().contains(ge.group()) && nic.equals(nicById.get(nic.id()));
    }
    return nicsOf(e).contains(nic);
  }

  /** The member NICs of a group, in declaration order. */
  public List<Nic> members(String group) {
    List<Nic> m = membersByGroup.get(group);
    if (m == null) {
      throw new IllegalArgumentException("no group " + group);
    }
    return m;
  }

  /** The groups of a NIC, in the order the NIC lists them. */
  public List<Group> groupsOf(Nic n) {
    List<Group> out = new ArrayList<>(n.groups().size());
    for (String g : n.groups()) {
      out.add(groupNamed(g));
    }
    return out;
  }

  /**
   * The NICs an instance, NIC or group endpoint denotes, in declaration order. Empty for CIDR,
   * internet and external endpoints, which denote addresses rather than NICs.
   */
  public List<Nic> nicsOf(Endpoint e) {
    if (e instanceof Endpoint.InstanceEndpoint ie) {
      return instance(ie.instance()).map(Instance::nics).orElseThrow();
    } else if (e instanceof Endpoint.NicEndpoint ne) {
      return List.of(nic(ne.nicId()).orElseThrow());
    } else if (e instanceof Endpoint.GroupEndpoint ge) {
      return members(ge.group());
    }
    return List.of();
  }
}

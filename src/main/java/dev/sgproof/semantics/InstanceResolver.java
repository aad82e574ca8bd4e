package dev.sgproof.semantics;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.IpAddress;
import dev.sgproof.syntax.ast.AddressLit;
import dev.sgproof.syntax.ast.Ident;
import dev.sgproof.syntax.ast.InstanceDecl;
import dev.sgproof.syntax.ast.NicDecl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Instances and NICs: names, addresses (unique across NICs) and group memberships. */
final class InstanceResolver {
  private static final int MAX_GROUPS_PER_NIC = 5;

  private final Reporter out;
  private final Values values;
  private final Map<String, GroupHeader> groups;
  private final Map<String, Inventory.InstanceInfo> instances = new LinkedHashMap<>();
  private final Map<String, NicInfo> nicById = new LinkedHashMap<>();
  private final Map<IpAddress, String> owner = new HashMap<>();
  private final Map<IpAddress, AddressLit> ownerLiteral = new HashMap<>();
  private final Map<String, List<String>> members = new LinkedHashMap<>();

  InstanceResolver(Reporter out, Map<String, GroupHeader> groups) {
    this.out = out;
    this.values = new Values(out);
    this.groups = groups;
    groups.keySet().forEach(g -> members.put(g, new ArrayList<>()));
  }

  Inventory resolve(List<InstanceDecl> decls) {
    for (InstanceDecl d : decls) {
      Inventory.InstanceInfo first = instances.get(d.name().text());
      if (first != null) {
        out.error(
            DiagnosticCode.SG033,
            d.name().span(),
            "instance "
                + d.name().text()
                + " is already declared at "
                + first.name().span().file()
                + ":"
                + first.name().span().line());
      }
      List<NicInfo> nics = nicsOf(d, first == null);
      if (first == null) {
        instances.put(
            d.name().text(),
            new Inventory.InstanceInfo(d.name(), d instanceof InstanceDecl.OneLine, nics));
      }
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    members.forEach((g, m) -> frozen.put(g, List.copyOf(m)));
    return new Inventory(instances, nicById, owner, frozen);
  }

  private List<NicInfo> nicsOf(InstanceDecl d, boolean register) {
    String instance = d.name().text();
    if (d instanceof InstanceDecl.OneLine one) {
      return List.of(nic(instance, instance, "", one.nic(), register));
    }
    InstanceDecl.Block block = (InstanceDecl.Block) d;
    if (block.nics().isEmpty()) {
      out.error(DiagnosticCode.SG037, d.name().span(), "instance " + instance + " has no NIC");
    }
    List<NicInfo> nics = new ArrayList<>();
    Map<String, Ident> names = new HashMap<>();
    for (NicDecl n : block.nics()) {
      Ident earlier = names.putIfAbsent(n.name().text(), n.name());
      if (earlier != null) {
        out.error(
            DiagnosticCode.SG033,
            n.name().span(),
            "instance "
                + instance
                + " already has a NIC named "
                + n.name().text()
                + " (line "
                + earlier.span().line()
                + ")");
      }
      String id = instance + "." + n.name().text();
      nics.add(nic(id, instance, n.name().text(), n, register && earlier == null));
    }
    return nics;
  }

  private NicInfo nic(String id, String instance, String nicName, NicDecl n, boolean register) {
    List<IpAddress> addresses = addresses(id, n, register);
    List<String> groupNames = memberships(id, n);
    NicInfo info = new NicInfo(id, instance, nicName, addresses, groupNames, n);
    if (register) {
      nicById.put(id, info);
      for (String g : groupNames) {
        members.computeIfAbsent(g, k -> new ArrayList<>()).add(id);
      }
    }
    return info;
  }

  private List<IpAddress> addresses(String id, NicDecl n, boolean register) {
    List<IpAddress> addresses = new ArrayList<>();
    for (AddressLit a : n.addresses()) {
      Optional<IpAddress> ip = values.nicAddress(a);
      if (ip.isEmpty()) {
        continue;
      }
      if (addresses.contains(ip.get())) {
        out.error(
            DiagnosticCode.SG034, a.span(), "address " + ip.get() + " is given twice on NIC " + id);
        continue;
      }
      String other = owner.get(ip.get());
      if (other != null) {
        out.error(
            DiagnosticCode.SG034,
            a.span(),
            "address "
                + ip.get()
                + " is already on NIC "
                + other
                + " ("
                + ownerLiteral.get(ip.get()).span().file()
                + ":"
                + ownerLiteral.get(ip.get()).span().line()
                + ")");
        continue;
      }
      addresses.add(ip.get());
      if (register) {
        owner.put(ip.get(), id);
        ownerLiteral.put(ip.get(), a);
      }
    }
    return addresses;
  }

  private List<String> memberships(String id, NicDecl n) {
    if (n.groups().isEmpty()) {
      out.error(
          DiagnosticCode.SG035, n.name().span(), "NIC " + id + " is in no group; add 'in GROUP'");
    }
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Optional<GroupHeader> firstKnown = Optional.empty();
    for (Ident g : n.groups()) {
      if (!seen.add(g.text())) {
        out.error(
            DiagnosticCode.SG036, g.span(), "NIC " + id + " lists group " + g.text() + " twice");
        continue;
      }
      names.add(g.text());
      GroupHeader h = groups.get(g.text());
      if (h == null) {
        out.error(DiagnosticCode.SG030, g.span(),
            "unknown group " + g.text() + out.didYouMean(g.text(), groups.keySet()));
      } else if (firstKnown.isEmpty()) {
        firstKnown = Optional.of(h);
      } else if (firstKnown.get().type() != h.type()) {
        out.error(
            DiagnosticCode.SG020,
            g.span(),
            "NIC "
                + id
                + " mixes "
                + word(firstKnown.get())
                + " group "
                + firstKnown.get().name()
                + " with "
                + word(h)
                + " group "
                + h.name());
      }
      if (names.size() == MAX_GROUPS_PER_NIC + 1) {
        out.warning(
            DiagnosticCode.SG104,
            g.span(),
            "NIC " + id + " is in more than " + MAX_GROUPS_PER_NIC + " groups (the default quota)");
      }
    }
    return names;
  }

  private static String word(GroupHeader h) {
    return h.type() == GroupType.ADVANCED ? "advanced" : "basic";
  }
}

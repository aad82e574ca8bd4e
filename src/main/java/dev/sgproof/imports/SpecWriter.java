package dev.sgproof.imports;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.Direction;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.Policy;
import dev.sgproof.model.PortRange;
import dev.sgproof.syntax.Document;
import dev.sgproof.syntax.DocumentPrinter;
import dev.sgproof.syntax.ast.AddressLit;
import dev.sgproof.syntax.ast.GroupDecl;
import dev.sgproof.syntax.ast.GroupOption;
import dev.sgproof.syntax.ast.Ident;
import dev.sgproof.syntax.ast.InstanceDecl;
import dev.sgproof.syntax.ast.Located;
import dev.sgproof.syntax.ast.NicDecl;
import dev.sgproof.syntax.ast.NumberLit;
import dev.sgproof.syntax.ast.PeerNode;
import dev.sgproof.syntax.ast.PortRangeNode;
import dev.sgproof.syntax.ast.Preposition;
import dev.sgproof.syntax.ast.RuleDecl;
import dev.sgproof.syntax.ast.RuleOption;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns an {@link Account} into a spec (groups by cloud ID, then instances by cloud ID), printed by
 * {@link DocumentPrinter} like {@code sgproof fmt}. Each declaration is preceded by a comment
 * giving its cloud ID; each rule carries its rule ID and description as a trailing comment. A rule
 * whose peer is a prefix list becomes one rule per CIDR of the list. What the spec cannot say
 * becomes an {@link Omission} (when it can change a verdict) or a warning, and a comment in the
 * output, never nothing; with omissions, the output's first lines list them and what they can
 * falsify. Every comment is escaped ({@link Escape}): input text never becomes spec text.
 */
public final class SpecWriter {
  private static final SourceSpan NONE = SourceSpan.none("import");
  private static final String HEADER =
      "# Imported by sgproof: the network only, no assertions. Keep assertions in another file"
          + " that starts with include \"THIS-FILE\".";

  private final Account account;
  private final Map<String, String> groupNames;
  private final Map<String, String> fallbacks;
  private final Map<String, GroupType> types = new TreeMap<>();
  /** Comments of instances that import as nothing, for the next statement. */
  private final List<String> pending = new ArrayList<>();
  /** The groups that some imported network interface is in: only their rules decide flows. */
  private final Set<String> withMembers = new HashSet<>();

  private SpecWriter(Account account, Map<String, String> fallbacks) {
    this.account = account;
    Map<String, String> cloud = new LinkedHashMap<>();
    account.groups.values().forEach(g -> cloud.put(g.id, g.cloudName));
    this.groupNames = Names.choose(cloud, fallbacks);
    this.fallbacks = fallbacks;
  }

  /** The spec text; adds warnings to the account. */
  public static String write(Account account) {
    return write(account, Map.of());
  }

  /** As {@link #write(Account)}, with ID-derived names for keys that are not cloud IDs. */
  static String write(Account account, Map<String, String> fallbacks) {
    return new SpecWriter(account, fallbacks).document();
  }

  private String document() {
    List<Document.Item> items = new ArrayList<>();
    for (Account.GroupInfo g : account.groups.values()) {
      types.put(g.id, g.type.orElse(GroupType.BASIC));
    }
    for (Account.EniInfo e : account.enis.values()) {
      if (e.groupsKnown && !e.addresses.isEmpty()) {
        e.groups.stream().filter(account.groups::containsKey).forEach(withMembers::add);
      }
    }
    for (Account.GroupInfo g : account.groups.values()) {
      items.add(group(g));
    }
    items.addAll(instances());
    List<String> top = new ArrayList<>(partialBlock());
    if (!top.isEmpty()) {
      top.add("");
    }
    top.add(HEADER);
    List<String> end = new ArrayList<>(pending);
    if (items.isEmpty()) {
      end.addAll(0, top);
    } else {
      Document.Item first = items.get(0);
      List<String> leading = new ArrayList<>(top);
      leading.add("");
      leading.addAll(first.leading());
      items.set(0, new Document.Item(leading, first.statement(), first.trailing(), first.inner(),
          first.innerEnd(), first.closeTrailing()));
    }
    List<Document.Item> escaped = items.stream().map(SpecWriter::escaped).toList();
    return DocumentPrinter.print(new Document(escaped, escaped(end)));
  }

  /**
   * The first lines of a partial import: what is left out and which verdicts that can falsify
   * (see {@link Omission.Kind}); empty when nothing is.
   */
  private List<String> partialBlock() {
    List<Omission> all = account.omissions;
    if (all.isEmpty()) {
      return List.of();
    }
    long allows = all.stream().filter(o -> o.kind() == Omission.Kind.ALLOW_RULE).count();
    long denies = all.stream().filter(o -> o.kind() == Omission.Kind.DENY_RULE).count();
    long others = all.size() - allows - denies;
    List<String> out = new ArrayList<>();
    boolean one = all.size() == 1;
    out.add("# PARTIAL IMPORT (--allow-partial): " + count(all.size(), "item") + " of the input "
        + (one ? "is" : "are") + " left out (listed below) because a spec cannot say "
        + (one ? "it" : "them") + ", so a verdict on this spec can be false for the real cloud:");
    if (allows > 0) {
      out.add("# - " + count(allows, "allow rule") + " left out: the real cloud may permit more,"
          + " so a proof of unreachable, isolated or only, or a refutation of reachable,"
          + " interconnected or only, can be false");
    }
    if (denies > 0) {
      out.add("# - " + count(denies, "deny rule") + " left out: the real cloud may deny more"
          + " (a deny of a higher priority hides the allows below it), so a proof of reachable,"
          + " interconnected or only, or a refutation of unreachable, isolated or only, can be"
          + " false");
    }
    if (others > 0) {
      out.add("# - " + count(others, "other item") + " left out: the real cloud may permit more"
          + " or less, so any verdict can be false");
    }
    out.add("# Left out:");
    for (Omission o : all) {
      out.add("# - " + o.subject() + ": " + o.why());
    }
    return out;
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  /** The item with every comment escaped: nothing from the input can end a comment line. */
  private static Document.Item escaped(Document.Item i) {
    return new Document.Item(escaped(i.leading()), i.statement(), escaped(i.trailing()),
        i.inner().stream().map(n -> new Document.Inner(escaped(n.leading()),
            escaped(n.trailing()))).toList(),
        escaped(i.innerEnd()), escaped(i.closeTrailing()));
  }

  private static List<String> escaped(List<String> comments) {
    return comments.stream().map(Escape::text).toList();
  }

  // ------------------------------------------------------------------ groups

  private Document.Item group(Account.GroupInfo g) {
    String name = groupNames.get(g.id);
    GroupType type = types.get(g.id);
    boolean members = withMembers.contains(g.id);
    if (g.type.isEmpty()) {
      String why = "it is not in the input (no DescribeSecurityGroups response that lists the"
          + " group, nor security_group_type): assumed normal (basic)";
      if (members) {
        account.omit(g.where, Omission.Kind.OTHER, "the type of security group " + g.id, why
            + "; add the DescribeSecurityGroups response that lists it");
      } else {
        account.warn(g.where.warning("the type of security group " + g.id + " is not given (no"
            + " DescribeSecurityGroups response or security_group_type): assuming normal (basic)"));
      }
    }
    Policy policy;
    if (g.policy.isPresent()) {
      policy = g.policy.get();
      if (type == GroupType.ADVANCED && policy == Policy.INTERCONNECTED) {
        account.warn(g.where.warning("enterprise security group " + g.id + " has"
            + " InnerAccessPolicy Accept, but enterprise groups are always isolated: imported as"
            + " isolated"));
        policy = Policy.ISOLATED;
      }
    } else {
      policy = type == GroupType.ADVANCED ? Policy.ISOLATED : Policy.INTERCONNECTED;
      if (members && g.rulesKnown && type != GroupType.ADVANCED) {
        account.omit(g.where, Omission.Kind.OTHER, "the InnerAccessPolicy of security group "
            + g.id, "it is not in the input: assumed Accept (interconnected); add the group's"
            + " DescribeSecurityGroupAttribute response (Terraform: inner_access_policy)");
      } else if (members && type != GroupType.ADVANCED) {
        // Said by the omission of the rules below: the same response gives both.
      } else {
        account.warn(g.where.warning("InnerAccessPolicy of security group " + g.id + " is not"
            + " given (only DescribeSecurityGroupAttribute and Terraform have it): assuming "
            + (type == GroupType.ADVANCED ? "Drop (isolated) for an enterprise" : "Accept"
            + " (interconnected) for a normal") + " group"));
      }
    }
    List<String> leading = new ArrayList<>(List.of("", "# " + describe(g.id, g.cloudName, name)
        + (g.description.isEmpty() ? "" : " - " + g.description)));
    List<String> innerEnd = new ArrayList<>();
    if (!g.rulesKnown) {
      if (members) {
        account.omit(g.where, Omission.Kind.OTHER, "the rules"
            + (g.policy.isEmpty() && type != GroupType.ADVANCED ? " and InnerAccessPolicy" : "")
            + " of security group " + g.id, "they are not in the input (DescribeSecurityGroups"
            + " lists groups without rules); add the group's DescribeSecurityGroupAttribute"
            + " response");
      } else {
        account.warn(g.where.warning("the rules of security group " + g.id + " are not in the"
            + " input (no DescribeSecurityGroupAttribute response): imported without rules"));
      }
      innerEnd.add("# rules not imported: no DescribeSecurityGroupAttribute response for " + g.id);
    }
    List<Account.RuleInfo> rules = new ArrayList<>();
    for (Account.RuleInfo r : g.rules.values()) {
      Optional<Account.PrefixListInfo> list = r.prefixList.map(account.prefixLists::get)
          .filter(l -> l.entriesKnown);
      if (r.unsupported.isEmpty() && r.cidr.isEmpty() && list.isPresent()) {
        if (list.get().entries.isEmpty()) {
          innerEnd.add("# " + (r.ruleId.isEmpty() ? "" : r.ruleId + " ") + r.summary
              + ": prefix list " + list.get().id + " is empty, so the rule matches nothing");
        }
        Account.PrefixListInfo pl = list.get();
        for (Cidr c : pl.entries) {
          rules.add(r.withEntry(c, pl.id + (pl.name.isEmpty() ? "" : " \"" + pl.name + "\"")));
        }
      } else {
        rules.add(r);
      }
    }
    rules.sort(Comparator.comparing((Account.RuleInfo r) -> r.direction)
        .thenComparingInt(r -> r.priority));
    List<Account.RuleInfo> legacy = rules.stream()
        .filter(r -> r.priority == 110 && r.unsupported.isEmpty()).toList();
    boolean legacyDefault = !legacy.isEmpty() && isLegacyDefaultSet(legacy);
    List<RuleDecl> decls = new ArrayList<>();
    List<Document.Inner> inner = new ArrayList<>();
    for (Account.RuleInfo r : rules) {
      String why = r.unsupported;
      if (why.isEmpty() && r.cidr.isEmpty() && r.prefixList.isPresent()) {
        why = prefixListProblem(r);
      }
      if (why.isEmpty() && r.priority == 110) {
        if (legacyDefault) {
          continue;
        }
        why = "priority 110 belongs to the older model's default rules, and these are not exactly"
            + " the default security group's set (which would import as legacy-default)";
      }
      if (why.isEmpty() && r.peerGroup.isPresent()) {
        why = groupPeerProblem(type, r.peerGroup.get(), r.peerOwner);
      }
      String id = r.ruleId.isEmpty() ? "" : r.ruleId + " ";
      if (!why.isEmpty()) {
        if (members) {
          account.omit(r.where, r.action == Action.ALLOW ? Omission.Kind.ALLOW_RULE
              : Omission.Kind.DENY_RULE, "rule " + id + "of security group " + g.id + " ("
              + r.summary + ")", why);
        } else {
          account.warn(r.where.warning("rule " + id + "of security group " + g.id
              + " not imported: " + why + " (no imported network interface is in the group, so"
              + " its rules decide nothing)"));
        }
        innerEnd.add("# not imported: " + id + r.summary + " (" + why + ")");
        continue;
      }
      decls.add(rule(r));
      List<String> parts = new ArrayList<>();
      if (!r.ruleId.isEmpty()) {
        parts.add(r.ruleId + (r.description.isEmpty() ? "" : ":"));
      }
      if (!r.description.isEmpty()) {
        parts.add(r.description);
      }
      if (!r.via.isEmpty()) {
        parts.add("(prefix list " + r.via + ")");
      }
      inner.add(new Document.Inner(List.of(),
          parts.isEmpty() ? List.of() : List.of("# " + String.join(" ", parts))));
    }
    List<Located<GroupOption>> options = new ArrayList<>();
    options.add(located(type == GroupType.ADVANCED ? GroupOption.ADVANCED : GroupOption.BASIC));
    options.add(located(policy == Policy.ISOLATED ? GroupOption.ISOLATED
        : GroupOption.INTERCONNECTED));
    if (legacyDefault) {
      options.add(located(GroupOption.LEGACY_DEFAULT));
    }
    GroupDecl decl = new GroupDecl(ident(name), options, decls, NONE);
    return new Document.Item(leading, decl, List.of(), inner, innerEnd, List.of());
  }

  private String prefixListProblem(Account.RuleInfo r) {
    String list = r.prefixList.get();
    String side = r.direction == Direction.INGRESS ? "source" : "destination";
    Account.PrefixListInfo pl = account.prefixLists.get(list);
    if (pl == null) {
      return "its " + side + " is prefix list " + list + ", which is not in the input; add the"
          + " list's DescribePrefixListAttributes response (Terraform: its alicloud_ecs_prefix_list)";
    }
    return "its " + side + " is prefix list " + list + ", whose entries are not in the input"
        + " (DescribePrefixLists gives none); add the list's DescribePrefixListAttributes response"
        + " (Terraform: the entry blocks of its alicloud_ecs_prefix_list)";
  }

  private String groupPeerProblem(GroupType type, String peer, String owner) {
    if (!account.groups.containsKey(peer)) {
      return owner.isEmpty()
          ? "it names group " + peer + ", which is not in the input; add a response that lists"
              + " the group (DescribeSecurityGroups; Terraform: its alicloud_security_group) and"
              + " the network interfaces in it"
          : "it names group " + peer + " of account " + owner + ", which is not in the input"
              + " (sgproof cannot model the groups of other accounts)";
    }
    if (type == GroupType.ADVANCED) {
      return "a rule of an enterprise (advanced) group cannot name a group peer in the model";
    }
    if (types.get(peer) == GroupType.ADVANCED) {
      return "it names enterprise (advanced) group " + peer + ", which cannot be a rule peer in"
          + " the model";
    }
    return "";
  }

  /** The four priority-110 rules of the older default security group (semantics.md section 8). */
  private static boolean isLegacyDefaultSet(List<Account.RuleInfo> rules) {
    Set<String> expected = Set.of(
        "ingress allow icmp 1-65535 0.0.0.0/0",
        "ingress allow tcp 22 0.0.0.0/0",
        "ingress allow tcp 3389 0.0.0.0/0",
        "egress allow all 1-65535 0.0.0.0/0");
    Set<String> got = rules.stream()
        .filter(r -> r.sourcePorts.isAll() && r.cidr.isPresent())
        .map(r -> r.direction + " " + r.action + " " + r.protocol + " " + r.ports + " "
            + r.cidr.get())
        .collect(Collectors.toSet());
    return got.size() == rules.size() && got.equals(expected);
  }

  private RuleDecl rule(Account.RuleInfo r) {
    List<PortRangeNode> ports = r.ports.isAll() ? List.of() : List.of(range(r.ports));
    PeerNode peer = r.cidr.isPresent()
        ? new PeerNode.AddressPeer(new AddressLit(r.cidr.get().toString(), NONE))
        : new PeerNode.GroupPeer(ident(groupNames.get(r.peerGroup.get())), NONE);
    List<RuleOption> options = new ArrayList<>();
    if (!r.sourcePorts.isAll()) {
      options.add(new RuleOption.Sport(List.of(range(r.sourcePorts)), NONE));
    }
    if (r.priority != 1) {
      options.add(new RuleOption.Priority(number(r.priority), NONE));
    }
    return new RuleDecl(
        located(r.direction),
        located(r.action),
        located(r.protocol),
        ports,
        located(r.direction == Direction.INGRESS ? Preposition.FROM : Preposition.TO),
        peer,
        options,
        NONE);
  }

  // ------------------------------------------------------------------ instances

  private List<Document.Item> instances() {
    Map<String, List<Account.EniInfo>> byInstance = new TreeMap<>();
    for (Account.EniInfo e : account.enis.values()) {
      String owner = e.instanceId.isEmpty() ? e.id : e.instanceId;
      byInstance.computeIfAbsent(owner, k -> new ArrayList<>()).add(e);
    }
    for (String id : account.instances.keySet()) {
      byInstance.computeIfAbsent(id, k -> new ArrayList<>());
    }
    Map<String, String> cloud = new LinkedHashMap<>();
    byInstance.keySet().forEach(id -> cloud.put(id,
        Optional.ofNullable(account.instances.get(id)).map(i -> i.cloudName).orElse("")));
    Map<String, String> names = Names.choose(cloud, Map.of());
    List<Document.Item> items = new ArrayList<>();
    for (Map.Entry<String, List<Account.EniInfo>> e : byInstance.entrySet()) {
      instance(e.getKey(), names.get(e.getKey()), e.getValue()).ifPresent(items::add);
    }
    return items;
  }

  private Optional<Document.Item> instance(String id, String name, List<Account.EniInfo> enis) {
    Account.InstanceInfo info = account.instances.get(id);
    String cloudName = info == null ? "" : info.cloudName;
    enis.sort(Comparator.comparing((Account.EniInfo e) -> !e.primary.orElse(false))
        .thenComparing(e -> e.deviceIndex.orElse(Integer.MAX_VALUE))
        .thenComparing(e -> e.id));
    List<String> notes = new ArrayList<>();
    List<NicDecl> nics = new ArrayList<>();
    List<Account.EniInfo> imported = new ArrayList<>();
    for (Account.EniInfo e : enis) {
      Optional<NicDecl> nic = nic(e, notes);
      nic.ifPresent(nics::add);
      nic.ifPresent(n -> imported.add(e));
    }
    String header = "# " + describe(id, cloudName, name);
    boolean unattached = info == null && enis.size() == 1 && enis.get(0).id.equals(id);
    if (unattached) {
      header += " (a network interface not attached to an instance)";
    }
    List<String> leading = new ArrayList<>(List.of("", header));
    if (nics.isEmpty()) {
      account.warn((info != null ? info.where : enis.get(0).where).warning("instance " + id
          + " has no network interface that can be imported"));
      leading.add("# not imported: instance " + id + " has no network interface with an address"
          + " and a known group");
      leading.addAll(notes);
      // Comments only: they go before the next statement (or at the end of the file).
      pending.addAll(leading);
      return Optional.empty();
    }
    if (nics.size() == 1 && notes.isEmpty()) {
      NicDecl n = nics.get(0);
      if (!imported.get(0).id.equals(id)) {
        leading.set(1, header + ", " + imported.get(0).id);
      }
      NicDecl one = new NicDecl(ident(name), n.addresses(), n.groups(), NONE);
      return Optional.of(withPending(new Document.Item(leading,
          new InstanceDecl.OneLine(ident(name), one, NONE), List.of(), List.of(), List.of(),
          List.of())));
    }
    // NIC names: the ENI IDs, made valid and unique within the instance.
    Map<String, String> none = new LinkedHashMap<>();
    Map<String, String> wanted = new LinkedHashMap<>();
    for (Account.EniInfo e : imported) {
      none.put(e.id, "");
      wanted.put(e.id, e.synthetic ? "primary" : fallbacks.getOrDefault(e.id, e.id));
    }
    Map<String, String> nicNames = Names.choose(none, wanted);
    List<NicDecl> named = new ArrayList<>();
    for (int i = 0; i < nics.size(); i++) {
      NicDecl n = nics.get(i);
      named.add(new NicDecl(ident(nicNames.get(imported.get(i).id)), n.addresses(), n.groups(),
          NONE));
    }
    return Optional.of(withPending(new Document.Item(leading,
        new InstanceDecl.Block(ident(name), named, NONE), List.of(),
        named.stream().map(n -> Document.Inner.NONE).toList(), notes, List.of())));
  }

  private Document.Item withPending(Document.Item item) {
    if (pending.isEmpty()) {
      return item;
    }
    List<String> leading = new ArrayList<>(pending);
    leading.addAll(item.leading());
    pending.clear();
    return new Document.Item(leading, item.statement(), item.trailing(), item.inner(),
        item.innerEnd(), item.closeTrailing());
  }

  /** The NIC of an ENI (named later), or empty with a note, a warning or an omission. */
  private Optional<NicDecl> nic(Account.EniInfo e, List<String> notes) {
    String what = e.synthetic ? "the network interface of instance " + e.id
        : "network interface " + e.id;
    String addresses = e.addresses.isEmpty() ? "" : " (" + String.join(", ", e.addresses) + ")";
    for (Map.Entry<String, JsonAt> p : e.prefixes.entrySet()) {
      account.omit(p.getValue(), Omission.Kind.OTHER, "prefix " + p.getKey() + " delegated to "
          + what, "sgproof cannot model delegated prefixes: their addresses count as external,"
          + " not as the interface's");
      notes.add("# " + e.id + " also has delegated prefix " + p.getKey() + " (not imported)");
    }
    if (!e.groupsKnown) {
      String why = "its security groups are not in the input (DescribeInstances gives those of"
          + " an instance's primary interface only); add the DescribeNetworkInterfaces response"
          + " that lists it";
      if (e.addresses.isEmpty()) {
        account.warn(e.where.warning(what + " not imported: " + why));
      } else {
        account.omit(e.where, Omission.Kind.OTHER, what + addresses, why);
      }
      notes.add("# not imported: " + e.id + " (its security groups are unknown)");
      return Optional.empty();
    }
    boolean inSome = e.groups.stream().anyMatch(account.groups::containsKey);
    if (e.addresses.isEmpty()) {
      if (inSome) {
        account.omit(e.where, Omission.Kind.OTHER, what, "its private addresses are not in the"
            + " input, so its groups lack a member; add the response that lists its addresses");
      } else {
        account.warn(e.where.warning(what + " not imported: it has no private address"));
      }
      notes.add("# not imported: " + e.id + " (no private address)");
      return Optional.empty();
    }
    List<Ident> groups = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String g : e.groups) {
      if (account.groups.containsKey(g)) {
        groups.add(ident(groupNames.get(g)));
      } else {
        missing.add(g);
      }
    }
    String add = "; add a response that lists the group with its rules"
        + " (DescribeSecurityGroupAttribute and DescribeSecurityGroups; Terraform: its"
        + " alicloud_security_group and rules)";
    if (groups.isEmpty()) {
      account.omit(e.where, Omission.Kind.OTHER, what + addresses, e.groups.isEmpty()
          ? "the input gives it no security group" : "none of its security groups ("
          + String.join(", ", e.groups) + ") is in the input" + add);
      notes.add("# not imported: " + e.id + " " + String.join(", ", e.addresses)
          + " (no imported security group)");
      return Optional.empty();
    }
    for (String g : missing) {
      account.omit(e.where, Omission.Kind.OTHER, "the membership of " + what + " in security"
          + " group " + g, "the group is not in the input, so its rules are missing" + add);
      notes.add("# " + e.id + " is also in " + g + " (not imported)");
    }
    List<AddressLit> addrs = e.addresses.stream().map(a -> new AddressLit(a, NONE)).toList();
    return Optional.of(new NicDecl(ident("nic"), addrs, groups, NONE));
  }

  // ------------------------------------------------------------------ helpers

  private static String describe(String id, String cloudName, String name) {
    String s = id;
    if (!cloudName.isEmpty() && !cloudName.equals(name)) {
      s += " \"" + cloudName + "\"";
    }
    return s;
  }

  private static <T> Located<T> located(T value) {
    return new Located<>(value, NONE);
  }

  private static Ident ident(String s) {
    return new Ident(s, NONE);
  }

  private static NumberLit number(int n) {
    return new NumberLit(BigInteger.valueOf(n), NONE);
  }

  private static PortRangeNode range(PortRange r) {
    return new PortRangeNode(number(r.low()), number(r.high()), NONE);
  }

}

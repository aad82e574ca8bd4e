package dev.sgproof.imports;

import dev.sgproof.diag.SourceSpan;
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
 * giving its cloud ID; each rule carries its rule ID and description as a trailing comment. What
 * the model does not cover becomes a warning and a comment in the output, never nothing.
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
    for (Account.GroupInfo g : account.groups.values()) {
      items.add(group(g));
    }
    items.addAll(instances());
    List<String> end = new ArrayList<>(pending);
    if (items.isEmpty()) {
      end.add(0, HEADER);
    } else {
      Document.Item first = items.get(0);
      List<String> leading = new ArrayList<>();
      leading.add(HEADER);
      leading.add("");
      leading.addAll(first.leading());
      items.set(0, new Document.Item(leading, first.statement(), first.trailing(), first.inner(),
          first.innerEnd(), first.closeTrailing()));
    }
    return DocumentPrinter.print(new Document(items, end));
  }

  // ------------------------------------------------------------------ groups

  private Document.Item group(Account.GroupInfo g) {
    String name = groupNames.get(g.id);
    GroupType type = types.get(g.id);
    if (g.type.isEmpty()) {
      account.warn(g.where.warning("the type of security group " + g.id + " is not given (no"
          + " DescribeSecurityGroups response or security_group_type): assuming normal (basic)"));
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
      account.warn(g.where.warning("InnerAccessPolicy of security group " + g.id + " is not given"
          + " (only DescribeSecurityGroupAttribute and Terraform have it): assuming "
          + (type == GroupType.ADVANCED ? "Drop (isolated) for an enterprise" : "Accept"
          + " (interconnected) for a normal") + " group"));
    }
    List<String> leading = new ArrayList<>(List.of("", "# " + describe(g.id, g.cloudName, name)
        + (g.description.isEmpty() ? "" : " - " + oneLine(g.description))));
    List<String> innerEnd = new ArrayList<>();
    if (!g.rulesKnown) {
      account.warn(g.where.warning("the rules of security group " + g.id + " are not in the input"
          + " (no DescribeSecurityGroupAttribute response): imported without rules"));
      innerEnd.add("# rules not imported: no DescribeSecurityGroupAttribute response for " + g.id);
    }
    List<Account.RuleInfo> rules = new ArrayList<>(g.rules.values());
    rules.sort(Comparator.comparing((Account.RuleInfo r) -> r.direction)
        .thenComparingInt(r -> r.priority));
    List<Account.RuleInfo> legacy = rules.stream()
        .filter(r -> r.priority == 110 && r.unsupported.isEmpty()).toList();
    boolean legacyDefault = !legacy.isEmpty() && isLegacyDefaultSet(legacy);
    List<RuleDecl> decls = new ArrayList<>();
    List<Document.Inner> inner = new ArrayList<>();
    for (Account.RuleInfo r : rules) {
      String why = r.unsupported;
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
        account.warn(r.where.warning("rule " + id + "of security group " + g.id
            + " not imported: " + why));
        innerEnd.add("# not imported: " + id + r.summary + " (" + why + ")");
        continue;
      }
      decls.add(rule(r));
      String note = r.ruleId + (r.description.isEmpty() ? ""
          : (r.ruleId.isEmpty() ? "" : ": ") + oneLine(r.description));
      inner.add(new Document.Inner(List.of(), note.isEmpty() ? List.of() : List.of("# " + note)));
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

  private String groupPeerProblem(GroupType type, String peer, String owner) {
    if (!account.groups.containsKey(peer)) {
      return owner.isEmpty()
          ? "it names group " + peer + ", which is not in the input"
          : "it names group " + peer + " of account " + owner + ", which is not in the input"
              + " (groups of other accounts are not in the model)";
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
    List<String> eniIds = new ArrayList<>();
    for (Account.EniInfo e : enis) {
      Optional<NicDecl> nic = nic(e, notes);
      nic.ifPresent(nics::add);
      nic.ifPresent(n -> eniIds.add(e.id));
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
      if (!eniIds.get(0).equals(id)) {
        leading.set(1, header + ", " + eniIds.get(0));
      }
      NicDecl one = new NicDecl(ident(name), n.addresses(), n.groups(), NONE);
      return Optional.of(withPending(new Document.Item(leading,
          new InstanceDecl.OneLine(ident(name), one, NONE), List.of(), List.of(), List.of(),
          List.of())));
    }
    return Optional.of(withPending(new Document.Item(leading,
        new InstanceDecl.Block(ident(name), nics, NONE), List.of(),
        nics.stream().map(n -> Document.Inner.NONE).toList(), notes, List.of())));
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

  private Optional<NicDecl> nic(Account.EniInfo e, List<String> notes) {
    String what = e.synthetic ? "the network interface of instance " + e.id
        : "network interface " + e.id;
    if (!e.groupsKnown) {
      account.warn(e.where.warning(what + " not imported: its security groups are only in"
          + " DescribeNetworkInterfaces (DescribeInstances gives those of the primary one)"));
      notes.add("# not imported: " + e.id + " (its security groups are unknown)");
      return Optional.empty();
    }
    List<Ident> groups = new ArrayList<>();
    for (String g : e.groups) {
      if (account.groups.containsKey(g)) {
        groups.add(ident(groupNames.get(g)));
      } else {
        account.warn(e.where.warning(what + " is in security group " + g + ", which is not in"
            + " the input: membership not imported"));
        notes.add("# " + e.id + " is also in " + g + " (not imported)");
      }
    }
    if (e.addresses.isEmpty()) {
      account.warn(e.where.warning(what + " not imported: it has no private address"));
      notes.add("# not imported: " + e.id + " (no private address)");
      return Optional.empty();
    }
    if (groups.isEmpty()) {
      account.warn(e.where.warning(what + " not imported: none of its security groups is in the"
          + " input"));
      notes.add("# not imported: " + e.id + " " + String.join(", ", e.addresses)
          + " (no imported security group)");
      return Optional.empty();
    }
    List<AddressLit> addrs = e.addresses.stream().map(a -> new AddressLit(a, NONE)).toList();
    return Optional.of(new NicDecl(ident(nicName(e)), addrs, groups, NONE));
  }

  /** The ENI ID; {@code primary} for the NIC of an instance whose inputs list no ENIs. */
  private String nicName(Account.EniInfo e) {
    if (e.synthetic) {
      return "primary";
    }
    String s = fallbacks.getOrDefault(e.id, e.id);
    return Names.valid(s) ? s : Names.sanitise(s).isEmpty() ? "eni" : Names.sanitise(s);
  }

  // ------------------------------------------------------------------ helpers

  private static String describe(String id, String cloudName, String name) {
    String s = id;
    if (!cloudName.isEmpty() && !cloudName.equals(name)) {
      s += " \"" + oneLine(cloudName) + "\"";
    }
    return s;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
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

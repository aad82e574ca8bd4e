package dev.sgproof.semantics;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.model.Group;
import dev.sgproof.model.GroupType;
import dev.sgproof.model.LegacyDefaults;
import dev.sgproof.model.Policy;
import dev.sgproof.model.Rule;
import dev.sgproof.syntax.ast.GroupDecl;
import dev.sgproof.syntax.ast.GroupOption;
import dev.sgproof.syntax.ast.Located;
import dev.sgproof.syntax.ast.PeerNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Group declarations: headers first (so rules may name later groups), then rules. */
final class GroupResolver {
  private final Reporter out;
  private final RuleResolver rules;
  private final Map<String, Quotas.RuleCount> counts = new LinkedHashMap<>();

  GroupResolver(Reporter out) {
    this.out = out;
    this.rules = new RuleResolver(out, new Values(out));
  }

  /** The first declaration of each name wins; later ones are SG033 (their rules still checked). */
  Map<String, GroupHeader> headers(List<GroupDecl> decls, List<GroupHeader> duplicates) {
    Map<String, GroupHeader> byName = new LinkedHashMap<>();
    for (GroupDecl d : decls) {
      GroupHeader h = header(d);
      GroupHeader first = byName.putIfAbsent(d.name().text(), h);
      if (first != null) {
        out.error(
            DiagnosticCode.SG033,
            d.name().span(),
            "group "
                + d.name().text()
                + " is already declared at "
                + first.decl().name().span().file()
                + ":"
                + first.decl().name().span().line());
        duplicates.add(h);
      }
    }
    return byName;
  }

  private GroupHeader header(GroupDecl d) {
    Map<GroupOption, Located<GroupOption>> seen = new EnumMap<>(GroupOption.class);
    Optional<Located<GroupOption>> type = Optional.empty();
    Optional<Located<GroupOption>> policy = Optional.empty();
    for (Located<GroupOption> o : d.options()) {
      GroupOption v = o.value();
      boolean isType = v == GroupOption.BASIC || v == GroupOption.ADVANCED;
      boolean isPolicy = v == GroupOption.ISOLATED || v == GroupOption.INTERCONNECTED;
      Optional<Located<GroupOption>> earlier =
          isType ? type : isPolicy ? policy : Optional.ofNullable(seen.get(v));
      if (earlier.isPresent()) {
        out.error(
            DiagnosticCode.SG017,
            o.span(),
            optionWord(v)
                + (earlier.get().value() == v
                    ? " is repeated"
                    : " conflicts with " + optionWord(earlier.get().value()))
                + " (line "
                + earlier.get().span().line()
                + ", column "
                + earlier.get().span().column()
                + ")");
        continue;
      }
      seen.put(v, o);
      type = isType ? Optional.of(o) : type;
      policy = isPolicy ? Optional.of(o) : policy;
    }
    GroupType t =
        type.map(o -> o.value() == GroupOption.ADVANCED ? GroupType.ADVANCED : GroupType.BASIC)
            .orElse(GroupType.BASIC);
    boolean isolated = policy.map(o -> o.value() == GroupOption.ISOLATED).orElse(false);
    if (t == GroupType.ADVANCED && policy.isPresent() && !isolated) {
      out.error(
          DiagnosticCode.SG023,
          policy.get().span(),
          "advanced group " + d.name().text() + " is always isolated; it cannot be interconnected");
    }
    Policy p = t == GroupType.ADVANCED || isolated ? Policy.ISOLATED : Policy.INTERCONNECTED;
    return new GroupHeader(d, t, p, seen.containsKey(GroupOption.LEGACY_DEFAULT));
  }

  /** The custom rules of each group (its first declaration) as the quotas count them. */
  Map<String, Quotas.RuleCount> counts() {
    return counts;
  }

  private static String optionWord(GroupOption o) {
    return "'" + o.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "'";
  }

  /** The group with its expanded custom rules and, for legacy-default, the priority-110 rules. */
  Group group(GroupHeader h, Map<String, GroupHeader> headers) {
    List<Rule> all = new ArrayList<>();
    long custom = 0;
    long groupPeer = 0;
    for (var r : h.decl().rules()) {
      RuleResolver.Expansion e = rules.expand(h, r, headers);
      all.addAll(e.rules());
      custom += e.asWritten();
      groupPeer += r.peer() instanceof PeerNode.GroupPeer ? e.asWritten() : 0;
    }
    if (headers.get(h.name()) == h) {
      counts.put(h.name(), new Quotas.RuleCount(custom, groupPeer));
    }
    if (h.legacyDefault()) {
      all.addAll(LegacyDefaults.rules(h.name(), h.decl().name().span()));
    }
    return new Group(
        h.name(), h.type(), h.policy(), h.legacyDefault(), all, h.decl().name().span());
  }
}

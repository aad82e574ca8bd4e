package dev.sgproof.syntax;

import dev.sgproof.diag.SourceSpan;
import dev.sgproof.model.Action;
import dev.sgproof.model.Direction;
import dev.sgproof.model.Proto;
import dev.sgproof.syntax.antlr.SgProofBaseVisitor;
import dev.sgproof.syntax.antlr.SgProofParser.*;
import dev.sgproof.syntax.ast.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns an error-free parse tree into AST records. Each family of labelled alternatives has its own
 * small visitor that returns a record; there is no mutable state besides the file name.
 */
final class AstBuilder {
  private final String file;
  private final Positions positions;

  AstBuilder(String file, Positions positions) {
    this.file = file;
    this.positions = positions;
  }

  SpecNode spec(SpecContext c) {
    List<Statement> out = new ArrayList<>();
    for (StatementContext s : c.statement()) {
      out.add(statement(s));
    }
    return new SpecNode(file, out);
  }

  /** One top-level statement (the parser builds these one by one as it goes). */
  Statement statement(StatementContext s) {
    return statementVisitor.visit(s);
  }

  // ------------------------------------------------------------------ spans

  SourceSpan span(Token t) {
    return new SourceSpan(
        file, Math.max(1, t.getLine()), positions.column(t), positions.lengthOf(t));
  }

  /** From the first token to the last when on one line, else the first token's line only. */
  SourceSpan span(ParserRuleContext c) {
    Token a = c.getStart();
    Token b = c.getStop() == null ? a : c.getStop();
    if (a.getLine() != b.getLine() || b.getStopIndex() < a.getStartIndex()) {
      return span(a);
    }
    int length = positions.offset(b.getStopIndex() + 1) - positions.offset(a.getStartIndex());
    return new SourceSpan(file, a.getLine(), positions.column(a), length);
  }

  // ------------------------------------------------------------------ statements

  private final SgProofBaseVisitor<Statement> statementVisitor =
      new SgProofBaseVisitor<>() {
        @Override
        public Statement visitGroupStatement(GroupStatementContext c) {
          return group(c.groupDecl());
        }

        @Override
        public Statement visitInstanceStatement(InstanceStatementContext c) {
          return instanceVisitor.visit(c.instanceDecl());
        }

        @Override
        public Statement visitAssertStatement(AssertStatementContext c) {
          return assertion(c.assertDecl());
        }

        @Override
        public Statement visitIncludeStatement(IncludeStatementContext c) {
          Token s = c.includeDecl().STRING().getSymbol();
          return new IncludeDecl(
              unquote(s.getText()), span(s), span(c.includeDecl().INCLUDE().getSymbol()));
        }
      };

  private GroupDecl group(GroupDeclContext c) {
    List<Located<GroupOption>> options = new ArrayList<>();
    for (GroupOptionContext o : c.groupOption()) {
      options.add(new Located<>(groupOptionVisitor.visit(o), span(o)));
    }
    List<RuleDecl> rules = new ArrayList<>();
    if (c.groupBody() != null) {
      for (RuleDeclContext r : c.groupBody().ruleDecl()) {
        rules.add(rule(r));
      }
    }
    return new GroupDecl(ident(c.name()), options, rules, span(c.GROUP().getSymbol()));
  }

  private final SgProofBaseVisitor<GroupOption> groupOptionVisitor =
      new SgProofBaseVisitor<>() {
        @Override
        public GroupOption visitBasicOption(BasicOptionContext c) {
          return GroupOption.BASIC;
        }

        @Override
        public GroupOption visitAdvancedOption(AdvancedOptionContext c) {
          return GroupOption.ADVANCED;
        }

        @Override
        public GroupOption visitIsolatedOption(IsolatedOptionContext c) {
          return GroupOption.ISOLATED;
        }

        @Override
        public GroupOption visitInterconnectedOption(InterconnectedOptionContext c) {
          return GroupOption.INTERCONNECTED;
        }

        @Override
        public GroupOption visitLegacyDefaultOption(LegacyDefaultOptionContext c) {
          return GroupOption.LEGACY_DEFAULT;
        }
      };

  private RuleDecl rule(RuleDeclContext c) {
    // One pass over the children (each generated accessor walks them again, with an iterator)
    DirectionContext direction = null;
    ActionContext action = null;
    ProtocolContext protocol = null;
    PortListContext ports = null;
    PrepositionContext preposition = null;
    PeerContext peer = null;
    List<RuleOption> options = new ArrayList<>();
    for (int i = 0; i < c.getChildCount(); i++) {
      ParseTree child = c.getChild(i);
      if (child instanceof DirectionContext x) {
        direction = x;
      } else if (child instanceof ActionContext x) {
        action = x;
      } else if (child instanceof ProtocolContext x) {
        protocol = x;
      } else if (child instanceof PortListContext x) {
        ports = x;
      } else if (child instanceof PrepositionContext x) {
        preposition = x;
      } else if (child instanceof PeerContext x) {
        peer = x;
      } else if (child instanceof RuleOptionContext x) {
        options.add(ruleOptionVisitor.visit(x));
      }
    }
    Direction d =
        direction instanceof IngressDirectionContext ? Direction.INGRESS : Direction.EGRESS;
    Action a =
        action instanceof AllowActionContext || action instanceof AcceptActionContext
            ? Action.ALLOW
            : Action.DENY;
    Preposition p =
        preposition instanceof FromPrepositionContext ? Preposition.FROM : Preposition.TO;
    return new RuleDecl(
        new Located<>(d, span(direction)),
        new Located<>(a, span(action)),
        protocol(protocol),
        ports(ports),
        new Located<>(p, span(preposition)),
        peerVisitor.visit(peer),
        options,
        span(c));
  }

  private Located<Proto> protocol(ProtocolContext c) {
    return new Located<>(Proto.fromKeyword(c.getStart().getText()), span(c));
  }

  private List<PortRangeNode> ports(PortListContext c) {
    List<PortRangeNode> out = new ArrayList<>();
    if (c != null) {
      for (int i = 0; i < c.getChildCount(); i++) { // ranges, with commas between them
        if (!(c.getChild(i) instanceof PortRangeContext r)) {
          continue;
        }
        NumberLit low = number(r.low);
        out.add(new PortRangeNode(low, r.high == null ? low : number(r.high), span(r)));
      }
    }
    return out;
  }

  private final SgProofBaseVisitor<RuleOption> ruleOptionVisitor =
      new SgProofBaseVisitor<>() {
        @Override
        public RuleOption visitSportOption(SportOptionContext c) {
          return new RuleOption.Sport(ports(c.portList()), span(c.SPORT().getSymbol()));
        }

        @Override
        public RuleOption visitPriorityOption(PriorityOptionContext c) {
          return new RuleOption.Priority(number(c.number()), span(c.PRIORITY().getSymbol()));
        }
      };

  private final SgProofBaseVisitor<PeerNode> peerVisitor =
      new SgProofBaseVisitor<>() {
        @Override
        public PeerNode visitAddressPeer(AddressPeerContext c) {
          return new PeerNode.AddressPeer(address(c.address()));
        }

        @Override
        public PeerNode visitGroupPeer(GroupPeerContext c) {
          return new PeerNode.GroupPeer(ident(c.name()), span(c));
        }

        @Override
        public PeerNode visitAnyPeer(AnyPeerContext c) {
          return new PeerNode.AnyPeer(span(c));
        }
      };

  // ------------------------------------------------------------------ instances

  private final SgProofBaseVisitor<InstanceDecl> instanceVisitor =
      new SgProofBaseVisitor<>() {
        @Override
        public InstanceDecl visitOneLineInstance(OneLineInstanceContext c) {
          Ident name = ident(c.name());
          NicDecl nic =
              new NicDecl(name, addresses(c.addressList()), groups(c.membership()), name.span());
          return new InstanceDecl.OneLine(name, nic, span(c.INSTANCE().getSymbol()));
        }

        @Override
        public InstanceDecl visitBlockInstance(BlockInstanceContext c) {
          List<NicDecl> nics = new ArrayList<>();
          for (NicDeclContext n : c.nicDecl()) {
            Ident name = ident(n.name());
            nics.add(
                new NicDecl(name, addresses(n.addressList()), groups(n.membership()), name.span()));
          }
          return new InstanceDecl.Block(ident(c.name()), nics, span(c.INSTANCE().getSymbol()));
        }
      };

  private List<AddressLit> addresses(AddressListContext c) {
    List<AddressLit> out = new ArrayList<>();
    for (AddressContext a : c.address()) {
      out.add(address(a));
    }
    return out;
  }

  private List<Ident> groups(MembershipContext c) {
    List<Ident> out = new ArrayList<>();
    if (c != null) {
      for (NameContext n : c.name()) {
        out.add(ident(n));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ assertions

  private AssertDecl assertion(AssertDeclContext c) {
    String label = c.label() == null ? "" : unquote(c.label().STRING().getText());
    Arrow arrow = c.arrow() instanceof OneWayArrowContext ? Arrow.ONE_WAY : Arrow.BOTH_WAYS;
    Claim claim =
        Claim.valueOf(c.claim().getStart().getText().toUpperCase(java.util.Locale.ROOT));
    TrafficNode traffic = c.traffic() == null ? new TrafficNode.Omitted(span(c.claim())) : traffic(c.traffic());
    return new AssertDecl(
        label,
        endpointVisitor.visit(c.endpoint(0)),
        new Located<>(arrow, span(c.arrow())),
        endpointVisitor.visit(c.endpoint(1)),
        new Located<>(claim, span(c.claim())),
        traffic,
        text(c),
        span(c));
  }

  private TrafficNode traffic(TrafficContext c) {
    List<TrafficNode.Item> items = new ArrayList<>();
    for (TrafficItemContext i : c.trafficItem()) {
      items.add(new TrafficNode.Item(protocol(i.protocol()), ports(i.portList()), span(i)));
    }
    return new TrafficNode.Given(items);
  }

  /**
   * The tokens after {@code assert} and the label, joined by single spaces ({@code 80,443} tight).
   */
  private static String text(AssertDeclContext c) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < c.getChildCount(); i++) {
      ParseTree child = c.getChild(i);
      if (child != c.ASSERT() && child != c.label()) {
        leaves(child, words);
      }
    }
    StringBuilder b = new StringBuilder();
    String previous = "";
    for (String t : words) {
      if (b.length() > 0 && !isTight(t) && !isTight(previous)) {
        b.append(' ');
      }
      b.append(t);
      previous = t;
    }
    return b.toString();
  }

  private static void leaves(ParseTree t, List<String> out) {
    if (t instanceof TerminalNode n) {
      out.add(n.getText());
      return;
    }
    for (int i = 0; i < t.getChildCount(); i++) {
      leaves(t.getChild(i), out);
    }
  }

  private static boolean isTight(String t) {
    return t.equals(",") || t.equals(".") || t.equals("-");
  }

  private final SgProofBaseVisitor<EndpointNode> endpointVisitor =
      new SgProofBaseVisitor<>() {
        @Override
        public EndpointNode visitNicEndpoint(NicEndpointContext c) {
          return new EndpointNode.NicRef(ident(c.instance), ident(c.nic), span(c));
        }

        @Override
        public EndpointNode visitInstanceEndpoint(InstanceEndpointContext c) {
          return new EndpointNode.InstanceRef(ident(c.name()));
        }

        @Override
        public EndpointNode visitGroupEndpoint(GroupEndpointContext c) {
          return new EndpointNode.GroupRef(ident(c.name()), span(c));
        }

        @Override
        public EndpointNode visitAddressEndpoint(AddressEndpointContext c) {
          return new EndpointNode.AddressRef(address(c.address()));
        }

        @Override
        public EndpointNode visitInternetEndpoint(InternetEndpointContext c) {
          return new EndpointNode.InternetRef(span(c));
        }

        @Override
        public EndpointNode visitExternalEndpoint(ExternalEndpointContext c) {
          return new EndpointNode.ExternalRef(span(c));
        }
      };

  // ------------------------------------------------------------------ leaves

  // A name, a number and an address are one token each: its text, not the context's (which
  // concatenates the texts of its children).

  private Ident ident(NameContext c) {
    Token t = c.getStart();
    return new Ident(t.getText(), span(t));
  }

  private NumberLit number(NumberContext c) {
    Token t = c.getStart();
    return new NumberLit(new BigInteger(t.getText()), span(t));
  }

  private AddressLit address(AddressContext c) {
    Token t = c.getStart();
    return new AddressLit(t.getText(), span(t));
  }

  private static String unquote(String s) {
    return s.length() >= 2 ? s.substring(1, s.length() - 1) : "";
  }
}

package dev.sgproof.syntax;

import dev.sgproof.syntax.ast.AssertDecl;
import dev.sgproof.syntax.ast.GroupDecl;
import dev.sgproof.syntax.ast.GroupOption;
import dev.sgproof.syntax.ast.IncludeDecl;
import dev.sgproof.syntax.ast.InstanceDecl;
import dev.sgproof.syntax.ast.Located;
import dev.sgproof.syntax.ast.NicDecl;
import dev.sgproof.syntax.ast.PeerNode;
import dev.sgproof.syntax.ast.PortRangeNode;
import dev.sgproof.syntax.ast.Preposition;
import dev.sgproof.syntax.ast.RuleDecl;
import dev.sgproof.syntax.ast.RuleOption;
import dev.sgproof.syntax.ast.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a {@link Document} in canonical form (the form {@code sgproof fmt} writes and the
 * importer emits):
 *
 * <ul>
 *   <li>statements in the order given; one statement per line, rules and NICs one per line
 *       indented by two spaces; single spaces between words;
 *   <li>group options in the order type, policy, {@code legacy-default};
 *   <li>the rules of a group in columns (direction, action, protocol, ports, peer, options),
 *       padded to the widest cell of the group; {@code accept}/{@code drop} print as {@code
 *       allow}/{@code deny}; {@code sport} before {@code priority}; a range {@code N-N} prints as
 *       {@code N};
 *   <li>the NICs of a block instance in columns (name, addresses, groups);
 *   <li>trailing comments of the lines of one block aligned one space after the widest line;
 *   <li>blank lines: runs collapse to one, none at the start or end of a file or block;
 *   <li>a group without rules and without comments inside prints without braces;
 *   <li>an assertion's traffic in canonical form ({@link AssertionPrinter}): a union's items in
 *       protocol order, the ports of each sorted and merged, the same set of flows.
 * </ul>
 */
public final class DocumentPrinter {
  private DocumentPrinter() {}

  public static String print(Document d) {
    Out o = new Out();
    for (Document.Item item : d.items()) {
      o.leading(item.leading(), "");
      statement(o, item);
    }
    o.leading(d.endComments(), "");
    return o.text();
  }

  private static void statement(Out o, Document.Item item) {
    Statement s = item.statement();
    if (s instanceof GroupDecl g) {
      group(o, g, item);
    } else if (s instanceof InstanceDecl.OneLine i) {
      o.line(withComments("instance " + i.name().text() + nicTail(i.nic()), item.trailing()));
    } else if (s instanceof InstanceDecl.Block b) {
      block(o, b, item);
    } else if (s instanceof AssertDecl a) {
      String label = a.label().isEmpty() ? "" : "\"" + a.label() + "\": ";
      o.line(withComments("assert " + label + AssertionPrinter.print(a), item.trailing()));
    } else if (s instanceof IncludeDecl inc) {
      o.line(withComments("include \"" + inc.path() + "\"", item.trailing()));
    } else {
      throw new IllegalArgumentException("unknown statement " + s);
    }
  }

  private static void group(Out o, GroupDecl g, Document.Item item) {
    StringBuilder head = new StringBuilder("group ").append(g.name().text());
    g.options().stream()
        .map(Located::value)
        .sorted(Comparator.comparingInt(DocumentPrinter::optionRank))
        .forEach(opt -> head.append(' ').append(optionWord(opt)));
    if (g.rules().isEmpty() && noComment(item.innerEnd()) && noComment(innerComments(item))) {
      List<String> trailing = new ArrayList<>(item.trailing());
      trailing.addAll(item.closeTrailing());
      o.line(withComments(head.toString(), trailing));
      return;
    }
    o.line(withComments(head.append(" {").toString(), item.trailing()));
    List<List<String>> cells = new ArrayList<>();
    for (RuleDecl r : g.rules()) {
      cells.add(ruleCells(r));
    }
    body(o, columns(cells), item);
  }

  private static List<String> innerComments(Document.Item item) {
    List<String> all = new ArrayList<>();
    item.inner().forEach(i -> {
      all.addAll(i.leading());
      all.addAll(i.trailing());
    });
    return all;
  }

  /** True when the list holds no comment (blank-line markers print nothing in an empty block). */
  private static boolean noComment(List<String> comments) {
    return comments.stream().allMatch(String::isEmpty);
  }

  private static void block(Out o, InstanceDecl.Block b, Document.Item item) {
    o.line(withComments("instance " + b.name().text() + " {", item.trailing()));
    List<List<String>> cells = new ArrayList<>();
    for (NicDecl n : b.nics()) {
      List<String> c = new ArrayList<>();
      c.add("nic " + n.name().text());
      c.add("ip " + addresses(n));
      c.add(n.groups().isEmpty() ? "" : "in " + groups(n));
      cells.add(c);
    }
    body(o, columns(cells), item);
  }

  private static void body(Out o, List<String> lines, Document.Item item) {
    o.open();
    int width = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (i < item.inner().size() && !item.inner().get(i).trailing().isEmpty()) {
        width = Math.max(width, lines.get(i).length());
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      Document.Inner inner = i < item.inner().size() ? item.inner().get(i) : Document.Inner.NONE;
      o.leading(inner.leading(), "  ");
      String line = lines.get(i);
      if (!inner.trailing().isEmpty()) {
        line = pad(line, width) + " " + String.join(" ", inner.trailing());
      }
      o.line("  " + line);
    }
    o.leading(item.innerEnd(), "  ");
    o.close();
    o.line(withComments("}", item.closeTrailing()));
  }

  /** Joins cells with single spaces, padding every column but the last to its widest cell. */
  static List<String> columns(List<List<String>> rows) {
    int n = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] width = new int[n];
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    List<String> out = new ArrayList<>();
    for (List<String> r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        if (width[i] == 0) {
          continue;
        }
        if (b.length() > 0) {
          b.append(' ');
        }
        b.append(i == r.size() - 1 ? r.get(i) : pad(r.get(i), width[i]));
      }
      out.add(b.toString().stripTrailing());
    }
    return out;
  }

  private static List<String> ruleCells(RuleDecl r) {
    List<String> c = new ArrayList<>();
    c.add(r.direction().value().keyword());
    c.add(r.action().value().keyword());
    c.add(r.protocol().value().keyword());
    c.add(ports(r.ports()));
    String prep = r.preposition().value() == Preposition.FROM ? "from " : "to ";
    c.add(prep + peer(r.peer()));
    List<String> opts = new ArrayList<>();
    for (RuleOption opt : r.options()) {
      if (opt instanceof RuleOption.Sport s) {
        opts.add("sport " + ports(s.ports()));
      }
    }
    for (RuleOption opt : r.options()) {
      if (opt instanceof RuleOption.Priority p) {
        opts.add("priority " + p.value().value());
      }
    }
    c.add(String.join(" ", opts));
    return c;
  }

  private static String peer(PeerNode p) {
    if (p instanceof PeerNode.AddressPeer a) {
      return a.address().text();
    } else if (p instanceof PeerNode.GroupPeer g) {
      return "group " + g.group().text();
    }
    return "any";
  }

  static String ports(List<PortRangeNode> ports) {
    return ports.stream()
        .map(r -> r.low().value().equals(r.high().value())
            ? r.low().value().toString()
            : r.low().value() + "-" + r.high().value())
        .collect(Collectors.joining(","));
  }

  private static String nicTail(NicDecl n) {
    return " ip " + addresses(n) + (n.groups().isEmpty() ? "" : " in " + groups(n));
  }

  private static String addresses(NicDecl n) {
    return n.addresses().stream().map(a -> a.text()).collect(Collectors.joining(", "));
  }

  private static String groups(NicDecl n) {
    return n.groups().stream().map(g -> g.text()).collect(Collectors.joining(", "));
  }

  private static int optionRank(GroupOption o) {
    return switch (o) {
      case BASIC, ADVANCED -> 0;
      case ISOLATED, INTERCONNECTED -> 1;
      case LEGACY_DEFAULT -> 2;
    };
  }

  private static String optionWord(GroupOption o) {
    return switch (o) {
      case BASIC -> "basic";
      case ADVANCED -> "advanced";
      case ISOLATED -> "isolated";
      case INTERCONNECTED -> "interconnected";
      case LEGACY_DEFAULT -> "legacy-default";
    };
  }

  private static String withComments(String line, List<String> comments) {
    return comments.isEmpty() ? line : line + " " + String.join(" ", comments);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Lines with the blank-line policy: runs collapse, none at the start or end of a block. */
  private static final class Out {
    private final StringBuilder b = new StringBuilder();
    private boolean atStart = true;
    private boolean pendingBlank;

    void leading(List<String> comments, String indent) {
      for (String c : comments) {
        if (c.isEmpty()) {
          blank();
        } else {
          line(indent + c);
        }
      }
    }

    void blank() {
      pendingBlank = !atStart;
    }

    void line(String s) {
      if (pendingBlank) {
        b.append('\n');
      }
      b.append(s.stripTrailing()).append('\n');
      pendingBlank = false;
      atStart = false;
    }

    void open() {
      atStart = true;
      pendingBlank = false;
    }

    void close() {
      pendingBlank = false;
    }

    String text() {
      return b.toString();
    }
  }
}

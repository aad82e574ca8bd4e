package dev.sgproof.semantics.gen;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Seeded generators of hostile inputs: random bytes and soups of the language's own tokens. */
public final class InputGen {
  private static final List<String> TOKENS =
      List.of(
          "group",
          "basic",
          "advanced",
          "isolated",
          "interconnected",
          "legacy-default",
          "{",
          "}",
          "ingress",
          "egress",
          "allow",
          "deny",
          "accept",
          "drop",
          "tcp",
          "udp",
          "icmp",
          "icmpv6",
          "gre",
          "all",
          "from",
          "to",
          "any",
          "sport",
          "priority",
          "instance",
          "nic",
          "ip",
          "in",
          "assert",
          "internet",
          "reachable",
          "unreachable",
          "only",
          "include",
          "->",
          "<->",
          ",",
          "-",
          ".",
          ":",
          "\"label\"",
          "\"open",
          "10.0.0.1",
          "10.0.0.0/8",
          "0.0.0.0/0",
          "1.2.3.4.5",
          "300.1.1.1/40",
          "fe80::1",
          "::/0",
          "2001:db8::/32",
          "::ffff:10.0.0.1",
          "1:2:3",
          "0",
          "1",
          "22",
          "65536",
          "99999999999999999999999",
          "A",
          "B",
          "G",
          "H",
          "eth0",
          "A.eth0",
          "\n",
          "# c\n",
          "// c\n",
          "$",
          "\t");

  private InputGen() {}

  public static String bytes(Random r) {
    byte[] b = new byte[r.nextInt(200)];
    r.nextBytes(b);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Random UTF-16 text: ASCII, astral characters, unpaired surrogates, tokens and newlines. */
  public static String unicode(Random r) {
    StringBuilder b = new StringBuilder();
    for (int n = r.nextInt(60); n > 0; n--) {
      switch (r.nextInt(5)) {
        case 0 -> b.appendCodePoint(0x1F600 + r.nextInt(80));
        case 1 -> b.append((char) (0xD800 + r.nextInt(0x800)));
        case 2 -> b.append(TOKENS.get(r.nextInt(TOKENS.size()))).append(' ');
        case 3 -> b.append('\n');
        default -> b.append((char) r.nextInt(0x3000));
      }
    }
    return b.toString();
  }

  public static String soup(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(80);
    for (int i = 0; i < n; i++) {
      b.append(TOKENS.get(r.nextInt(TOKENS.size()))).append(r.nextInt(4) == 0 ? "" : " ");
    }
    return b.toString();
  }

  private static final List<String> NAMES = List.of("A", "B", "G", "H", "Adv", "web-1");
  private static final List<String> ADDRESSES =
      List.of(
          "10.0.0.1",
          "10.0.0.2",
          "10.0.0.0/8",
          "10.0.0.1/8",
          "0.0.0.0/0",
          "2001:db8::1",
          "2001:db8::/32",
          "::/0",
          "fe80::1/128",
          "10.0.0.3/32",
          "256.0.0.1",
          "1::2::3");
  private static final List<String> PORTS =
      List.of("", " 22", " 80,443", " 1-65535", " 0", " 70000", " 9-3", " 1" + "0".repeat(30));
  private static final List<String> PROTOS = List.of("tcp", "udp", "icmp", "icmpv6", "gre", "all");

  /** Statements shaped like the language, with values both valid and invalid. */
  public static String statements(Random r) {
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(12);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(3)) {
        case 0 -> group(r, b);
        case 1 -> instance(r, b);
        default -> assertion(r, b);
      }
    }
    return b.toString();
  }

  private static <T> T pick(Random r, List<T> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  private static void group(Random r, StringBuilder b) {
    b.append("group ").append(pick(r, NAMES));
    for (int k = r.nextInt(3); k > 0; k--) {
      b.append(' ')
          .append(
              pick(
                  r, List.of("basic", "advanced", "isolated", "interconnected", "legacy-default")));
    }
    b.append(" {\n");
    for (int k = r.nextInt(4); k > 0; k--) {
      b.append("  ")
          .append(pick(r, List.of("ingress", "egress")))
          .append(' ')
          .append(pick(r, List.of("allow", "deny", "accept", "drop")))
          .append(' ')
          .append(pick(r, PROTOS))
          .append(pick(r, PORTS))
          .append(' ')
          .append(pick(r, List.of("from", "to")))
          .append(' ')
          .append(pick(r, List.of("any", "group " + pick(r, NAMES), pick(r, ADDRESSES))))
          .append(r.nextBoolean() ? " sport" + pick(r, PORTS.subList(1, PORTS.size())) : "")
          .append(
              r.nextBoolean() ? " priority " + pick(r, List.of("1", "100", "0", "101", "7")) : "")
          .append('\n');
    }
    b.append("}\n");
  }

  private static void instance(Random r, StringBuilder b) {
    b.append("instance ").append(pick(r, NAMES));
    if (r.nextBoolean()) {
      b.append(nic(r)).append('\n');
      return;
    }
    b.append(" {\n");
    for (int k = r.nextInt(3); k > 0; k--) {
      b.append("  nic eth").append(r.nextInt(2)).append(nic(r)).append('\n');
    }
    b.append("}\n");
  }

  private static String nic(Random r) {
    StringBuilder b = new StringBuilder(" ip ").append(pick(r, ADDRESSES));
    if (r.nextBoolean()) {
      b.append(", ").append(pick(r, ADDRESSES));
    }
    if (r.nextInt(4) > 0) {
      b.append(" in ").append(pick(r, NAMES));
      if (r.nextBoolean()) {
        b.append(", ").append(pick(r, NAMES));
      }
    }
    return b.toString();
  }

  private static void assertion(Random r, StringBuilder b) {
    List<String> ends =
        List.of(
            pick(r, NAMES),
            pick(r, NAMES) + ".eth0",
            "group " + pick(r, NAMES),
            pick(r, ADDRESSES),
            "internet");
    boolean two = r.nextBoolean();
    b.append("assert ")
        .append(r.nextBoolean() ? "\"l\": " : "")
        .append(pick(r, ends))
        .append(two ? " <-> " : " -> ")
        .append(pick(r, ends))
        .append(' ')
        .append(
            pick(
                r,
                two
                    ? List.of("isolated", "interconnected", "reachable")
                    : List.of("reachable", "unreachable", "only", "isolated")))
        .append(r.nextBoolean() ? " " + pick(r, PROTOS) + pick(r, PORTS) : "")
        .append('\n');
  }
}

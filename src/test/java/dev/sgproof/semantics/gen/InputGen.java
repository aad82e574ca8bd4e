package dev.sgproof.semantics.gen;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Seeded generators of hostile inputs: random bytes and soups of the language's own tokens. */
public final class InputGen {
  private static final List<String> TOKENS = List.of(
      "group", "basic", "advanced", "isolated", "interconnected", "legacy-default", "{", "}",
      "ingress", "egress", "allow", "deny", "accept", "drop", "tcp", "udp", "icmp", "icmpv6", "gre",
      "all", "from", "to", "any", "sport", "priority", "instance", "nic", "ip", "in", "assert",
      "internet", "reachable", "unreachable", "only", "include", "->", "<->", ",", "-", ".", ":",
      "\"label\"", "\"open", "10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "1.2.3.4.5", "300.1.1.1/40",
      "fe80::1", "::/0", "2001:db8::/32", "::ffff:10.0.0.1", "1:2:3", "0", "1", "22", "65536",
      "99999999999999999999999", "A", "B", "G", "H", "eth0", "A.eth0", "\n", "# c\n", "// c\n", "$", "\t");

  private InputGen() {}

  public static String bytes(Random r) {
    byte[] b = new byte[r.nextInt(200)];
    r.nextBytes(b);
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  public static String soup(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(80);
    for (int i = 0; i < n; i++) {
      b.append(TOKENS.get(r.nextInt(TOKENS.size()))).append(r.nextInt(4) == 0 ? "" : " ");
    }
    return b.toString();
  }
}

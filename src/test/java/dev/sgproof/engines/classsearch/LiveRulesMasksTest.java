package dev.sgproof.engines.classsearch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.query.Classes;
import dev.sgproof.semantics.SpecLoader;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The masks of repeated searches, made as the intersection of one mask per protocol, destination
 * port and source port, are those of matching each rule against the combination (section 3):
 * seeded random rule sets (any, tcp, udp, icmp, port ranges, source ports), every protocol class
 * and ports at and around each rule's bounds.
 */
class LiveRulesMasksTest {

  static Stream<Long> seeds() {
    long base = Long.getLong("sgproof.seed", 20261201L);
    System.out.println("LiveRulesMasksTest base seed " + base);
    return Stream.iterate(base, s -> s + 1).limit(40);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void masksByDimensionAreTheMatchingRules(long seed) {
    Random r = new Random(seed);
    StringBuilder text = new StringBuilder("group G {\n");
    int count = 1 + r.nextInt(200);
    for (int i = 0; i < count; i++) {
      text.append("  ingress allow ");
      switch (r.nextInt(5)) {
        case 0 -> text.append("all");
        case 1 -> text.append("icmp");
        default -> {
          text.append(r.nextBoolean() ? "tcp " : "udp ");
          int low = 1 + r.nextInt(2000);
          text.append(low);
          if (r.nextBoolean()) {
            text.append('-').append(low + r.nextInt(500));
          }
          if (r.nextInt(4) == 0) {
            int s = 1 + r.nextInt(60000);
            text.append(" from 10.0.0.0/8 sport ").append(s).append('-')
                .append(s + r.nextInt(5000)).append('\n');
            continue;
          }
        }
      }
      text.append(" from 10.0.0.0/8\n");
    }
    String spec = text.append("}\n").toString();
    var loaded = SpecLoader.load(new SourceText("masks.sg", spec));
    Rule[] rules = loaded.spec().network().groups().get(0).rules().toArray(Rule[]::new);
    int[] peers = new int[rules.length];
    LiveRules byDimension = new LiveRules(rules, peers, true);
    LiveRules direct = new LiveRules(rules, peers, false);
    for (int i = 0; i < 300; i++) {
      int protocol = Classes.PROTOCOLS.get(r.nextInt(Classes.PROTOCOLS.size()));
      Rule near = rules[r.nextInt(rules.length)];
      int dport = Math.max(0, Math.min(65535, near.dstPorts().low() + r.nextInt(5) - 2));
      int sport = r.nextBoolean() ? Classes.PREFERRED_SOURCE_PORT
          : Math.max(0, Math.min(65535, near.srcPorts().high() + r.nextInt(5) - 2));
      if (!Protocols.hasPorts(protocol)) {
        dport = 0;
        sport = 0;
      }
      assertArrayEquals(direct.mask(protocol, dport, sport),
          byDimension.mask(protocol, dport, sport),
          "seed " + seed + ", protocol " + protocol + " ports " + sport + " -> " + dport);
    }
  }
}

package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import dev.sgproof.model.RuleTraffic;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Live rules (sorted by priority) with what section 3 matches on, unpacked for speed. */
final class LiveRules {
  final Rule[] rules;
  final int[] peer;
  /** Each rule's place among the rules of its group set and direction. */
  final int[] at;
  /** The rules unpacked for matching, made on first use (the cells of a set's rules need none). */
  private RuleTraffic traffic;

  /**
   * Rules in the order of their group set's rules ({@code at}: their places there).
   *
   * @param repeated whether the same combinations will be asked for again and again (the
   *     searches of dependsOn): then a large rule set remembers its masks
   */
  LiveRules(Rule[] rules, int[] peer, int[] at, boolean repeated) {
    this.masks = repeated && rules.length > REMEMBER_MASKS ? new HashMap<>() : null;
    this.byDimension = repeated ? new DimensionMasks() : null;
    this.rules = rules;
    this.peer = peer;
    this.at = at;
  }

  /** Every rule of a group set's direction (at their own places). */
  LiveRules(Rule[] rules, int[] peer, boolean repeated) {
    this(rules, peer, java.util.stream.IntStream.range(0, rules.length).toArray(), repeated);
  }

  /** Live rule sets larger than this remember their masks (see {@link #mask}). */
  static final int REMEMBER_MASKS = 128;

  /** Masks by combination, for rule sets large enough that matching each time costs. */
  private final Map<Long, long[]> masks;

  /**
   * The rules that match the protocol and ports (section 3), as a bit mask over the rules (the
   * caller's to change). Remembered per combination for more than {@link #REMEMBER_MASKS} rules
   * when searches repeat: dependsOn searches the same combinations once per rule.
   */
  long[] mask(int flowProtocol, int dport, int sport) {
    if (masks == null) {
      return byDimension == null ? matching(flowProtocol, dport, sport)
          : byDimension.matching(flowProtocol, dport, sport);
    }
    long key = ((long) flowProtocol << 34) | ((long) dport << 17) | sport;
    return masks.computeIfAbsent(key, k -> byDimension.matching(flowProtocol, dport, sport))
        .clone();
  }

  /**
   * The matching rules of repeated searches (which ask for every combination of protocols and
   * ports, or the same ones again) as the intersection of three masks, each made once per value:
   * the rules that match the protocol, the destination port, the source port. A rule matches a
   * combination exactly when it matches each of the three (section 3), so this is {@link
   * #matching}, at the cost of a few word operations per combination.
   */
  private final DimensionMasks byDimension;

  private final class DimensionMasks {
    private final Map<Integer, long[]> protocols = new HashMap<>();
    private final Map<Integer, long[]> dstPorts = new HashMap<>();
    private final Map<Integer, long[]> srcPorts = new HashMap<>();

    long[] matching(int flowProtocol, int dport, int sport) {
      long[] m = protocols.computeIfAbsent(flowProtocol, p -> {
        long[] out = new long[(rules.length + 63) >>> 6];
        for (int i = 0; i < rules.length; i++) {
          if (traffic().matchesProtocol(i, p)) {
            out[i >>> 6] |= 1L << i;
          }
        }
        return out;
      }).clone();
      if (Protocols.hasPorts(flowProtocol)) {
        long[] d = dstPorts.computeIfAbsent(dport, port -> within(true, port));
        long[] s = srcPorts.computeIfAbsent(sport, port -> within(false, port));
        for (int w = 0; w < m.length; w++) {
          m[w] &= d[w] & s[w];
        }
      }
      return m;
    }

    private long[] within(boolean dst, int port) {
      RuleTraffic traffic = traffic();
      long[] out = new long[(rules.length + 63) >>> 6];
      for (int i = 0; i < rules.length; i++) {
        if (dst ? traffic.dstPortsHold(i, port) : traffic.srcPortsHold(i, port)) {
          out[i >>> 6] |= 1L << i;
        }
      }
      return out;
    }
  }

  /**
   * The rules that match the protocol and ports, matched one by one (a new mask): for a
   * combination asked once, as each cell of a group set's rules is ({@link Ends.SetCells}).
   */
  long[] matching(int flowProtocol, int dport, int sport) {
    boolean ports = Protocols.hasPorts(flowProtocol);
    RuleTraffic traffic = traffic();
    long[] m = new long[(rules.length + 63) >>> 6];
    for (int i = 0; i < rules.length; i++) {
      if (traffic.matches(i, flowProtocol, ports, sport, dport)) {
        m[i >>> 6] |= 1L << i;
      }
    }
    return m;
  }

  private RuleTraffic traffic() {
    if (traffic == null) {
      traffic = new RuleTraffic(rules);
    }
    return traffic;
  }

  /** Clears the bits of the rules that are not kept (none when {@code kept} is null). */
  void keepOnly(long[] mask, Set<Rule> kept) {
    if (kept == null) {
      return;
    }
    if (kept instanceof KeptRules flags) {
      long[] keep = keptWords(flags);
      for (int w = 0; w < mask.length; w++) {
        mask[w] &= keep[w];
      }
      return;
    }
    for (int w = 0; w < mask.length; w++) {
      for (long bits = mask[w]; bits != 0; bits &= bits - 1) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        if (!kept.contains(rules[i])) {
          mask[w] &= ~(1L << i);
        }
      }
    }
  }

  /** The kept rules of {@link #keptWords} as a mask over these rules, and what it was made of. */
  private long[] keptWords;
  private KeptRules keptFrom;
  private long keptVersion = -1;

  /**
   * The rules {@code flags} keep as a mask over these rules, made again only after the flags
   * change: the deletion tests of dependsOn clear many masks per change of one flag.
   */
  private long[] keptWords(KeptRules flags) {
    if (keptFrom != flags || keptVersion != flags.version()) {
      int[] order = specOrder(flags.order);
      long[] words = keptWords != null && keptFrom == flags ? keptWords
          : new long[(rules.length + 63) >>> 6];
      java.util.Arrays.fill(words, 0L);
      for (int i = 0; i < rules.length; i++) {
        if (flags.kept[order[i]]) {
          words[i >>> 6] |= 1L << i;
        }
      }
      keptWords = words;
      keptFrom = flags;
      keptVersion = flags.version();
    }
    return keptWords;
  }

  private Map<Rule, Integer> orderOf;
  private int[] order;

  /** Each rule's place in the given spec order, looked up once. */
  private int[] specOrder(Map<Rule, Integer> byRule) {
    if (orderOf != byRule) {
      int[] o = new int[rules.length];
      for (int i = 0; i < rules.length; i++) {
        o[i] = byRule.get(rules[i]);
      }
      order = o;
      orderOf = byRule;
    }
    return order;
  }

  /** The positions of the rules in the mask, in priority order. */
  int[] select(long[] mask) {
    int[] out = new int[count(mask)];
    int k = 0;
    for (int w = 0; w < mask.length; w++) {
      for (long bits = mask[w]; bits != 0; bits &= bits - 1) {
        out[k++] = (w << 6) + Long.numberOfTrailingZeros(bits);
      }
    }
    return out;
  }

  private static int count(long[] mask) {
    int c = 0;
    for (long w : mask) {
      c += Long.bitCount(w);
    }
    return c;
  }
}

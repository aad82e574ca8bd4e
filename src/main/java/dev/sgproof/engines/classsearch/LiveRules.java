package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Proto;
import dev.sgproof.model.Protocols;
import dev.sgproof.model.Rule;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Live rules (sorted by priority) with what section 3 matches on, unpacked for speed. */
final class LiveRules {
  final Rule[] rules;
  final int[] peer;
  final int[] protocol;
  final int[] dstLow;
  final int[] dstHigh;
  final int[] srcLow;
  final int[] srcHigh;

  /**
   * @param repeated whether the same combinations will be asked for again and again (the
   *     searches of dependsOn): then a large rule set remembers its masks
   */
  LiveRules(Rule[] rules, int[] peer, boolean repeated) {
    this.masks = repeated && rules.length > REMEMBER_MASKS ? new HashMap<>() : null;
    this.rules = rules;
    this.peer = peer;
    int k = rules.length;
    protocol = new int[k];
    dstLow = new int[k];
    dstHigh = new int[k];
    srcLow = new int[k];
    srcHigh = new int[k];
    for (int i = 0; i < k; i++) {
      Rule r = rules[i];
      protocol[i] = r.protocol() == Proto.ALL ? -1 : r.protocol().number();
      dstLow[i] = r.dstPorts().low();
      dstHigh[i] = r.dstPorts().high();
      srcLow[i] = r.srcPorts().low();
      srcHigh[i] = r.srcPorts().high();
    }
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
      return matching(flowProtocol, dport, sport);
    }
    long key = ((long) flowProtocol << 34) | ((long) dport << 17) | sport;
    return masks.computeIfAbsent(key, k -> matching(flowProtocol, dport, sport)).clone();
  }

  private long[] matching(int flowProtocol, int dport, int sport) {
    boolean ports = Protocols.hasPorts(flowProtocol);
    long[] m = new long[(rules.length + 63) >>> 6];
    for (int i = 0; i < rules.length; i++) {
      if (protocol[i] != -1 && protocol[i] != flowProtocol) {
        continue;
      }
      if (ports && (dport < dstLow[i] || dport > dstHigh[i] || sport < srcLow[i]
          || sport > srcHigh[i])) {
        continue;
      }
      m[i >>> 6] |= 1L << i;
    }
    return m;
  }

  /** Clears the bits of the rules that are not kept (none when {@code kept} is null). */
  void keepOnly(long[] mask, Set<Rule> kept) {
    if (kept == null) {
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

package dev.sgproof.imports;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses spec names for cloud objects: the cloud name when it is a valid name of the language
 * (letters, digits, {@code _}, {@code -}, starting with a letter, not ending in {@code -}, not a
 * keyword) and no other object of the kind wants it; else the cloud name with each run of other
 * characters replaced by {@code _}, under the same conditions; else the ID (sanitised the same
 * way). IDs are unique, so the result is unique; the choice for one object changes only when
 * another object of the kind takes or drops the same name.
 */
final class Names {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_-]*[a-zA-Z0-9_])?");
  static final Set<String> KEYWORDS = Set.of(
      "group", "basic", "advanced", "isolated", "interconnected", "legacy-default", "ingress",
      "egress", "allow", "accept", "deny", "drop", "tcp", "udp", "icmp", "icmpv6", "gre", "all",
      "from", "to", "any", "sport", "priority", "instance", "nic", "ip", "in", "assert",
      "internet", "external", "reachable", "unreachable", "only", "include");

  private Names() {}

  static boolean valid(String s) {
    return NAME.matcher(s).matches() && !KEYWORDS.contains(s);
  }

  /** Sanitises any text into a valid name; empty when nothing usable is left. */
  static String sanitise(String s) {
    String t = s.replaceAll("[^A-Za-z0-9_-]+", "_");
    t = t.replaceFirst("^[^A-Za-z]+", "");
    t = t.replaceFirst("[-_]+$", "");
    return valid(t) ? t : "";
  }

  /** Names for IDs (in iteration order) given their cloud names (absent or empty: none). */
  static Map<String, String> choose(Map<String, String> cloudNames, Map<String, String> fallbacks) {
    Map<String, String> wanted = new LinkedHashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (Map.Entry<String, String> e : cloudNames.entrySet()) {
      String n = e.getValue() == null ? "" : e.getValue().trim();
      String w = valid(n) ? n : sanitise(n);
      wanted.put(e.getKey(), w);
      if (!w.isEmpty()) {
        count.merge(w, 1, Integer::sum);
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String w = e.getValue();
      if (!w.isEmpty() && count.get(w) == 1) {
        out.put(e.getKey(), w);
        used.add(w);
      }
    }
    for (String id : wanted.keySet()) {
      if (out.containsKey(id)) {
        continue;
      }
      String base = fallbacks.getOrDefault(id, id);
      String f = valid(base) ? base : sanitise(base);
      if (f.isEmpty()) {
        f = "x_" + Integer.toHexString(id.hashCode());
      }
      String candidate = f;
      for (int i = 2; used.contains(candidate); i++) {
        candidate = f + "_" + i;
      }
      out.put(id, candidate);
      used.add(candidate);
    }
    return out;
  }
}

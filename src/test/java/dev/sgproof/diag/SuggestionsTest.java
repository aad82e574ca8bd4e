package dev.sgproof.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static Optional<String> closest(String word, String... candidates) {
    return new Suggestions().closest(word, List.of(candidates));
  }

  @Test
  void suggestsTheOneCandidateWithinTwoEditsOrOneForShortWords() {
    assertEquals(Optional.of("Web"), closest("Wbe", "Web", "App", "Db"));
    assertEquals(Optional.of("ingress"), closest("ingres", "ingress", "egress"));
    assertEquals(Optional.of("legacy-default"), closest("legacy-defualt", "legacy-default"));
    assertEquals(Optional.of("internet"), closest("intrnt", "internet", "X"));
    // Three edits are too many; so are two for a word of four characters.
    assertEquals(Optional.empty(), closest("igrs", "ingress"));
    assertEquals(Optional.empty(), closest("Wxyz", "Wa"));
  }

  @Test
  void suggestsNothingOnATieOrForASingleCharacter() {
    assertEquals(Optional.empty(), closest("ucp", "tcp", "udp"));
    assertEquals(Optional.empty(), closest("B", "A"));
    assertEquals(Optional.of("udp"), closest("ucp", "udp", "gre"));
  }

  @Test
  void neverSuggestsTheWordItselfAndTakesDuplicatesOnce() {
    assertEquals(Optional.empty(), closest("Web", "Web"));
    assertEquals(Optional.of("Web"), closest("Wbe", "Web", "Web"));
  }

  @Test
  void theHintNamesTheCandidate() {
    assertEquals(" (did you mean 'Web'?)", new Suggestions().hint("Wbe", List.of("Web")));
    assertEquals("", new Suggestions().hint("Zzz", List.of("Web")));
  }

  /** The banded distance agrees with the full table (optimal string alignment) up to its cap. */
  @Test
  void theBandedDistanceIsTheFullDistanceCappedAtMaxPlusOne() {
    long seed = Property.baseSeed(77L);
    Random r = new Random(seed);
    for (int i = 0; i < Fuzz.cases(20_000); i++) {
      String a = word(r);
      String b = r.nextBoolean() ? word(r) : mutate(a, r);
      int max = r.nextInt(4);
      int expected = Math.min(full(a, b), max + 1);
      assertEquals(expected, Suggestions.distance(a, b, max),
          "seed " + seed + " case " + i + ": '" + a + "' '" + b + "' max " + max);
    }
  }

  @Test
  void thousandsOfUnknownNamesAmongThousandsOfCandidatesStopAtTheBudget() {
    List<String> candidates = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      candidates.add(String.format("sg-%08x", i * 2654435761L & 0xffffffffL));
    }
    long budget = 5_000_000L;
    Suggestions s = new Suggestions(budget);
    String nearFirst = candidates.get(0) + "x";
    assertEquals(Optional.of(candidates.get(0)), s.closest(nearFirst, candidates));
    long one = s.spent();
    for (int i = 0; i < 5_000 && s.spent() <= budget; i++) {
      s.closest(String.format("sg-%08x", i * 40503L + 7) + "y", candidates);
    }
    // One lookup looks at every candidate (20,000 steps and the bands); 5,000 lookups would be
    // far above the budget, which stops them.
    assertTrue(one > 20_000 && 5_000 * one > 10 * budget, "one lookup: " + one);
    assertTrue(s.spent() > budget && s.spent() <= budget + one, "spent " + s.spent());
    assertEquals(Optional.empty(), s.closest(candidates.get(1) + "x", candidates));
    // A remembered answer costs nothing and is still given.
    long spent = s.spent();
    assertEquals(Optional.of(candidates.get(0)), s.closest(nearFirst, candidates));
    assertEquals(spent, s.spent());
  }

  private static String word(Random r) {
    StringBuilder b = new StringBuilder();
    for (int n = r.nextInt(8); n > 0; n--) {
      b.append("abc".charAt(r.nextInt(3)));
    }
    return b.toString();
  }

  private static String mutate(String a, Random r) {
    StringBuilder b = new StringBuilder(a);
    for (int n = r.nextInt(4); n > 0; n--) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length());
      switch (r.nextInt(4)) {
        case 0 -> b.insert(at, "abc".charAt(r.nextInt(3)));
        case 1 -> { if (b.length() > 0) b.deleteCharAt(at); }
        case 2 -> { if (b.length() > 0) b.setCharAt(at, "abc".charAt(r.nextInt(3))); }
        default -> {
          if (at + 1 < b.length()) {
            char c = b.charAt(at);
            b.setCharAt(at, b.charAt(at + 1));
            b.setCharAt(at + 1, c);
          }
        }
      }
    }
    return b.toString();
  }

  /** Optimal string alignment distance, the whole table. */
  private static int full(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
          continue;
        }
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

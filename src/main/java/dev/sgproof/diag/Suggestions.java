package dev.sgproof.diag;

import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * "Did you mean": the one candidate clearly closest to a misspelled word. Close means at most 2
 * edits (an insertion, a deletion, a substitution, or swapping two neighbours), at most 1 for a
 * word of 4 characters or fewer, and fewer edits than the word has characters. Clearly closest
 * means no other candidate is as close; on a tie there is no suggestion.
 *
 * <p>An instance remembers its answers, and all its lookups together examine at most a fixed
 * number of characters (then they suggest nothing), so a spec with thousands of unknown names
 * among thousands of candidates stays fast; the answers depend only on the order of the lookups.
 */
public final class Suggestions {
  /**
   * Steps (a candidate looked at, a cell of the distance band) over all lookups of one instance
   * before it stops suggesting: about a second.
   */
  static final long BUDGET = 100_000_000L;

  /** Answers by candidate collection (the same object, not an equal one) and word. */
  private final Map<Collection<String>, Map<String, Optional<String>>> memo =
      new IdentityHashMap<>();
  private final long initialBudget;
  private long budget;

  public Suggestions() {
    this(BUDGET);
  }

  /** With another budget of steps (tests). */
  Suggestions(long budget) {
    this.initialBudget = budget;
    this.budget = budget;
  }

  /** The hint to append to a message: {@code " (did you mean 'X'?)"}, or empty. */
  public String hint(String word, Collection<String> candidates) {
    return closest(word, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  /** The candidate clearly closest to {@code word}, if one is close. */
  public Optional<String> closest(String word, Collection<String> candidates) {
    Map<String, Optional<String>> known =
        memo.computeIfAbsent(candidates, c -> new HashMap<>());
    Optional<String> answer = known.get(word);
    if (answer == null) {
      answer = search(word, candidates);
      known.put(word, answer);
    }
    return answer;
  }

  private Optional<String> search(String word, Collection<String> candidates) {
    int max = maxEdits(word);
    if (max == 0) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = max + 1;
    boolean tie = false;
    for (String c : candidates) {
      budget--;
      if (Math.abs(c.length() - word.length()) > max || c.equals(word) || c.equals(best)) {
        if (budget < 0) {
          return Optional.empty();
        }
        continue;
      }
      budget -= (long) word.length() * (2 * max + 1);
      if (budget < 0) {
        return Optional.empty();
      }
      int d = distance(word, c, Math.min(max, bestDistance));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
        tie = false;
      } else if (d == bestDistance && d <= max) {
        tie = true;
      }
    }
    return best == null || tie ? Optional.empty() : Optional.of(best);
  }

  /** The steps taken so far (at most the budget and one lookup's worth). */
  long spent() {
    return initialBudget - budget;
  }

  /** The edits allowed for a word: 1 up to 4 characters, else 2, and fewer than its length. */
  static int maxEdits(String word) {
    int length = word.length();
    return Math.min(length - 1, length <= 4 ? 1 : 2);
  }

  /**
   * The optimal string alignment distance (Levenshtein with swaps of neighbours) between a and b,
   * or {@code max + 1} when it exceeds {@code max}. Computes only a band of width 2 max + 1.
   */
  static int distance(String a, String b, int max) {
    int n = a.length();
    int m = b.length();
    if (Math.abs(n - m) > max) {
      return max + 1;
    }
    int big = max + 1;
    // Rows i-2, i-1 and i; outside its band a row reads as big (each row writes a big just
    // outside both ends of its band, so no stale value of an older row is ever read).
    int[] before = new int[m + 2];
    int[] previous = new int[m + 2];
    int[] current = new int[m + 2];
    for (int j = 0; j <= m + 1; j++) {
      previous[j] = j <= max ? j : big;
    }
    for (int i = 1; i <= n; i++) {
      int from = Math.max(1, i - max);
      int to = Math.min(m, i + max);
      current[0] = i <= max ? i : big;
      current[from - 1] = from == 1 ? current[0] : big;
      current[to + 1] = big;
      int rowMin = current[0];
      for (int j = from; j <= to; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d = Math.min(d, before[j - 2] + 1);
        }
        current[j] = Math.min(d, big);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > max) {
        return big;
      }
      int[] t = before;
      before = previous;
      previous = current;
      current = t;
    }
    return Math.min(previous[m], big);
  }
}

package dev.sgproof.shard;

/**
 * Share K of N of a run's assertions ({@code verify --shard K/N}), 1 <= K <= N <= {@link #MAX}.
 */
public record Shard(int index, int count) {
  /** More shards than this is surely a mistake (and would make every header large). */
  public static final int MAX = 1000;

  public Shard {
    if (count < 1 || count > MAX || index < 1 || index > count) {
      throw new IllegalArgumentException(why(index, count));
    }
  }

  private static String why(int index, int count) {
    if (count < 1 || count > MAX) {
      return "the number of shards N must be between 1 and " + MAX + ", not " + count;
    }
    return "the shard K must be between 1 and N = " + count + ", not " + index;
  }

  /**
   * Parses {@code K/N}.
   *
   * @throws IllegalArgumentException with a message for the user when the text is not K/N
   */
  public static Shard parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1
        || !digits(text.substring(0, slash)) || !digits(text.substring(slash + 1))) {
      throw new IllegalArgumentException("expected K/N, two whole numbers such as 2/4, not '"
          + text + "'");
    }
    int k = number(text.substring(0, slash));
    int n = number(text.substring(slash + 1));
    if (n < 1 || n > MAX || k < 1 || k > n) {
      throw new IllegalArgumentException(why(k, n));
    }
    return new Shard(k, n);
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The value, or MAX + 1 for one too long to matter (reported as out of range). */
  private static int number(String s) {
    String t = s.replaceFirst("^0+(?=.)", "");
    return t.length() > 6 ? MAX + 1 : Integer.parseInt(t);
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}

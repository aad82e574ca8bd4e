package dev.sgproof.gen;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random source for generators. Same seed, same sequence: a failing case is reproduced
 * from the seed printed with it. {@link #split()} derives an independent stream, so adding a draw
 * in one generator does not shift the draws of another.
 */
public final class Gen {
  private final long seed;
  private final SplittableRandom random;

  public Gen(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  private Gen(long seed, SplittableRandom random) {
    this.seed = seed;
    this.random = random;
  }

  /** The seed this source was created with. */
  public long seed() {
    return seed;
  }

  /** An independent source derived from this one. */
  public Gen split() {
    return new Gen(seed, random.split());
  }

  /** Uniform in {@code low..high}, both inclusive. */
  public int intBetween(int low, int high) {
    if (low > high) {
      throw new IllegalArgumentException(low + " > " + high);
    }
    return low + random.nextInt(high - low + 1);
  }

  /** Uniform in {@code 0..bound-1}. */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  public long nextLong() {
    return random.nextLong();
  }

  /** True with the given probability (0..1). */
  public boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** One element, uniformly. */
  public <T> T pick(List<T> items) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("pick from an empty list");
    }
    return items.get(random.nextInt(items.size()));
  }

  @SafeVarargs
  public final <T> T pick(T... items) {
    return pick(List.of(items));
  }

  /** One index, weighted: index i is drawn with probability weights[i] / sum. */
  public int weighted(int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int r = random.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    throw new AssertionError();
  }

  /** A random subset of exactly {@code size} elements, in the source's order. */
  public <T> List<T> subset(Collection<T> items, int size) {
    List<T> pool = new ArrayList<>(items);
    if (size > pool.size()) {
      throw new IllegalArgumentException("subset of " + size + " from " + pool.size());
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      idx.add(i);
    }
    List<Integer> chosen = shuffled(idx).subList(0, size);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      if (chosen.contains(i)) {
        out.add(pool.get(i));
      }
    }
    return out;
  }

  /** A random subset where each element is kept with the given probability. */
  public <T> List<T> subset(Collection<T> items, double keep) {
    List<T> out = new ArrayList<>();
    for (T t : items) {
      if (chance(keep)) {
        out.add(t);
      }
    }
    return out;
  }

  /** A shuffled copy (Fisher-Yates). */
  public <T> List<T> shuffled(Collection<T> items) {
    List<T> out = new ArrayList<>(items);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }
}

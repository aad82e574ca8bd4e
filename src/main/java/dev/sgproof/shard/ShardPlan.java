package dev.sgproof.shard;

import dev.sgproof.model.Spec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which shard verifies which assertion: the assertions of all files, each with its {@link
 * AssertionCost}, are dealt longest first (ties in file order: by the file's place on the command
 * line, then the assertion's place in it) into N bins, each to the bin with the least cost so far
 * (ties to the lowest bin). It depends only on the specs and N, so every shard of a run computes
 * the same plan on any machine, with any {@code --jobs}.
 */
public final class ShardPlan {
  private final int count;
  /** The 1-based shard of each assertion, by file and place in the file. */
  private final int[][] shardOf;
  private final long[] loads;
  private final int[] sizes;

  private ShardPlan(int count, int[][] shardOf, long[] loads, int[] sizes) {
    this.count = count;
    this.shardOf = shardOf;
    this.loads = loads;
    this.sizes = sizes;
  }

  /** The plan for N shards of the assertions of {@code specs} (in command-line order). */
  public static ShardPlan of(List<Spec> specs, int count) {
    record Item(int file, int index, long cost) {}
    List<Item> items = new ArrayList<>();
    int[][] shardOf = new int[specs.size()][];
    for (int f = 0; f < specs.size(); f++) {
      Spec s = specs.get(f);
      AssertionCost costs = new AssertionCost(s.network());
      shardOf[f] = new int[s.assertions().size()];
      for (int i = 0; i < s.assertions().size(); i++) {
        items.add(new Item(f, i, costs.of(s.assertions().get(i))));
      }
    }
    items.sort(Comparator.comparingLong(Item::cost).reversed()
        .thenComparingInt(Item::file).thenComparingInt(Item::index));
    long[] loads = new long[count];
    int[] sizes = new int[count];
    for (Item it : items) {
      int best = 0;
      for (int b = 1; b < count; b++) {
        if (loads[b] < loads[best]) {
          best = b;
        }
      }
      loads[best] = loads[best] > Long.MAX_VALUE - it.cost() ? Long.MAX_VALUE : loads[best] + it.cost();
      sizes[best]++;
      shardOf[it.file()][it.index()] = best + 1;
    }
    return new ShardPlan(count, shardOf, loads, sizes);
  }

  public int count() {
    return count;
  }

  /** The places (0-based, ascending) of the assertions of file {@code file} in shard {@code k}. */
  public List<Integer> share(int file, int k) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < shardOf[file].length; i++) {
      if (shardOf[file][i] == k) {
        out.add(i);
      }
    }
    return out;
  }

  /** How many assertions shard {@code k} verifies. */
  public int size(int k) {
    return sizes[k - 1];
  }

  /** The estimated cost of shard {@code k}'s assertions. */
  public long load(int k) {
    return loads[k - 1];
  }

  /** Every assertion of the run. */
  public int total() {
    int t = 0;
    for (int s : sizes) {
      t += s;
    }
    return t;
  }
}

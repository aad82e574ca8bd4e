package dev.sgproof.engines.classsearch;

import dev.sgproof.model.Rule;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The rules a dependsOn test keeps, as one flag per rule in spec order ({@link
 * NetworkIndex#specOrder}): what {@link LiveRules#keepOnly} reads, an array read where the
 * caller's identity set costs a hash lookup, and once per change of the flags per live rule set
 * (which keeps them as a mask over its rules, to clear a decision's mask a word at a time).
 * {@link DependsOnSearch} keeps it equal to the caller's set: rebuilt by a full test, then changed
 * rule by rule as rules are deleted (with or without a test) and put back.
 */
final class KeptRules extends AbstractSet<Rule> {
  final Map<Rule, Integer> order;
  private final Rule[] byOrder;
  final boolean[] kept;
  private int size;

  /**
   * @param order each rule's place in spec order
   * @param byOrder the rules by place (shared, not changed here: {@link
   *     NetworkIndex#rulesInSpecOrder})
   */
  KeptRules(Map<Rule, Integer> order, Rule[] byOrder) {
    this.order = order;
    this.byOrder = byOrder;
    this.kept = new boolean[order.size()];
  }

  /** Changes so far: a reader that copied the flags knows when to copy them again. */
  private long version;

  long version() {
    return version;
  }

  /**
   * Makes the flags those of {@code rules} (rules of other networks are ignored): one lookup per
   * rule of the set, not per rule of the network (the sets of dependsOn hold only the rules of
   * the assertion's ends, {@link DependsOnSearch#candidates}).
   */
  void setAll(Set<Rule> rules) {
    version++;
    size = 0;
    java.util.Arrays.fill(kept, false);
    for (Rule r : rules) {
      Integer i = order.get(r);
      if (i != null && !kept[i]) {
        kept[i] = true;
        size++;
      }
    }
  }

  void set(Rule r, boolean keep) {
    int i = order.get(r);
    if (kept[i] != keep) {
      version++;
      kept[i] = keep;
      size += keep ? 1 : -1;
    }
  }

  @Override
  public boolean contains(Object o) {
    Integer i = o instanceof Rule r ? order.get(r) : null;
    return i != null && kept[i];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Iterator<Rule> iterator() {
    return new Iterator<>() {
      private int next = advance(0);

      private int advance(int from) {
        int i = from;
        while (i < kept.length && !kept[i]) {
          i++;
        }
        return i;
      }

      @Override
      public boolean hasNext() {
        return next < kept.length;
      }

      @Override
      public Rule next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Rule r = byOrder[next];
        next = advance(next + 1);
        return r;
      }
    };
  }
}

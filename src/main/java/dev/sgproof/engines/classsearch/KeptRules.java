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

  KeptRules(Map<Rule, Integer> order) {
    this.order = order;
    this.byOrder = new Rule[order.size()];
    order.forEach((r, i) -> byOrder[i] = r);
    this.kept = new boolean[order.size()];
  }

  /** Changes so far: a reader that copied the flags knows when to copy them again. */
  private long version;

  long version() {
    return version;
  }

  /** Makes the flags those of {@code rules}. */
  void setAll(Set<Rule> rules) {
    version++;
    size = 0;
    for (int i = 0; i < byOrder.length; i++) {
      kept[i] = rules.contains(byOrder[i]);
      size += kept[i] ? 1 : 0;
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

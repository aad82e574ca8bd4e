package dev.sgproof.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Solver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The named constants of a translation with their defining equations ({@code c = term}), and
 * which of them a term uses. The translation defines each constant once; a solver gets a
 * definition (and those it uses) when a query in it needs the constant. The definitions are
 * conservative (every flow has exactly one extension), so they can stay in a solver for good.
 *
 * <p>While a term is built, every constant it uses is noted (see {@link #recording}); while a
 * {@link Target} is set, a constant's definition is also added to its solver on first use.
 */
final class Definitions {
  /** A solver and the defined constants whose definitions are in it. */
  record Target(Solver solver, Set<BoolExpr> defined) {
    Target(Solver solver) {
      this(solver, Collections.newSetFromMap(new IdentityHashMap<>()));
    }
  }

  /** A defined constant's equation and the constants its definition uses. */
  private record Definition(BoolExpr equation, List<BoolExpr> uses) {}

  private final Context ctx;
  private final Map<BoolExpr, Definition> definitions = new IdentityHashMap<>();
  /** A defined constant's number, in the order of definition. */
  private final Map<BoolExpr, Integer> index = new IdentityHashMap<>();
  /** Where definitions go on use; null while only recording. */
  private Target target;
  /** While a term is built: the defined constants it uses. */
  private List<BoolExpr> using;

  Definitions(Context ctx) {
    this.ctx = ctx;
  }

  void target(Target t) {
    this.target = t;
  }

  /**
   * Builds a term with no solver attached, noting the defined constants it uses (directly; a
   * definition notes its own uses) into {@code used}.
   */
  BoolExpr recording(Supplier<BoolExpr> build, List<BoolExpr> used) {
    target = null;
    using = used;
    try {
      return build.get();
    } finally {
      using = null;
    }
  }

  /** The constant's number (its place in the order of definition). */
  int index(BoolExpr c) {
    return index.get(c);
  }

  /** Uses a defined constant: noted while recording, its definition added to the target. */
  BoolExpr use(BoolExpr c) {
    if (using != null) {
      using.add(c);
    }
    if (target != null && target.defined().add(c)) {
      Definition d = definitions.get(c);
      List<BoolExpr> outer = using;
      using = null;
      for (BoolExpr u : d.uses()) {
        use(u);
      }
      using = outer;
      target.solver().add(d.equation());
    }
    return c;
  }

  /** Defines c as the term {@code body} builds (the constants used while building it are noted). */
  BoolExpr define(BoolExpr c, Supplier<BoolExpr> body) {
    List<BoolExpr> outer = using;
    List<BoolExpr> uses = new ArrayList<>();
    using = uses;
    BoolExpr t;
    try {
      t = body.get();
    } finally {
      using = outer;
    }
    definitions.put(c, new Definition(ctx.mkEq(c, t), uses));
    index.put(c, index.size());
    return use(c);
  }
}

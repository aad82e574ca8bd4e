package dev.sgproof.syntax;

import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.ast.SpecNode;
import dev.sgproof.syntax.ast.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SLL stage on parts of a long text at once, each part lexed, parsed and built into AST on a
 * thread of its own (the first on the calling thread).
 *
 * <p>A part begins at the start of a line that begins with a statement's keyword ({@code group},
 * {@code instance}, {@code assert}, {@code include}). No token but blanks spans a line end, so
 * the tokens of the parts, one after the other, are the tokens of the text, at the same positions.
 * When every part parses as whole statements with no error at all, the statements of the parts,
 * in order, are a parse of the whole text; the grammar has one parse of a token sequence, so it is
 * the tree that one SLL parse of the text gives. A part that meets anything else (an error, a
 * statement cut in two by a badly chosen start, an exception) returns nothing, tells the other
 * parts to stop at their next statement, and the caller parses the whole text as before on one
 * thread, so every diagnostic is the one that path gives. The threads are joined before this
 * returns, whatever happened; nothing of theirs reaches the user.
 */
final class ParallelSll {
  private static final String[] KEYWORDS = {"group", "instance", "assert", "include"};

  private ParallelSll() {}

  /**
   * Where the parts begin: 0, then up to {@code parts - 1} line starts that begin a statement, the
   * first at or after each k/parts of the text. A text shorter than two parts of {@code
   * minPartChars} is one part.
   */
  static int[] starts(String text, int parts, int minPartChars) {
    int n = (int) Math.min(parts, text.length() / (long) Math.max(1, minPartChars));
    if (n < 2) {
      return new int[] {0};
    }
    int[] out = new int[n];
    int count = 1;
    for (int k = 1; k < n; k++) {
      int from = Math.max(out[count - 1] + 1, (int) ((long) text.length() * k / n));
      int s = nextStart(text, from);
      if (s < 0) {
        break;
      }
      out[count++] = s;
    }
    return Arrays.copyOf(out, count);
  }

  /** Every line start after the first that begins a statement's keyword (for tests). */
  static int[] everyStart(String text) {
    List<Integer> out = new ArrayList<>();
    out.add(0);
    for (int s = nextStart(text, 1); s >= 0; s = nextStart(text, s + 1)) {
      out.add(s);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The first line start at or after {@code from} (> 0) that begins with a keyword, or -1. */
  private static int nextStart(String text, int from) {
    for (int i = Math.max(1, from); i < text.length(); i++) {
      char before = text.charAt(i - 1);
      boolean lineStart = before == '\n' || (before == '\r' && text.charAt(i) != '\n');
      if (lineStart && beginsKeyword(text, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean beginsKeyword(String text, int at) {
    for (String k : KEYWORDS) {
      int after = at + k.length();
      if (text.startsWith(k, at)
          && after < text.length()
          && (text.charAt(after) == ' ' || text.charAt(after) == '\t')) {
        return true;
      }
    }
    return false;
  }

  /**
   * The line of each start (1-based). The lexer counts lines as the source text does (LF, CRLF,
   * and a CR that no LF follows, each one line end: {@link AsciiFoldedStream}).
   */
  static int[] lines(SourceText source, int[] starts) {
    int[] out = new int[starts.length];
    for (int k = 0; k < starts.length; k++) {
      out[k] = source.lineAt(starts[k]);
    }
    return out;
  }

  /**
   * The tree when every part, from each start to the next, parses with SLL prediction and no
   * error at all; otherwise null. The text must have no surrogate pair ({@link TextStream}).
   */
  static ParseResult parse(SourceText source, Positions positions, int[] starts) {
    String text = source.text();
    int n = starts.length;
    int[] lines = lines(source, starts);
    AtomicBoolean stop = new AtomicBoolean();
    List<FutureTask<List<Statement>>> tasks = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<List<Statement>> parts = new ArrayList<>();
    try {
      for (int k = 1; k < n; k++) {
        int from = starts[k];
        int to = k + 1 < n ? starts[k + 1] : text.length();
        int line = lines[k];
        FutureTask<List<Statement>> task =
            new FutureTask<>(() -> part(source, positions, from, to, line, stop));
        Thread t = new Thread(task, "sgproof-parse-" + k);
        t.setDaemon(true);
        t.start();
        tasks.add(task);
        threads.add(t);
      }
      parts.add(part(source, positions, 0, n > 1 ? starts[1] : text.length(), 1, stop));
    } catch (RuntimeException | Error e) {
      // a thread that could not start, or the first part failed in an unexpected way: the caller
      // parses the text on one thread, which reports whatever this was as it always did
      parts.add(null);
    }
    if (parts.get(0) == null) {
      stop.set(true);
    }
    boolean interrupted = false;
    for (int k = 0; k < threads.size(); k++) {
      interrupted |= join(threads.get(k));
      List<Statement> result;
      try {
        result = tasks.get(k).get();
      } catch (ExecutionException | InterruptedException | RuntimeException e) {
        result = null; // anything thrown in a part: the caller parses the whole text again
      }
      if (result == null) {
        stop.set(true);
      }
      parts.add(result);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (parts.size() != n || parts.contains(null)) {
      return null;
    }
    List<Statement> all = new ArrayList<>();
    for (List<Statement> p : parts) {
      all.addAll(p);
    }
    return new ParseResult(new SpecNode(source.name(), all), List.of());
  }

  private static List<Statement> part(
      SourceText source, Positions positions, int from, int to, int line, AtomicBoolean stop) {
    List<Statement> out = null;
    try {
      TextStream chars = new TextStream(source.text(), from, to, source.name());
      out = Parser.sllStatements(source.name(), positions, chars, line, stop);
      return out;
    } finally {
      if (out == null) {
        stop.set(true); // the others stop at their next statement
      }
    }
  }

  /** Waits for the thread to end, through interrupts; whether there was one. */
  private static boolean join(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }
}

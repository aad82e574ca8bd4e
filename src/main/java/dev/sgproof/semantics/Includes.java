package dev.sgproof.semantics;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.ParseResult;
import dev.sgproof.syntax.Parser;
import dev.sgproof.syntax.SpecText;
import dev.sgproof.syntax.ast.IncludeDecl;
import dev.sgproof.syntax.ast.SpecNode;
import dev.sgproof.syntax.ast.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses a file and, depth first, the files it includes: a path is relative to the including file,
 * each file is read once (a later include of it is a no-op), a cycle is an error at the include
 * that closes it. The statements of an included file take the place of its include.
 *
 * <p>Files are told apart by their real paths (symbolic links resolved), so two links to one
 * directory lead to one file, not to ever longer paths. An include must resolve, links followed,
 * into one of the {@link IncludeRoots}. A file that is not spec text ({@link SpecText}) gets one
 * error and none of its lines or tokens in any message: its source is not kept for rendering.
 */
final class Includes {
  private final IncludeRoots roots;
  private final Map<String, SourceText> sources = new LinkedHashMap<>();
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();
  private final Set<Path> done = new HashSet<>();
  private final Deque<Path> stack = new ArrayDeque<>();
  private boolean syntaxErrors;

  Includes(IncludeRoots roots) {
    this.roots = roots;
  }

  /** The merged AST (empty when some file has a syntax error), with every diagnostic so far. */
  SpecNode root(SourceText root) {
    file(root, key(root.name()), Optional.empty());
    return new SpecNode(root.name(), syntaxErrors ? List.of() : statements);
  }

  Map<String, SourceText> sources() {
    return sources;
  }

  List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  boolean hasSyntaxErrors() {
    return syntaxErrors;
  }

  private void file(SourceText text, Optional<Path> key, Optional<IncludeDecl> via) {
    key.ifPresent(
        k -> {
          done.add(k);
          stack.push(k);
        });
    ParseResult parsed = Parser.parse(text);
    syntaxErrors |= parsed.hasErrors();
    Optional<SourceSpan> notSpec = SpecText.notSpecText(text, parsed);
    if (notSpec.isPresent()) {
      SourceSpan first = notSpec.get();
      diagnostics.add(
          Diagnostic.error(
              DiagnosticCode.SG007,
              via.map(IncludeDecl::pathSpan).orElse(first),
              shown(text.name())
                  + " is not spec text: its first word (line "
                  + first.line()
                  + ", column "
                  + first.column()
                  + ") begins no statement, so none of its lines are shown"));
      key.ifPresent(k -> stack.pop());
      return;
    }
    sources.put(text.name(), text);
    diagnostics.addAll(parsed.diagnostics());
    for (Statement s : parsed.spec().statements()) {
      if (s instanceof IncludeDecl inc) {
        include(text.name(), inc);
      } else {
        statements.add(s);
      }
    }
    key.ifPresent(k -> stack.pop());
  }

  private void include(String from, IncludeDecl inc) {
    Optional<Path> target = resolve(from, inc.path());
    Optional<Path> where = target.flatMap(Includes::whereItLeads);
    if (target.isEmpty() || where.isEmpty()) {
      diagnostics.add(
          Diagnostic.error(
              DiagnosticCode.SG002,
              inc.pathSpan(),
              "'" + shown(inc.path()) + "' is not a usable path"));
      return;
    }
    if (!roots.allows(where.get())) {
      Path dir = where.get().getParent() == null ? where.get() : where.get().getParent();
      diagnostics.add(
          Diagnostic.error(
              DiagnosticCode.SG006,
              inc.pathSpan(),
              "'"
                  + shown(inc.path())
                  + "' resolves to "
                  + shown(where.get().toString())
                  + ", outside "
                  + roots.describe()
                  + "; to allow it, add --include-path "
                  + shown(dir.toString())));
      return;
    }
    String name = target.get().toString();
    Optional<Path> found = realPath(target.get());
    if (found.isEmpty()) {
      boolean entry = Files.exists(target.get(), LinkOption.NOFOLLOW_LINKS);
      diagnostics.add(
          Diagnostic.error(
              DiagnosticCode.SG002,
              inc.pathSpan(),
              shown(name)
                  + (entry ? " cannot be reached (a broken link, or no permission)"
                      : " does not exist")));
      return;
    }
    Path real = found.get();
    if (stack.contains(real)) {
      List<Path> chain = new ArrayList<>(stack);
      Collections.reverse(chain);
      String cycle =
          chain.subList(chain.indexOf(real), chain.size()).stream()
              .map(p -> shown(String.valueOf(p.getFileName())))
              .collect(Collectors.joining(" -> "));
      diagnostics.add(
          Diagnostic.error(
              DiagnosticCode.SG005,
              inc.pathSpan(),
              "include cycle: " + cycle + " -> " + shown(String.valueOf(real.getFileName()))));
      return;
    }
    if (done.contains(real)) {
      return;
    }
    done.add(real);
    SourceFiles.Outcome read = SourceFiles.read(real, name);
    if (!read.ok()) {
      diagnostics.add(
          Diagnostic.error(
              DiagnosticCode.SG002, inc.pathSpan(), shown(name) + " " + read.whyNot()));
      return;
    }
    file(read.text(), Optional.of(real), Optional.of(inc));
  }

  private static Optional<Path> resolve(String from, String path) {
    try {
      Path parent = Path.of(from).getParent();
      return Optional.of(parent == null ? Path.of(path) : parent.resolve(path));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** The real path of an existing file (links resolved). */
  private static Optional<Path> realPath(Path p) {
    try {
      return Optional.of(p.toRealPath());
    } catch (IOException | InvalidPathException | java.io.IOError | SecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * The real path of a file (links resolved). For a file that does not exist, the real path of
   * the deepest directory that does, followed by the rest as written and normalised: enough to
   * tell whether the include would leave the allowed trees before saying that it is missing (it
   * is never read by this path).
   */
  private static Optional<Path> whereItLeads(Path p) {
    try {
      Path absolute = p.toAbsolutePath();
      Path existing = absolute;
      Path rest = null;
      while (existing != null) {
        try {
          Path real = existing.toRealPath();
          return Optional.of(rest == null ? real : real.resolve(rest).normalize());
        } catch (IOException e) {
          Path name = existing.getFileName();
          if (name == null) {
            break;
          }
          rest = rest == null ? name : name.resolve(rest);
          existing = existing.getParent();
        }
      }
      return Optional.of(absolute.normalize());
    } catch (InvalidPathException | java.io.IOError | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The identity of a root source text: its real path, or its absolute path when not a file. */
  private static Optional<Path> key(String name) {
    try {
      return whereItLeads(Path.of(name));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** Control characters (newlines included) become {@code \\uXXXX}: a message stays one line. */
  static String shown(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}

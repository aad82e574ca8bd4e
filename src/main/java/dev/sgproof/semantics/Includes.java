package dev.sgproof.semantics;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.diag.SourceText;
import dev.sgproof.syntax.ParseResult;
import dev.sgproof.syntax.Parser;
import dev.sgproof.syntax.ast.IncludeDecl;
import dev.sgproof.syntax.ast.SpecNode;
import dev.sgproof.syntax.ast.Statement;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 */
final class Includes {
  private final Map<String, SourceText> sources = new LinkedHashMap<>();
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private final List<Statement> statements = new ArrayList<>();
  private final Set<Path> done = new HashSet<>();
  private final Deque<Path> stack = new ArrayDeque<>();
  private boolean syntaxErrors;

  /** The merged AST (empty when some file has a syntax error), with every diagnostic so far. */
  SpecNode root(SourceText root) {
    file(root, key(root.name()));
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

  private void file(SourceText text, Optional<Path> key) {
    sources.put(text.name(), text);
    key.ifPresent(
        k -> {
          done.add(k);
          stack.push(k);
        });
    ParseResult parsed = Parser.parse(text);
    diagnostics.addAll(parsed.diagnostics());
    syntaxErrors |= parsed.hasErrors();
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
    Optional<Path> key = target.flatMap(t -> key(t.toString()));
    if (target.isEmpty() || key.isEmpty()) {
      diagnostics.add(
          Diagnostic.error(
              DiagnosticCode.SG002, inc.pathSpan(), "'" + inc.path() + "' is not a usable path"));
      return;
    }
    if (stack.contains(key.get())) {
      List<Path> chain = new ArrayList<>(stack);
      java.util.Collections.reverse(chain);
      String cycle =
          chain.subList(chain.indexOf(key.get()), chain.size()).stream()
              .map(p -> p.getFileName().toString())
              .collect(Collectors.joining(" -> "));
      diagnostics.add(
          Diagnostic.error(
              DiagnosticCode.SG005,
              inc.pathSpan(),
              "include cycle: " + cycle + " -> " + key.get().getFileName()));
      return;
    }
    if (done.contains(key.get())) {
      return;
    }
    String name = target.get().toString();
    SourceFiles.Outcome read = SourceFiles.read(target.get(), name);
    if (!read.ok()) {
      diagnostics.add(
          Diagnostic.error(DiagnosticCode.SG002, inc.pathSpan(), name + " " + read.whyNot()));
      done.add(key.get());
      return;
    }
    file(read.text(), key);
  }

  private static Optional<Path> resolve(String from, String path) {
    try {
      Path parent = Path.of(from).getParent();
      return Optional.of(parent == null ? Path.of(path) : parent.resolve(path));
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> key(String name) {
    try {
      return Optional.of(Path.of(name).toAbsolutePath().normalize());
    } catch (InvalidPathException | java.io.IOError | SecurityException e) {
      return Optional.empty();
    }
  }
}

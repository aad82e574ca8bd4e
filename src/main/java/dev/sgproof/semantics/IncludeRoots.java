package dev.sgproof.semantics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The directory trees an {@code include} may read from: the current directory's and those added
 * with {@code --include-path}. Each is held as a real path (symbolic links resolved), and an
 * include is allowed when its real path lies under one of them, so a link cannot lead out.
 */
public final class IncludeRoots {
  private final List<Path> roots;

  private IncludeRoots(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** The current directory's tree alone. */
  public static IncludeRoots currentDirectory() {
    return of(List.of());
  }

  /**
   * The current directory's tree and the trees of {@code dirs}.
   *
   * @throws IllegalArgumentException naming a dir that is not an existing directory
   */
  public static IncludeRoots of(List<Path> dirs) {
    List<Path> roots = new ArrayList<>();
    roots.add(current());
    for (Path d : dirs) {
      if (!Files.isDirectory(d)) {
        throw new IllegalArgumentException(
            Includes.shown(d.toString())
                + (Files.exists(d) ? " is not a directory" : " does not exist"));
      }
      try {
        Path real = d.toRealPath();
        if (!roots.contains(real)) {
          roots.add(real);
        }
      } catch (IOException | SecurityException e) {
        throw new IllegalArgumentException(Includes.shown(d.toString()) + " cannot be read");
      }
    }
    return new IncludeRoots(roots);
  }

  private static Path current() {
    Path cwd = Path.of("").toAbsolutePath();
    try {
      return cwd.toRealPath();
    } catch (IOException | SecurityException e) {
      return cwd.normalize();
    }
  }

  /** Whether a real (or absolute and normalised) path lies in one of the trees. */
  boolean allows(Path real) {
    return roots.stream().anyMatch(real::startsWith);
  }

  /** For messages: "the current directory (/a/b)" and any added roots. */
  String describe() {
    String current = "the current directory's tree (" + Includes.shown(roots.get(0).toString()) + ")";
    if (roots.size() == 1) {
      return current;
    }
    return current
        + " and the --include-path trees ("
        + roots.subList(1, roots.size()).stream()
            .map(p -> Includes.shown(p.toString()))
            .collect(Collectors.joining(", "))
        + ")";
  }
}

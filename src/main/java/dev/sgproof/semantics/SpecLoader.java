package dev.sgproof.semantics;

import dev.sgproof.diag.SourceText;
import java.nio.file.Path;

/** Placeholder until the front end lands: the real loader parses and resolves. */
public final class SpecLoader {
  private SpecLoader() {}

  public static LoadResult load(SourceText source) {
    throw new UnsupportedOperationException("the front end is not merged yet");
  }

  public static LoadResult read(Path file) {
    throw new UnsupportedOperationException("the front end is not merged yet");
  }
}

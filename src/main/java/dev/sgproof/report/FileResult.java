package dev.sgproof.report;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.model.Network;
import dev.sgproof.query.AssertionResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one spec file came to: its diagnostics (errors stop verification) and, when it resolved,
 * its network and the checked result of each assertion in file order.
 */
public record FileResult(
    String file,
    List<Diagnostic> diagnostics,
    Optional<Network> network,
    List<AssertionResult> results) {
  public FileResult {
    Objects.requireNonNull(file, "file");
    diagnostics = List.copyOf(diagnostics);
    Objects.requireNonNull(network, "network");
    // Results that arrive while a report is written are read as they come (ArrivingResults).
    results = results instanceof ArrivingResults ? results : List.copyOf(results);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}

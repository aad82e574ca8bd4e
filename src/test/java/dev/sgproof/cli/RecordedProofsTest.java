package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The proofs recorded in proofs/ are those of specs/ as they are now. */
class RecordedProofsTest {
  @Test
  void recordedProofsOfSpecsAreCurrent() throws IOException {
    List<String> args = new ArrayList<>(List.of("verify", "--quiet", "--check-proofs", "proofs"));
    try (Stream<Path> specs = Files.list(Path.of("specs"))) {
      specs.filter(p -> p.toString().endsWith(".sg")).map(Path::toString).sorted()
          .forEach(args::add);
    }
    Cli r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), () -> "the recorded proofs in proofs/ differ from specs/:\n" + r.err()
        + "\nIf the change is intended, re-record them with:"
        + "\n  java -jar target/sgproof.jar verify --proofs proofs specs/*.sg");
  }
}

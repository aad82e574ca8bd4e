package dev.sgproof.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OnlySmtImportsZ3Test {
  @Test
  void noPackageOtherThanSmtMentionsZ3() throws IOException {
    Path main = Path.of("src/main/java");
    Path smt = main.resolve("dev/sgproof/smt");
    try (Stream<Path> files = Files.walk(main)) {
      List<Path> offenders = files
          .filter(p -> p.toString().endsWith(".java") && !p.startsWith(smt))
          .filter(p -> {
            try {
              return Files.readString(p).contains("com.microsoft.z3");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .toList();
      assertEquals(List.of(), offenders);
    }
  }
}

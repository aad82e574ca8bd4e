package dev.sgproof.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.cli.Main;
import dev.sgproof.diag.SourceText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatterTest {
  static final Path FMT = Paths.get("src/test/resources/dev/sgproof/syntax/fmt");

  static String fmt(String name, String text) {
    Formatter.Result r = Formatter.format(new SourceText(name, text));
    assertTrue(r.ok(), r.errors()::toString);
    return r.text();
  }

  @Test
  void keepsCommentsAlignsColumnsAndNormalisesSpacing() throws IOException {
    String in = Files.readString(FMT.resolve("comments.sg"));
    assertEquals(Files.readString(FMT.resolve("comments.expected.sg")), fmt("comments.sg", in));
  }

  @Test
  void isIdempotentOnEverySpecThatParses() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Stream.concat(
        Files.walk(Paths.get("src/test/resources")), Files.walk(Paths.get("specs")))) {
      files = s.filter(p -> p.toString().endsWith(".sg")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path p : files) {
      String text = Files.readString(p);
      Formatter.Result once = Formatter.format(new SourceText(p.toString(), text));
      if (!once.ok()) {
        continue;
      }
      assertEquals(once.text(), fmt(p.toString(), once.text()), p.toString());
    }
  }

  @Test
  void checkExitsOneForAFileThatIsNotCanonical(@TempDir Path tmp) throws IOException {
    Path ugly = tmp.resolve("ugly.sg");
    Files.writeString(ugly, "group  A\ninstance X ip 10.0.0.1 in A\n");
    Path fine = tmp.resolve("fine.sg");
    Files.writeString(fine, "group A\ninstance X ip 10.0.0.1 in A\n");
    assertEquals(1, run("fmt", "--check", ugly.toString(), fine.toString()));
    assertEquals(0, run("fmt", "--check", fine.toString()));
    assertEquals(0, run("fmt", "--write", ugly.toString()));
    assertEquals(0, run("fmt", "--check", ugly.toString()));
  }

  @Test
  void refusesAFileWithSyntaxErrors(@TempDir Path tmp) throws IOException {
    Path bad = tmp.resolve("bad.sg");
    Files.writeString(bad, "group {\n");
    assertEquals(2, run("fmt", bad.toString()));
  }

  @Test
  void refusesABinaryFileWithAClearError(@TempDir Path tmp) throws IOException {
    Path bin = tmp.resolve("bin.sg");
    Files.write(bin, new byte[] {'g', 0, (byte) 0xff, 'x'});
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"fmt", bin.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals(bin + ": error[SG002]: " + bin + " is a binary file (it contains NUL bytes)\n",
        err.toString(StandardCharsets.UTF_8));
  }

  private static int run(String... args) {
    return Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }
}

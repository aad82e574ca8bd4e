package dev.sgproof.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 items 14, 18 and 3: import reads only regular files of a bounded size (as verify does),
 * says "does not exist" without an exception name, and never writes its output over an input.
 */
class ImportFilesTest {
  static final String NL = System.lineSeparator();

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aFifoIsRefusedWithoutBlocking(@TempDir Path tmp) throws Exception {
    Path fifo = tmp.resolve("pipe.json");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, p.waitFor(), "mkfifo");
    ImportTest.Run r = ImportTest.cli("import", "terraform", fifo.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(fifo + ": is not a regular file" + NL, r.err());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aDeviceIsRefusedWithoutReadingIt() {
    ImportTest.Run r = ImportTest.cli("import", "alibaba", "/dev/zero");
    assertEquals(2, r.exit(), r.err());
    assertEquals("/dev/zero: is not a regular file" + NL, r.err());
  }

  @Test
  void aDirectoryIsRefused(@TempDir Path tmp) {
    ImportTest.Run r = ImportTest.cli("import", "alibaba", tmp.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(tmp + ": is a directory, not a JSON file" + NL, r.err());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anOversizeFileIsRefusedBeforeItIsRead(@TempDir Path tmp) throws IOException {
    Path big = tmp.resolve("big.json");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(400L * 1024 * 1024); // sparse: no disk used
    }
    ImportTest.Run r = ImportTest.cli("import", "terraform", big.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().startsWith(big + ": is too large (419430400 bytes; the limit is "),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aFileWithNulBytesIsRefused(@TempDir Path tmp) throws IOException {
    Path nul = tmp.resolve("nul.json");
    Files.write(nul, new byte[] {'{', 0, '}'});
    ImportTest.Run r = ImportTest.cli("import", "alibaba", nul.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(nul + ": is a binary file (it contains NUL bytes)" + NL, r.err());
  }

  @Test
  void anOutputPathThatIsAnInputIsRefusedAndTheInputKept(@TempDir Path tmp) throws IOException {
    Path in = tmp.resolve("attr.json");
    Files.copy(ImportTest.DIR.resolve("attribute_web.json"), in);
    String before = Files.readString(in);
    for (String out : new String[] {in.toString(), tmp.resolve("x/../attr.json").toString()}) {
      ImportTest.Run r = ImportTest.cli("import", "alibaba", in.toString(), "-o", out);
      assertEquals(2, r.exit(), r.err());
      assertEquals(out + ": is one of the input files; writing the spec there would replace it"
          + " (choose another -o)" + NL, r.err());
      assertEquals(before, Files.readString(in));
    }
    Path link = tmp.resolve("link.json");
    Files.createSymbolicLink(link, in);
    ImportTest.Run r = ImportTest.cli("import", "alibaba", link.toString(), "-o", in.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(before, Files.readString(in));
    Path tf = tmp.resolve("state.json");
    Files.copy(ImportTest.DIR.resolve("terraform_state.json"), tf);
    r = ImportTest.cli("import", "terraform", tf.toString(), "-o", tf.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(Files.readString(ImportTest.DIR.resolve("terraform_state.json")),
        Files.readString(tf));
  }

  @Test
  void aFileNameWithANewlineIsEchoedOnOneLine(@TempDir Path tmp) throws IOException {
    Path odd = tmp.resolve("a\nb.json");
    Files.writeString(odd, "[]");
    ImportTest.Run r = ImportTest.cli("import", "alibaba", odd.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(tmp + "/a\\u000Ab.json: $: expected a JSON object (an API response), found an"
        + " array" + NL, r.err());
  }
}

package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify --proofs records, verify --check-proofs finds each kind of difference. */
class ProofsTest {
  private static final String SPEC = String.join("\n",
      "group Web basic {",
      "  ingress allow tcp 80 from 0.0.0.0/0",
      "  ingress allow tcp 443 from 0.0.0.0/0",
      "}",
      "group Db basic isolated {",
      "  ingress allow tcp 5432 from group Web",
      "}",
      "instance web ip 10.0.0.10 in Web",
      "instance db ip 10.0.1.20 in Db",
      "instance batch ip 10.0.1.21 in Db",
      "assert \"https\": internet -> web reachable tcp 443",
      "assert \"leak\": web -> batch unreachable",
      "");

  @TempDir Path dir;
  Path spec;
  Path proofs;

  @BeforeEach
  void record() throws IOException {
    spec = dir.resolve("app.sg");
    proofs = dir.resolve("proofs");
    Files.writeString(spec, SPEC);
    Cli r = Cli.run("verify", "--proofs", proofs.toString(), spec.toString());
    assertEquals(1, r.exit(), r.err());
  }

  private Cli check() {
    return Cli.run("verify", "--quiet", "--check-proofs", proofs.toString(), spec.toString());
  }

  private void edit(String from, String to) throws IOException {
    String text = Files.readString(spec);
    assertTrue(text.contains(from));
    Files.writeString(spec, text.replace(from, to));
  }

  @Test
  void recordsOneSortedFilePerSpecAndChecksIt() throws IOException {
    Path record = proofs.resolve("app.proof.json");
    String text = Files.readString(record);
    assertTrue(text.startsWith("{\n  \"assertions\" : ["), text);
    assertTrue(text.contains("\"digest\" : \"sha256:"), text);
    assertTrue(text.contains("\"z3Version\" : \"Z3 4."), text);
    assertTrue(text.contains("\"rule\" : \"ingress allow tcp 443 from 0.0.0.0/0\""), text);
    assertTrue(text.contains("\"dstPort\" : 5432"), text);
    Cli r = check();
    assertEquals(0, r.exit(), r.err()); // a recorded refutation that still holds is a match
    assertTrue(r.err().contains("2 assertions of 1 files match"), r.err());
    Cli again = Cli.run("verify", "--proofs", proofs.toString(), spec.toString());
    assertEquals(1, again.exit());
    assertEquals(text, Files.readString(record));
  }

  @Test
  void detectsAChangedVerdict() throws IOException {
    edit("tcp 443 from", "tcp 8443 from");
    Cli r = check();
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("app.sg:11: 'https': verdict differs: recorded proved, now refuted"),
        r.err());
  }

  @Test
  void detectsAChangedCounterexample() throws IOException {
    edit("tcp 5432 from", "tcp 5433 from");
    Cli r = check();
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("app.sg:12: 'leak': counterexample differs: recorded tcp"
        + " 10.0.0.10:49152 -> 10.0.1.21:5432 (web -> batch), now tcp 10.0.0.10:49152 ->"
        + " 10.0.1.21:5433 (web -> batch)"), r.err());
  }

  @Test
  void detectsChangedDependencies() throws IOException {
    edit("tcp 443 from", "tcp 400-500 from");
    Cli r = check();
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("app.sg:11: 'https': dependsOn differs: no longer depends on"
        + " line 3 group Web: ingress allow tcp 443 from 0.0.0.0/0, now depends on line 3 group"
        + " Web: ingress allow tcp 400-500 from 0.0.0.0/0"), r.err());
  }

  @Test
  void detectsAMissingRecord() throws IOException {
    Files.delete(proofs.resolve("app.proof.json"));
    Cli r = check();
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("app.sg:11: 'https': no recorded proof"), r.err());
    assertTrue(r.err().contains("app.sg:12: 'leak': no recorded proof"), r.err());
  }

  @Test
  void detectsAStaleDigestEvenWhenEveryResultIsTheSame() throws IOException {
    Files.writeString(spec, SPEC + "# a comment changes the text, not the results\n");
    Cli r = check();
    assertEquals(1, r.exit());
    List<String> lines = r.err().lines().filter(l -> l.startsWith("proof differs")).toList();
    assertTrue(lines.get(0).contains("app.sg: the record is stale: app.sg changed (recorded sha256:"),
        r.err());
    assertTrue(r.err().contains("app.sg:11: 'https': recorded against an older text of the spec"),
        r.err());
    assertEquals(3, lines.size(), r.err());
  }

  @Test
  void detectsAGoneAssertionAndAnswersInputErrorsWithExit2() throws IOException {
    edit("assert \"leak\": web -> batch unreachable\n", "");
    Cli r = check();
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("app.sg:12: the recorded assertion 'leak: web -> batch unreachable'"
        + " is no longer in the spec"), r.err());
    Files.writeString(spec, "group {");
    assertEquals(2, check().exit());
  }
}

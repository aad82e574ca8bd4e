package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify --proofs records, verify --check-proofs finds each kind of difference and only those. */
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

  /** Under target/, so that the spec lies in the current directory as --proofs needs. */
  Path dir;
  Path spec;
  Path proofs;
  /** The record of {@code spec}: its path relative to the current directory, under proofs/. */
  Path record;

  @BeforeEach
  void recordTheSpec() throws IOException {
    dir = Cli.workDir();
    spec = dir.resolve("app.sg");
    proofs = dir.resolve("proofs");
    record = proofs.resolve(dir).resolve("app.proof.json");
    Files.writeString(spec, SPEC);
    Cli r = Cli.run("verify", "--proofs", proofs.toString(), spec.toString());
    assertEquals(1, r.exit(), r.err());
  }

  @AfterEach
  void cleanUp() {
    Cli.delete(dir);
  }

  private Cli check() {
    return Cli.run("verify", "--quiet", "--check-proofs", proofs.toString(), spec.toString());
  }

  private void edit(String from, String to) throws IOException {
    String text = Files.readString(spec);
    assertTrue(text.contains(from));
    Files.writeString(spec, text.replace(from, to));
  }

  private static List<String> differences(Cli r) {
    return r.err().lines().filter(l -> l.startsWith("proof differs")).toList();
  }

  @Test
  void recordsOneSortedFilePerSpecAtItsPathAndChecksIt() throws IOException {
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
  void theRecordNamesTheFileOfEachAssertionAndEachDependency() throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(record));
    String name = dir.resolve("app.sg").toString().replace('\\', '/');
    assertEquals(name, root.path("file").asText());
    JsonNode https = root.path("assertions").get(0);
    assertEquals(name, https.path("file").asText());
    assertEquals(11, https.path("line").asInt());
    JsonNode dep = https.path("dependsOn").get(0);
    assertEquals(name, dep.path("file").asText());
    assertEquals(3, dep.path("line").asInt());
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
    assertTrue(r.err().contains("app.sg:11: 'https': dependsOn differs: no longer depends on "
        + spec + ":3 group Web: ingress allow tcp 443 from 0.0.0.0/0, now depends on " + spec
        + ":3 group Web: ingress allow tcp 400-500 from 0.0.0.0/0"), r.err());
  }

  @Test
  void aMissingRecordIsOneDifferenceForTheFile() throws IOException {
    Files.delete(record);
    Cli r = check();
    assertEquals(1, r.exit());
    assertEquals(List.of("proof differs: " + spec + ": no recorded proof (no " + record + ")"),
        differences(r), r.err());
  }

  @Test
  void aMissingOrUnusableProofsDirectoryIsAnInputError() throws IOException {
    Cli missing = Cli.run("verify", "--check-proofs", dir.resolve("nope").toString(),
        spec.toString());
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("--check-proofs: there is no directory"), missing.err());
    assertFalse(missing.err().contains("no recorded proof"), missing.err());
    Cli file = Cli.run("verify", "--check-proofs", spec.toString(), spec.toString());
    assertEquals(2, file.exit(), file.err());
    assertTrue(file.err().contains("is not a directory"), file.err());
  }

  @Test
  void anUnreadableRecordIsAnInputError() throws IOException {
    Files.writeString(record, "{ \"assertions\": [");
    Cli r = check();
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("cannot read the proof record " + record + ": not valid JSON"),
        r.err());
  }

  @Test
  void aCommentOnlyEditIsANoteNotAFailure() throws IOException {
    // a comment at the top moves every line down by one: still the same results
    Files.writeString(spec, "# the application's groups\n" + SPEC + "# and a trailing one\n");
    Cli r = check();
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of(), differences(r), r.err());
    List<String> notes = r.err().lines().filter(l -> l.startsWith("proof note")).toList();
    assertEquals(1, notes.size(), r.err());
    assertTrue(notes.get(0).contains(spec + ": recorded against an older text: app.sg changed"
        + " (recorded sha256:"), notes.get(0));
    assertTrue(notes.get(0).endsWith("every result is the same (re-record to update the digest)"),
        notes.get(0));
  }

  @Test
  void deletingOneAssertionReportsOnlyThatOne() throws IOException {
    edit("assert \"https\": internet -> web reachable tcp 443\n", "");
    Cli r = check();
    assertEquals(1, r.exit());
    assertEquals(List.of("proof differs: " + spec + ":11: 'https': the recorded assertion"
        + " 'https: internet -> web reachable tcp 443' is no longer in the spec"), differences(r),
        r.err());
  }

  @Test
  void assertionsWithoutLabelsMatchByTextAndRepeatedOnesByTheirOrder() throws IOException {
    Files.writeString(spec, SPEC.replace("assert \"leak\": ", "assert ")
        + "assert web -> batch unreachable\nassert internet -> web reachable tcp 80\n");
    Cli rec = Cli.run("verify", "--proofs", proofs.toString(), spec.toString());
    assertEquals(1, rec.exit(), rec.err());
    // the second of the two equal assertions goes, and the tcp 80 one moves up: one difference
    Files.writeString(spec, SPEC.replace("assert \"leak\": ", "assert ")
        + "assert internet -> web reachable tcp 80\n");
    Cli r = check();
    assertEquals(1, r.exit());
    assertEquals(List.of("proof differs: " + spec + ":13: 'web -> batch unreachable': the recorded"
        + " assertion 'web -> batch unreachable' is no longer in the spec"), differences(r),
        r.err());
  }

  @Test
  void aRenamedLabelIsMatchedByTextAndReportedAsAChange() throws IOException {
    edit("\"https\":", "\"tls\":");
    Cli r = check();
    assertEquals(1, r.exit());
    assertEquals(List.of("proof differs: " + spec + ":11: 'tls': the assertion changed: recorded"
        + " 'https: internet -> web reachable tcp 443', now 'tls: internet -> web reachable tcp"
        + " 443'"), differences(r), r.err());
  }

  @Test
  void aChangedDigestWithAChangedResultIsAFailureWithTheNote() throws IOException {
    edit("tcp 443 from", "tcp 8443 from");
    Cli r = check();
    assertEquals(1, r.exit());
    assertTrue(differences(r).get(0).contains("app.sg:11: 'https': verdict differs"), r.err());
    assertTrue(r.err().contains("proof note: " + spec + ": recorded against an older text"),
        r.err());
    assertFalse(r.err().contains("every result is the same"), r.err());
  }

  @Test
  void specsOfOneNameInTwoFoldersHaveTwoRecords() throws IOException {
    Path a = dir.resolve("a/app.sg");
    Path b = dir.resolve("b/app.sg");
    Files.createDirectories(a.getParent());
    Files.createDirectories(b.getParent());
    Files.writeString(a, SPEC);
    Files.writeString(b, SPEC.replace("tcp 443 from", "tcp 8443 from"));
    Path p = dir.resolve("p");
    Cli rec = Cli.run("verify", "--proofs", p.toString(), a.toString(), b.toString());
    assertEquals(1, rec.exit(), rec.err());
    assertTrue(Files.isRegularFile(p.resolve(dir).resolve("a/app.proof.json")));
    assertTrue(Files.isRegularFile(p.resolve(dir).resolve("b/app.proof.json")));
    Cli r = Cli.run("verify", "--check-proofs", p.toString(), a.toString(), b.toString());
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void aSpecOutsideTheCurrentDirectoryIsAnInputErrorForProofs(@TempDir Path outside)
      throws IOException {
    Path s = outside.resolve("app.sg");
    Files.writeString(s, SPEC);
    Cli r = Cli.run("verify", "--proofs", proofs.toString(), s.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains(s + " lies outside the current directory"), r.err());
  }

  @Test
  void inputErrorsExit2() throws IOException {
    Files.writeString(spec, "group {");
    assertEquals(2, check().exit());
  }
}

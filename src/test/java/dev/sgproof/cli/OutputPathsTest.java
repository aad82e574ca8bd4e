package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * verify never writes over one of its inputs (a spec or a file it includes) and answers an
 * output it cannot write with an input error (exit 2) naming the file and why, before verifying.
 */
class OutputPathsTest {
  private static final String NET = String.join("\n",
      "group Web basic {",
      "  ingress allow tcp 80 from 0.0.0.0/0",
      "}",
      "instance web ip 10.0.0.10 in Web",
      "");
  private static final String MAIN = String.join("\n",
      "include \"net.sg\"",
      "assert 203.0.113.0/24 -> web reachable tcp 80",
      "");

  Path dir;
  Path main;
  Path net;

  @BeforeEach
  void write() throws IOException {
    dir = Cli.workDir();
    main = dir.resolve("main.sg");
    net = dir.resolve("net.sg");
    Files.writeString(main, MAIN);
    Files.writeString(net, NET);
  }

  @AfterEach
  void cleanUp() {
    Cli.delete(dir);
  }

  private void assertInputsIntact() throws IOException {
    assertEquals(MAIN, Files.readString(main));
    assertEquals(NET, Files.readString(net));
  }

  private static void assertRefused(Cli r, String what) {
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("sgproof: cannot write " + what), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void refusesAnOutputThatIsTheSpec() throws IOException {
    Cli r = Cli.run("verify", "--format", "json", "--output", main.toString(), main.toString());
    assertRefused(r, "the json report " + main + ": it is an input");
    assertInputsIntact();
  }

  @Test
  void refusesAnOutputThatIsAnIncludedFileEvenSpelledAnotherWay() throws IOException {
    String spelled = dir.resolve("sub/../net.sg").toString();
    Cli r = Cli.run("verify", "--format", "junit", "--output", spelled, main.toString());
    assertRefused(r, "the junit report " + spelled + ": it is the input " + net);
    assertInputsIntact();
    Cli abs = Cli.run("verify", "--format", "sarif", "--output",
        net.toAbsolutePath().toString(), main.toString());
    assertEquals(2, abs.exit(), abs.err());
    assertInputsIntact();
  }

  @Test
  void refusesAnOutputThatIsTheSpecThroughALink() throws IOException {
    Path link = dir.resolve("link.json");
    Files.createSymbolicLink(link, main.getFileName());
    Cli r = Cli.run("verify", "--format", "json", "--output", link.toString(), main.toString());
    assertRefused(r, "the json report " + link + ": it is the input " + main);
    assertInputsIntact();
  }

  @Test
  void refusesAProofRecordThatIsAnIncludedFile() throws IOException {
    // --proofs P puts the record of DIR/main.sg at P/DIR/main.proof.json; let main.sg include it
    Path proofs = dir.resolve("p");
    Path record = proofs.resolve(dir).resolve("main.proof.json");
    Files.createDirectories(record.getParent());
    Files.writeString(record, NET);
    Files.writeString(main, MAIN.replace("net.sg", dir.relativize(record).toString()));
    Cli r = Cli.run("verify", "--proofs", proofs.toString(), main.toString());
    assertRefused(r, "the proof record " + record + ": it is an input");
    assertEquals(NET, Files.readString(record));
  }

  @Test
  void refusesAnSmt2FileThatIsAnIncludedFile() throws IOException {
    // --smt2 S writes the obligation of line 2 of DIR/main.sg to S/DIR/main/line-2.smt2
    Path smt2 = dir.resolve("s");
    Path query = smt2.resolve(dir).resolve("main/line-2.smt2");
    Files.createDirectories(query.getParent());
    Files.writeString(query, NET);
    Files.writeString(main, MAIN.replace("net.sg", dir.relativize(query).toString()));
    Cli r = Cli.run("verify", "--smt2", smt2.toString(), main.toString());
    assertRefused(r, "the SMT-LIB file " + query + ": it is an input");
    assertEquals(NET, Files.readString(query));
  }

  @Test
  void refusesTwoReportsToOneFile() throws IOException {
    Path out = dir.resolve("out");
    Cli r = Cli.run("verify", "--format", "json", "--output", out.toString(), "--format", "sarif",
        "--output", out.toString(), main.toString());
    assertRefused(r, "the sarif report " + out + ": the json report goes there too");
    assertFalse(Files.exists(out));
  }

  @Test
  void lintAndDiffRefuseTwoReportsToOneFileAsVerifyDoes() throws IOException {
    // until lint and diff shared verify's rules (FormatOutput), the second report overwrote the
    // first and the run exited as if both had been written
    Path out = dir.resolve("out");
    assertRefused(Cli.run("lint", "--format", "json", "--output", out.toString(), "--format",
        "sarif", "--output", out.toString(), main.toString()),
        "the sarif report " + out + ": the json report goes there too");
    assertRefused(Cli.run("diff", "--format", "markdown", "--output", out.toString(), "--format",
        "json", "--output", out.toString(), main.toString(), main.toString()),
        "the json report " + out + ": the markdown report goes there too");
    assertFalse(Files.exists(out));
    assertRefused(Cli.run("lint", "--format", "json", "--output", main.toString(),
        main.toString()), "the json report " + main + ": it is an input");
    assertInputsIntact();
  }

  @Test
  void anOutputUnderARegularFileIsAnInputError() throws IOException {
    Path out = dir.resolve("main.sg/report.json");
    Cli r = Cli.run("verify", "--format", "json", "--output", out.toString(), main.toString());
    assertRefused(r, "the json report " + out + ": " + main + " is not a directory");
    assertInputsIntact();
  }

  @Test
  void anOutputThatIsADirectoryIsAnInputError() throws IOException {
    Cli r = Cli.run("verify", "--format", "junit", "--output", dir.toString(), main.toString());
    assertRefused(r, "the junit report " + dir + ": it is a directory");
  }

  @Test
  void aProofsOrSmt2DirectoryThatIsAFileIsAnInputError() throws IOException {
    Path file = dir.resolve("plain");
    Files.writeString(file, "x");
    assertRefused(Cli.run("verify", "--proofs", file.toString(), main.toString()),
        "proof records under " + file + ": it is not a directory");
    assertRefused(Cli.run("verify", "--smt2", file.toString(), main.toString()),
        "SMT-LIB files under " + file + ": it is not a directory");
    assertEquals("x", Files.readString(file));
  }

  @Test
  void writesTheReportWhereItCan() throws IOException {
    Path out = dir.resolve("reports/deep/out.json");
    Cli r = Cli.run("verify", "--format", "json", "--output", out.toString(), main.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.readString(out).contains("\"verdict\" : \"proved\""));
  }
}

package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code sgproof matrix SPEC} on the command line: the three formats say the same, filters pick
 * rows and columns, and a filter or spec that is wrong is an input error that says why. The cells
 * themselves are checked against the evaluator by MatrixTest and MatrixByTablesTest.
 */
class MatrixCommandTest {
  private static final String SPEC = "specs/three-tier.sg";

  @Test
  void printsWhoReachesWhomByInstanceWithFoldedRowsAndTheOutsideLast() {
    Cli r = Cli.run("matrix", SPEC);
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("who reaches whom in " + SPEC + ", by instance"), r.out());
    assertTrue(lines.contains("folded: web1 (+1) = web1, web2"), r.out());
    assertTrue(lines.contains("bastion -> db1: always tcp 22"), r.out());
    assertTrue(lines.contains("internet -> web1 (+1): always tcp 80,443"), r.out());
    // nothing from internet or external reaches the database
    assertFalse(r.out().contains("internet -> db1") || r.out().contains("external -> db1"),
        r.out());
    assertEquals(r.out(), Cli.run("matrix", SPEC).out(), "the same bytes every run");
  }

  @Test
  void textCsvAndJsonHoldTheSameCells() throws Exception {
    for (String by : List.of("instance", "group", "nic")) {
      Cli text = Cli.run("matrix", "--by", by, SPEC);
      Cli csv = Cli.run("matrix", "--by", by, "--format", "csv", SPEC);
      Cli json = Cli.run("matrix", "--by", by, "--format", "json", SPEC);
      assertEquals(0, text.exit() + csv.exit() + json.exit(), text.err() + csv.err() + json.err());
      JsonNode j = new ObjectMapper().readTree(json.out());
      assertEquals(by, j.get("by").asText());
      List<String> rows = labels(j.get("rows"));
      List<String> columns = labels(j.get("columns"));
      TreeSet<String> fromJson = new TreeSet<>();
      for (JsonNode c : j.get("cells")) {
        fromJson.add(rows.get(c.get("row").asInt()) + " -> " + columns.get(c.get("column").asInt())
            + ": " + c.get("always").asText() + " | " + c.get("sometimes").asText());
      }
      TreeSet<String> fromCsv = new TreeSet<>();
      List<String> csvLines = csv.out().lines().toList();
      assertEquals("from,from_count,to,to_count,always,sometimes", csvLines.get(0));
      for (String line : csvLines.subList(1, csvLines.size())) {
        List<String> f = csvFields(line);
        assertEquals(6, f.size(), line);
        if (f.get(4).isEmpty() && f.get(5).isEmpty()) {
          continue; // CSV lists every pair that can have flows; JSON and text those with some
        }
        fromCsv.add(label(f.get(0).split(" ")[0], f.get(1)) + " -> "
            + label(f.get(2).split(" ")[0], f.get(3)) + ": " + f.get(4) + " | " + f.get(5));
      }
      assertEquals(fromJson, fromCsv, by);
      TreeSet<String> fromText = new TreeSet<>();
      for (String line : text.out().lines().toList()) {
        int arrow = line.indexOf(" -> ");
        int colon = line.indexOf(": ", Math.max(arrow, 0));
        if (arrow < 0 || colon < 0 || line.startsWith("folded")) {
          continue;
        }
        String cell = line.substring(colon + 2);
        String always = cell.startsWith("always ") ? cell.substring(7).split("; sometimes ")[0]
            : "";
        int s = cell.indexOf("sometimes ");
        String sometimes = s < 0 ? "" : cell.substring(s + 10);
        fromText.add(line.substring(0, colon) + ": " + always + " | " + sometimes);
      }
      assertEquals(fromJson, fromText, by);
      assertTrue(fromJson.size() > 5, fromJson.toString());
    }
  }

  /** The fields of a CSV line (RFC 4180 quoting). */
  private static List<String> csvFields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }

  private static List<String> labels(JsonNode lines) {
    List<String> out = new ArrayList<>();
    for (JsonNode l : lines) {
      int count = l.get("count").asInt();
      out.add(label(l.get("names").get(0).asText(), Integer.toString(count)));
    }
    return out;
  }

  private static String label(String first, String count) {
    return count.equals("1") ? first : first + " (+" + (Integer.parseInt(count) - 1) + ")";
  }

  @Test
  void fromAndToPickRowsAndColumnsByNameOrGlob() throws Exception {
    Cli r = Cli.run("matrix", "--by", "group", "--format", "json", "--from", "W*", "--from",
        "Bastion", "--to", "?b", "--to", "internet", SPEC);
    assertEquals(0, r.exit(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(List.of("Bastion", "Web"), labels(j.get("rows")));
    assertEquals(List.of("Db", "internet"), labels(j.get("columns")));
  }

  @Test
  void aPatternThatMatchesNothingIsAnInputErrorNotAnEmptyMatrix() {
    // it used to print "nothing is permitted between any pair", which reads as a finding
    Cli typo = Cli.run("matrix", "--by", "group", "--to", "Secret", SPEC);
    assertEquals(2, typo.exit(), typo.out());
    assertEquals("", typo.out());
    assertTrue(typo.err().contains("--to 'Secret' matches no group of " + SPEC), typo.err());
    assertTrue(typo.err().contains("did you mean 'Secrets'?"), typo.err());
    Cli lower = Cli.run("matrix", "--by", "group", "--from", "we*", SPEC);
    assertEquals(2, lower.exit(), lower.out());
    assertTrue(lower.err().contains("'Web' matches but for case"), lower.err());
    Cli control = Cli.run("matrix", "--from", "x\u001b[31m", SPEC);
    assertEquals(2, control.exit());
    assertTrue(control.err().contains("--from 'x\\u001B[31m' matches no instance"), control.err());
    assertFalse(control.err().contains("\u001b"), "control characters are not echoed");
  }

  @Test
  void aGroupWithoutMembersIsNamedAsSuch() throws Exception {
    java.nio.file.Path dir = Cli.workDir();
    try {
      java.nio.file.Path spec = dir.resolve("m.sg");
      java.nio.file.Files.writeString(spec, String.join("\n",
          "group Web { ingress allow tcp 443 from 0.0.0.0/0 }",
          "group Spare { ingress allow tcp 22 from 10.0.0.0/8 }",
          "instance web ip 10.1.0.10 in Web",
          ""));
      Cli r = Cli.run("matrix", "--by", "group", "--to", "Spare", spec.toString());
      assertEquals(2, r.exit(), r.out());
      assertTrue(r.err().contains("group Spare has no member NIC"), r.err());
    } finally {
      Cli.delete(dir);
    }
  }

  @Test
  void aSpecWithErrorsIsExitTwoWithTheLocationAndACaret() {
    Cli r = Cli.run("matrix", Cli.BROKEN);
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().contains(Cli.BROKEN + ":"), r.err());
    assertTrue(r.err().contains("^"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}

package dev.sgproof.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.diag.Diagnostic;
import dev.sgproof.diag.SourceText;
import dev.sgproof.gen.Gen;
import dev.sgproof.gen.Property;
import dev.sgproof.model.Assertion;
import dev.sgproof.model.Group;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.Network;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Peer;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.engines.EngineChoice;
import dev.sgproof.engines.EngineOptions;
import dev.sgproof.engines.Engines;
import dev.sgproof.engines.Portfolio;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 1: a cloud ID, name or description with a newline (or any other character that
 * ends or disguises a line) must never become spec text. Generated accounts are imported clean
 * and with hostile values in every free-text field; the two imports must declare the same groups,
 * rules and NICs (up to names) and give the same verdicts on assertions over addresses, and no
 * line of the output, no warning and no error may carry such a character. Seeded; {@code
 * -Dsgproof.seed=N} replays, {@code -Dsgproof.fuzz.long=true} runs 10,000 cases per format instead of 500.
 */
class HostileInputTest {
  static final long SEED = Property.baseSeed(20261201L);
  static final int CASES = Boolean.getBoolean("sgproof.fuzz.long") ? 10_000 : 500;

  /** The import of one account: spec text, warnings, omissions; or the error. */
  record Imported(String text, List<ImportWarning> warnings, List<Omission> omissions,
      String error) {}

  static Imported api(Map<String, String> files) {
    Account account = new Account();
    try {
      AlibabaImporter importer = new AlibabaImporter(account);
      files.forEach(importer::read);
      String text = SpecWriter.write(account);
      return new Imported(text, account.warnings(), account.omissions(), "");
    } catch (ImportException e) {
      return new Imported("", account.warnings(), account.omissions(), e.getMessage());
    }
  }

  static Imported terraform(String json) {
    Account account = new Account();
    try {
      String text = new TerraformImporter(account).read("tf.json", json);
      return new Imported(text, account.warnings(), account.omissions(), "");
    } catch (ImportException e) {
      return new Imported("", account.warnings(), account.omissions(), e.getMessage());
    }
  }

  @Test
  void hostileValuesInApiResponsesImportAsTheCleanValuesDo() {
    run("api", true);
  }

  @Test
  void hostileValuesInTerraformStateImportAsTheCleanValuesDo() {
    run("terraform", false);
  }

  private static void run(String kind, boolean api) {
    Gen seeds = new Gen(SEED ^ kind.hashCode());
    int withOmissions = 0;
    Map<String, Integer> words = new HashMap<>();
    for (int i = 0; i < CASES; i++) {
      long seed = seeds.nextLong();
      Gen g = new Gen(seed);
      CloudGen.Cloud clean = CloudGen.generate(g, g.chance(0.3), !api);
      CloudGen.Cloud hostile = CloudGen.hostile(clean, g.split());
      Imported a = api ? api(CloudGen.api(clean, Set.of()))
          : terraform(CloudGen.terraform(clean, Set.of()));
      Imported b = api ? api(CloudGen.api(hostile, Set.of()))
          : terraform(CloudGen.terraform(hostile, Set.of()));
      String where = kind + " case " + i + " (seed " + SEED + "/" + seed + "; replay with -D"
          + Property.SEED_PROPERTY + "=" + SEED + ")";
      check(where, a, b, new Gen(seed + 1)).forEach(w -> words.merge(w, 1, Integer::sum));
      withOmissions += a.omissions().isEmpty() ? 0 : 1;
    }
    // The generator must reach both modelled and partial accounts.
    assertTrue(withOmissions > CASES / 20, kind + ": only " + withOmissions + " partial imports");
    assertTrue(withOmissions < CASES - CASES / 20, kind + ": " + withOmissions + " partial");
    // ... and assertions that hold and assertions that fail.
    assertTrue(words.getOrDefault("proved", 0) > CASES / 4, kind + ": " + words);
    assertTrue(words.getOrDefault("refuted", 0) > CASES / 4, kind + ": " + words);
  }

  /** Checks one pair; returns the verdicts of the clean import. */
  private static List<String> check(String where, Imported a, Imported b, Gen g) {
    assertEquals("", a.error(), where + ": the clean account does not import");
    assertEquals("", b.error(), where + ": the hostile account does not import");
    oneLineEach(where, a);
    oneLineEach(where, b);
    assertEquals(kinds(a.omissions()), kinds(b.omissions()), where + ": omissions differ\n"
        + a.omissions() + "\n" + b.omissions());
    Spec sa = load(where + " clean", a.text());
    Spec sb = load(where + " hostile", b.text());
    assertTrue(sb.assertions().isEmpty(), where + ": the hostile import has assertions\n"
        + b.text());
    assertEquals(shape(sa.network()), shape(sb.network()), where + ": models differ\n--- clean\n"
        + a.text() + "\n--- hostile\n" + b.text());
    List<String> assertions = assertions(sa.network(), g);
    List<String> verdicts = verdicts(a.text(), assertions);
    assertEquals(verdicts, verdicts(b.text(), assertions),
        where + ": verdicts differ\n" + String.join("\n", assertions) + "\n--- clean\n" + a.text()
            + "\n--- hostile\n" + b.text());
    return verdicts;
  }

  /** No character of the output (but the newlines between lines) can end or disguise a line. */
  static void oneLineEach(String where, Imported r) {
    for (String line : r.text().split("\n", -1)) {
      assertEquals(line, Escape.text(line).replace("\\\\", "\\"), where + ": unsafe line "
          + Escape.text(line));
    }
    for (ImportWarning w : r.warnings()) {
      String s = w.toString();
      assertEquals(s, Escape.text(s).replace("\\\\", "\\"), where + ": unsafe warning");
    }
    for (Omission o : r.omissions()) {
      String s = o.line("error");
      assertEquals(s, Escape.text(s).replace("\\\\", "\\"), where + ": unsafe omission");
    }
  }

  static List<String> kinds(List<Omission> os) {
    return os.stream().map(o -> o.kind().name()).sorted().toList();
  }

  static Spec load(String where, String text) {
    LoadResult r = SpecLoader.load(new SourceText("imported.sg", text));
    assertFalse(r.hasErrors(), () -> where + ": " + r.diagnostics() + "\n" + text);
    assertEquals(1, r.sources().size(), where + ": the import pulled in another file");
    return r.spec();
  }

  /**
   * The network without names: each group as its type, policy, members (by address) and rules
   * (a group peer by its members), each NIC as its addresses and its groups' members, each
   * instance as its NICs' addresses; as sorted lists.
   */
  static List<List<String>> shape(Network n) {
    Map<String, String> members = new HashMap<>();
    for (Group g : n.groups()) {
      members.put(g.name(), new TreeSet<>(n.members(g.name()).stream()
          .flatMap(x -> x.addresses().stream()).map(IpAddress::toString).toList()).toString());
    }
    List<String> groups = new ArrayList<>();
    for (Group g : n.groups()) {
      List<String> rules = new ArrayList<>();
      for (Rule r : g.rules()) {
        String peer = r.peer() instanceof Peer.GroupPeer gp ? "group" + members.get(gp.group())
            : r.peer().toString();
        rules.add(r.direction() + " " + r.action() + " " + r.protocol() + " " + r.dstPorts()
            + " sport " + r.srcPorts() + " " + peer + " priority " + r.priority()
            + (r.legacy() ? " legacy" : ""));
      }
      rules.sort(null);
      groups.add(g.type() + " " + g.policy() + " " + g.legacyDefault() + " members "
          + members.get(g.name()) + " rules " + rules);
    }
    groups.sort(null);
    List<String> nics = new ArrayList<>();
    for (Nic x : n.nics()) {
      nics.add(x.addresses() + " in " + x.groups().stream().map(members::get).sorted().toList());
    }
    nics.sort(null);
    List<String> instances = new ArrayList<>();
    n.instances().forEach(i -> instances.add(i.nics().stream().map(x -> x.addresses().toString())
        .sorted().toList().toString()));
    instances.sort(null);
    return List.of(groups, nics, instances);
  }

  private static final List<String> EXTERNAL = List.of("192.0.2.5", "203.0.113.7", "8.8.8.8",
      "2001:db8::5", "10.0.1.5", "2408:4000::3", "internet");
  private static final List<String> TRAFFIC = List.of("", " tcp 22", " tcp 80", " udp 53",
      " icmp", " tcp 1000-2000", " all", " gre");

  /** Assertions over addresses only, so that they mean the same in both imports. */
  static List<String> assertions(Network n, Gen g) {
    List<String> nicAddresses = new ArrayList<>();
    Map<String, String> nicOf = new HashMap<>();
    for (Nic x : n.nics()) {
      for (IpAddress a : x.addresses()) {
        nicAddresses.add(a.toString());
        nicOf.put(a.toString(), x.id());
      }
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < 4 && !nicAddresses.isEmpty(); k++) {
      String from = g.chance(0.6) ? g.pick(nicAddresses) : g.pick(EXTERNAL);
      String to = g.pick(nicAddresses);
      if (g.chance(0.3)) {
        String t = from;
        from = to;
        to = t;
      }
      if (from.equals(to) || (nicOf.containsKey(from) && nicOf.get(from).equals(nicOf.get(to)))) {
        continue;
      }
      String claim = g.pick(List.of("reachable", "unreachable", "only"));
      String traffic = g.pick(TRAFFIC);
      if (g.chance(0.2) && !from.equals("internet")) {
        out.add("assert " + from + " <-> " + to + " " + g.pick(List.of("interconnected",
            "isolated")) + traffic);
      } else if (claim.equals("only")) {
        out.add("assert " + from + " -> " + to + " only" + (traffic.isEmpty()
            || traffic.equals(" all") ? " tcp 22" : traffic));
      } else {
        out.add("assert " + from + " -> " + to + " " + claim + traffic);
      }
    }
    return out;
  }

  /** The verdict word of each assertion, or the diagnostics' codes when the spec does not load. */
  static List<String> verdicts(String network, List<String> assertions) {
    String text = network + "\n" + String.join("\n", assertions) + "\n";
    LoadResult r = SpecLoader.load(new SourceText("checks.sg", text));
    if (r.hasErrors()) {
      return r.diagnostics().stream().map(Diagnostic::code).map(Object::toString).toList();
    }
    Spec s = r.spec();
    List<String> out = new ArrayList<>();
    try (Portfolio engine = Engines.portfolio(
        EngineOptions.of(EngineChoice.exhaustive).withDependsOn(false))) {
      for (Assertion x : s.assertions()) {
        out.add(engine.verify(s, x).verdict().word());
      }
    }
    return out;
  }
}

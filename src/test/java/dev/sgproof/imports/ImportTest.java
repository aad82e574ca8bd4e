package dev.sgproof.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sgproof.cli.Main;
import dev.sgproof.diag.SourceSpan;
import dev.sgproof.diag.SourceText;
import dev.sgproof.model.Group;
import dev.sgproof.model.Instance;
import dev.sgproof.model.Nic;
import dev.sgproof.model.Rule;
import dev.sgproof.model.Spec;
import dev.sgproof.semantics.IncludeRoots;
import dev.sgproof.semantics.LoadResult;
import dev.sgproof.semantics.SpecLoader;
import dev.sgproof.syntax.Formatter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTest {
  static final Path DIR = Paths.get("src/test/resources/dev/sgproof/imports");
  static final String[] ALL_ALIBABA = {
    "attribute_web.json", "attribute_web_page2.json", "attribute_bastion.json",
    "attribute_legacy.json", "groups.json", "groups_page2.json", "interfaces.json",
    "interfaces_page2.json", "instances.json", "instances_page2.json"
  };

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code import alibaba --allow-partial FILE...}: most fixtures have what a spec cannot say. */
  static Run importAlibaba(String... files) {
    List<String> args = new ArrayList<>(List.of("import", "alibaba", "--allow-partial"));
    for (String f : files) {
      args.add(DIR.resolve(f).toString());
    }
    return cli(args.toArray(String[]::new));
  }

  static String golden(String name) throws IOException {
    return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
  }

  static Spec load(String name, String text) {
    LoadResult r = SpecLoader.load(new SourceText(name, text));
    assertFalse(r.hasErrors(), () -> r.diagnostics() + "\n" + text);
    return r.spec();
  }

  @Test
  void importsTheDocumentsExamples() throws IOException {
    Run r = importAlibaba("attribute_web.json", "groups.json", "interfaces.json", "instances.json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(golden("examples.sg"), r.out());
    load("examples.sg", r.out());
    assertTrue(r.err().contains("groups.json: $.SecurityGroups.SecurityGroup[1]: warning: the"
        + " rules and InnerAccessPolicy of security group sg-bp1bastion00001 not imported"),
        r.err());
  }

  @Test
  void importsPagesLegacyPrefixListsQuintupleRulesAndSecondaryEnis() throws IOException {
    Run r = importAlibaba(ALL_ALIBABA);
    assertEquals(0, r.exit(), r.err());
    assertEquals(golden("all.sg"), r.out());
    Spec s = load("all.sg", r.out());
    assertTrue(s.network().groupNamed("default_group_old").legacyDefault());
    assertTrue(s.assertions().isEmpty());
    for (String w : List.of(
        "attribute_web_page2.json: $.Permissions.Permission[2]: warning: rule sgr-bp1a0005",
        "interfaces_page2.json: $.NetworkInterfaceSets.NetworkInterfaceSet[0]: warning: the"
            + " membership of network interface eni-bp1db1prim00001 in security group"
            + " sg-bp1gone000000001 not imported",
        "attribute_web_page2.json: $.Permissions.Permission[3]: warning: rule sgr-bp1a0006",
        "attribute_web_page2.json: $.Permissions.Permission[4]: warning: rule sgr-bp1a0007",
        "attribute_web_page2.json: $.Permissions.Permission[5]: warning: rule sgr-bp1a0008",
        "attribute_web_page2.json: $.Permissions.Permission[6]: warning: rule sgr-bp1a0009",
        "instances_page2.json: $.Instances.Instance[0].NetworkInterfaces.NetworkInterface[1]:"
            + " warning: network interface eni-bp1db1sec000001 (10.0.8.20) not imported")) {
      assertTrue(r.err().contains(w), () -> w + "\n" + r.err());
    }
  }

  @Test
  void orderOfInputFilesDoesNotMatter() {
    List<String> reversed = new ArrayList<>(List.of(ALL_ALIBABA));
    java.util.Collections.reverse(reversed);
    assertEquals(importAlibaba(ALL_ALIBABA).out(),
        importAlibaba(reversed.toArray(String[]::new)).out());
  }

  @Test
  void importsTerraformState() throws IOException {
    Run r = cli("import", "terraform", DIR.resolve("terraform_state.json").toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(golden("terraform_state.sg"), r.out());
    load("terraform_state.sg", r.out());
  }

  @Test
  void importsTerraformPlanResolvingUnknownIdsThroughReferences() throws IOException {
    Run r = cli("import", "terraform", DIR.resolve("terraform_plan.json").toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(golden("terraform_plan.sg"), r.out());
    Spec s = load("terraform_plan.sg", r.out());
    Nic mgmt = s.network().nic("app-0.app_mgmt").orElseThrow();
    assertEquals(List.of("lb"), mgmt.groups());
  }

  @Test
  void writesTheOutputFile(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("network.sg");
    Run r = cli("import", "alibaba", DIR.resolve("attribute_web.json").toString(),
        DIR.resolve("attribute_bastion.json").toString(), "-o", out.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out());
    load("network.sg", Files.readString(out));
    Files.writeString(out, "old contents");
    r = cli("import", "alibaba", DIR.resolve("attribute_web.json").toString(),
        DIR.resolve("attribute_bastion.json").toString(), "-o", out.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out());
    load("network.sg", Files.readString(out));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(out), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void nicsWhoseIdsSanitiseAlikeGetDistinctNames(@TempDir Path tmp) throws IOException {
    Path enis = tmp.resolve("enis.json");
    Files.writeString(enis, """
        { "NetworkInterfaceSets": { "NetworkInterfaceSet": [
          { "NetworkInterfaceId": "eni 1", "InstanceId": "i-1", "Type": "Primary",
            "PrivateIpAddress": "10.0.0.1", "SecurityGroupIds": { "SecurityGroupId": [ "sg-1" ] } },
          { "NetworkInterfaceId": "eni\\n1", "InstanceId": "i-1", "Type": "Secondary",
            "PrivateIpAddress": "10.0.0.2", "SecurityGroupIds": { "SecurityGroupId": [ "sg-1" ] } }
        ] } }
        """);
    Path group = tmp.resolve("groups.json");
    Files.writeString(group, """
        { "SecurityGroups": { "SecurityGroup": [ { "SecurityGroupId": "sg-1",
          "SecurityGroupType": "normal" } ] } }
        """);
    Path attr = tmp.resolve("attr.json");
    Files.writeString(attr, """
        { "SecurityGroupId": "sg-1", "InnerAccessPolicy": "Drop", "Permissions": {} }
        """);
    Run r = cli("import", "alibaba", enis.toString(), group.toString(), attr.toString());
    assertEquals(0, r.exit(), r.err());
    Spec s = load("enis.sg", r.out());
    assertEquals(List.of("eni_1", "eni_1_2"), s.network().nics().stream()
        .map(Nic::nicName).toList(), r.out());
  }

  // ------------------------------------------------------------------ round trips

  @Test
  void importFormatAndParseGiveTheSameModel() throws IOException {
    for (String golden : List.of("examples.sg", "all.sg", "terraform_state.sg",
        "terraform_plan.sg", "prefix/prefix.sg", "prefix/terraform_plan_pl.sg")) {
      String text = golden(golden);
      Spec a = load(golden, text);
      Formatter.Result f = Formatter.format(new SourceText(golden, text));
      assertTrue(f.ok());
      assertEquals(text, f.text(), "the importer writes canonical text");
      Spec b = load(golden, f.text());
      assertEquals(groups(a), groups(b));
      assertEquals(instances(a), instances(b));
    }
  }

  @Test
  void keepingAssertionsInAFileThatIncludesTheImportedNetwork(@TempDir Path tmp)
      throws IOException {
    Run imported = importAlibaba(ALL_ALIBABA);
    Files.writeString(tmp.resolve("network.sg"), imported.out());
    String assertions = "include \"network.sg\"\n\n"
        + "assert \"https is public\": internet -> 10.0.1.10 reachable tcp 443\n"
        + "assert internet -> 10.0.1.10 unreachable tcp 3306\n";
    Path checks = tmp.resolve("checks.sg");
    Files.writeString(checks, assertions);
    LoadResult r = SpecLoader.read(checks, IncludeRoots.of(List.of(tmp)));
    assertFalse(r.hasErrors(), r.diagnostics()::toString);
    assertEquals(2, r.spec().assertions().size());
    Run verified = cli("verify", "--engine", "exhaustive", "--include-path", tmp.toString(),
        checks.toString());
    assertEquals(0, verified.exit(), verified.out() + verified.err());
  }

  @Test
  void theConcatenationOfAnImportAndAssertionsIsASpec() {
    String network = importAlibaba(ALL_ALIBABA).out();
    String assertions = "assert 10.0.9.10 -> 10.0.1.10 reachable tcp 443\n"
        + "assert group web <-> group bastion isolated tcp 22\n";
    Spec s = load("both.sg", network + assertions);
    assertEquals(2, s.assertions().size());
    assertEquals(groups(load("n.sg", network)), groups(s));
  }

  private static final SourceSpan NONE = SourceSpan.none("x");

  static List<Group> groups(Spec s) {
    return s.network().groups().stream()
        .map(g -> new Group(g.name(), g.type(), g.policy(), g.legacyDefault(),
            g.rules().stream().map(ImportTest::strip).toList(), NONE))
        .toList();
  }

  static Rule strip(Rule r) {
    return new Rule(r.group(), r.direction(), r.action(), r.protocol(), r.dstPorts(),
        r.srcPorts(), r.peer(), r.priority(), r.legacy(), NONE);
  }

  static List<Instance> instances(Spec s) {
    return s.network().instances().stream()
        .map(i -> new Instance(i.name(), i.nics().stream()
            .map(n -> new Nic(n.id(), n.instance(), n.nicName(), n.addresses(), n.groups(), NONE))
            .toList(), i.oneLine(), NONE))
        .toList();
  }
}

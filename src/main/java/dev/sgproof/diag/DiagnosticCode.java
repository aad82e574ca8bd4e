package dev.sgproof.diag;

/**
 * Stable diagnostic identifiers. Never renumber: users grep for them and CI annotations key on
 * them. Errors are SG0xx, warnings SG1xx.
 */
public enum DiagnosticCode {
  // --- input and syntax
  SG001("syntax error"),
  SG002("file cannot be read"),
  SG003("include given to the Resolver directly (SpecLoader resolves includes)"),
  SG004("internal error in the front end (a bug: please report it)"),
  SG005("include cycle"),
  SG006("include outside the current directory's tree and the --include-path trees"),
  SG007("file is not spec text (its lines are not shown)"),
  // --- values
  SG010("priority outside 1..100"),
  SG011("port outside 1..65535"),
  SG012("port range with low > high"),
  SG013("ports on a protocol that has none"),
  SG014("malformed address or CIDR"),
  SG015("NIC address is a CIDR, not a single address"),
  SG016("direction and preposition disagree (ingress ... from, egress ... to)"),
  SG017("conflicting or repeated group option"),
  SG018("repeated rule option (sport or priority)"),
  // --- group types
  SG020("NIC mixes basic and advanced groups"),
  SG021("advanced group used as a rule peer"),
  SG022("rule of an advanced group names a group peer"),
  SG023("interconnected on an advanced group"),
  // --- names and addresses
  SG030("unknown group"),
  SG031("unknown instance"),
  SG032("unknown NIC"),
  SG033("duplicate name"),
  SG034("the same address on two NICs"),
  SG035("NIC with no group"),
  SG036("the same group twice on one NIC"),
  SG037("instance with no NIC"),
  // --- assertions
  SG040("endpoint denotes no address"),
  SG041("assertion has no flow to check"),
  SG042("traffic ports on a protocol that has none"),
  SG043("claim does not fit the arrow (-> takes reachable, unreachable, only; <-> takes interconnected, isolated)"),
  SG044("only without traffic"),
  // --- warnings: quotas the cloud lets an account raise, and rules that can never match
  SG101("more than 20 group-peer rules in one basic group"),
  SG102("more than 200 rules in one group"),
  SG103("more than 1,000 rules across the groups of one NIC"),
  SG104("more than 5 groups on one NIC"),
  SG105("more than 6,000 private addresses in a basic group"),
  SG106("more than 65,536 NICs in an advanced group"),
  SG110("rule can never match"),
  SG111("CIDR has host bits set"),
  SG112("only all means reachable"),
  // --- lint findings (sgproof lint; never from verify)
  SG201("rule decides no flow at any NIC it applies to (shadowed)"),
  SG202("rule decides flows, but deleting it changes no decision (redundant)"),
  SG203("the same rule statement twice in a group (duplicate)"),
  SG204("group has no member NIC (unused)"),
  SG205("an administrative or database port is reachable from the internet (exposure)");

  private final String summary;

  DiagnosticCode(String summary) {
    this.summary = summary;
  }

  public String id() {
    return name();
  }

  /** One line on what the code is about, for `sgproof explain-code` and SARIF rule metadata. */
  public String summary() {
    return summary;
  }
}

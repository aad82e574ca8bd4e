package dev.sgproof.gen;

/**
 * The size and mix of a generated network. Counts are maxima unless stated; shares are
 * probabilities 0..1.
 *
 * @param groups number of groups (at least 1)
 * @param rulesPerGroup maximum custom rules per group
 * @param instances number of instances (at least 1)
 * @param nicsPerInstance maximum NICs per instance
 * @param groupsPerNic maximum groups per NIC (1..5 is the interesting range)
 * @param ipv6Share share of NICs with an IPv6 address (v6-only or dual-stack)
 * @param dualStackShare share of the NICs with IPv6 that have IPv4 too (dual-stack)
 * @param advancedShare share of advanced groups
 * @param isolatedShare share of isolated basic groups
 * @param legacyShare share of groups carrying the legacy default rules
 * @param groupPeerShare share of rules (of basic groups) naming a group peer
 */
public record GenConfig(
    int groups,
    int rulesPerGroup,
    int instances,
    int nicsPerInstance,
    int groupsPerNic,
    double ipv6Share,
    double dualStackShare,
    double advancedShare,
    double isolatedShare,
    double legacyShare,
    double groupPeerShare) {

  public GenConfig {
    if (groups < 1 || instances < 1 || nicsPerInstance < 1 || groupsPerNic < 1 || rulesPerGroup < 0) {
      throw new IllegalArgumentException("bad config " + groups + "/" + instances);
    }
  }

  /** A few groups and NICs: fast, and failures shrink to something readable. */
  public static GenConfig small() {
    return new GenConfig(4, 5, 4, 2, 3, 0.4, 0.5, 0.2, 0.3, 0.15, 0.2);
  }

  /** Larger networks with more overlap between rules. */
  public static GenConfig medium() {
    return new GenConfig(7, 10, 8, 3, 5, 0.4, 0.5, 0.25, 0.3, 0.15, 0.2);
  }

  public GenConfig withGroups(int n) {
    return new GenConfig(n, rulesPerGroup, instances, nicsPerInstance, groupsPerNic, ipv6Share,
        dualStackShare, advancedShare, isolatedShare, legacyShare, groupPeerShare);
  }

  public GenConfig withRulesPerGroup(int n) {
    return new GenConfig(groups, n, instances, nicsPerInstance, groupsPerNic, ipv6Share,
        dualStackShare, advancedShare, isolatedShare, legacyShare, groupPeerShare);
  }

  public GenConfig withInstances(int n) {
    return new GenConfig(groups, rulesPerGroup, n, nicsPerInstance, groupsPerNic, ipv6Share,
        dualStackShare, advancedShare, isolatedShare, legacyShare, groupPeerShare);
  }

  public GenConfig withAdvancedShare(double s) {
    return new GenConfig(groups, rulesPerGroup, instances, nicsPerInstance, groupsPerNic, ipv6Share,
        dualStackShare, s, isolatedShare, legacyShare, groupPeerShare);
  }

  public GenConfig withIpv6Share(double s) {
    return new GenConfig(groups, rulesPerGroup, instances, nicsPerInstance, groupsPerNic, s,
        dualStackShare, advancedShare, isolatedShare, legacyShare, groupPeerShare);
  }
}

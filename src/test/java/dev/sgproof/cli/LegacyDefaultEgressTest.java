package dev.sgproof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 4: the legacy default group's egress allow (priority 110) covers IPv6 too, so an
 * IPv6 NIC of an advanced legacy-default group reaches the internet with every engine.
 */
class LegacyDefaultEgressTest {

  @ParameterizedTest
  @ValueSource(strings = {"auto", "smt", "exhaustive"})
  void ipv6NicOfAnAdvancedLegacyGroupGetsOut(String engine) {
    Cli r = Cli.run("verify", "--engine", engine, Cli.RESOURCES + "legacy_default_ipv6_egress.sg");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("✗ refuted  the legacy egress allow lets IPv6 out"), r.out());
    assertTrue(r.out().contains("allow by the legacy default rule of group Old"), r.out());
    assertTrue(r.out().contains("egress allow all to ::/0 priority 110"), r.out());
    assertTrue(r.out().contains("1 passed, 1 failed"), r.out());
  }
}

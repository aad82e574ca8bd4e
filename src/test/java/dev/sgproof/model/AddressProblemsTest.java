package dev.sgproof.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sgproof.gen.Fuzz;
import dev.sgproof.gen.Property;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressProblemsTest {
  @Test
  void namesTheReasonAnAddressOrCidrIsMalformed() {
    assertEquals(Optional.of("the prefix /33 is longer than 32"), AddressProblems.ofCidr("10.0.0.0/33"));
    assertEquals(Optional.of("the prefix /129 is longer than 128"), AddressProblems.ofCidr("::/129"));
    assertEquals(Optional.of("nothing follows '/': give a prefix length 0..32"),
        AddressProblems.ofCidr("10.0.0.0/"));
    assertEquals(Optional.of("part 256 is above 255"), AddressProblems.ofCidr("10.0.0.256"));
    assertEquals(Optional.of("part 01 has a leading zero"), AddressProblems.ofCidr("10.0.0.01"));
    assertEquals(Optional.of("an IPv4 address has 4 parts separated by '.', not 3"),
        AddressProblems.ofAddress("10.0.1"));
    assertEquals(Optional.of("'g' is not a hex digit"), AddressProblems.ofAddress("fe80::g"));
    assertEquals(Optional.of("an IPv6 address with '::' has at most 7 groups, not 8"),
        AddressProblems.ofAddress("1:2:3:4::5:6:7:8"));
    assertEquals(Optional.empty(), AddressProblems.ofCidr("10.0.0.1/8"));
    assertEquals(Optional.empty(), AddressProblems.ofCidr("::ffff:10.0.0.1"));
  }

  /** A reason exactly when parsing fails, and always a specific one. */
  @Test
  void aReasonIsGivenExactlyWhenParsingFails() {
    long seed = Property.baseSeed(1133L);
    Random r = new Random(seed);
    List<String> pieces = List.of("1", "0", "10", "255", "256", "01", "ff", "g", "12345", ".",
        ":", "::", "/", "/8", "/33", "/129", "/", "1.2.3.4", "", "x", "\u0661");
    for (int i = 0; i < Fuzz.cases(20_000); i++) {
      StringBuilder b = new StringBuilder();
      for (int n = r.nextInt(9); n > 0; n--) {
        b.append(pieces.get(r.nextInt(pieces.size())));
      }
      String t = b.toString();
      Optional<String> why = AddressProblems.ofCidr(t);
      String where = "seed " + seed + " case " + i + ": '" + t + "' " + why;
      assertEquals(Cidr.parse(t, true).isEmpty(), why.isPresent(), where);
      why.ifPresent(w -> assertNotEquals("not an address", w, where));
      int slash = t.indexOf('/');
      String addr = slash < 0 ? t : t.substring(0, slash);
      assertEquals(IpAddress.parse(addr).isEmpty(), AddressProblems.ofAddress(addr).isPresent(),
          where);
    }
  }
}

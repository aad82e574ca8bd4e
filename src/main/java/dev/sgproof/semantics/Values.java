package dev.sgproof.semantics;

import dev.sgproof.diag.DiagnosticCode;
import dev.sgproof.model.AddressProblems;
import dev.sgproof.model.Cidr;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.PortRange;
import dev.sgproof.syntax.ast.AddressLit;
import dev.sgproof.syntax.ast.NumberLit;
import dev.sgproof.syntax.ast.PortRangeNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Range checks of literals: ports, priorities, addresses and CIDRs. */
final class Values {
  private final Reporter out;

  Values(Reporter out) {
    this.out = out;
  }

  /** The port ranges, or {@link PortRange#ALL} alone when none are written; empty on error. */
  Optional<List<PortRange>> ports(List<PortRangeNode> nodes) {
    if (nodes.isEmpty()) {
      return Optional.of(List.of(PortRange.ALL));
    }
    List<PortRange> ranges = new ArrayList<>();
    int before = out.errorCount();
    for (PortRangeNode n : nodes) {
      OptionalInt low = port(n.low());
      OptionalInt high = n.high().span().equals(n.low().span()) ? low : port(n.high());
      if (low.isPresent() && high.isPresent()) {
        if (low.getAsInt() > high.getAsInt()) {
          out.error(
              DiagnosticCode.SG012,
              n.span(),
              "port range "
                  + low.getAsInt()
                  + "-"
                  + high.getAsInt()
                  + " has its low end above its high end");
        } else {
          ranges.add(new PortRange(low.getAsInt(), high.getAsInt()));
        }
      }
    }
    return out.errorCount() == before ? Optional.of(List.copyOf(ranges)) : Optional.empty();
  }

  private OptionalInt port(NumberLit n) {
    OptionalInt v = n.within(PortRange.MIN, PortRange.MAX);
    if (v.isEmpty()) {
      out.error(DiagnosticCode.SG011, n.span(), "port " + shown(n) + " is outside 1..65535");
    }
    return v;
  }

  OptionalInt priority(NumberLit n) {
    OptionalInt v = n.within(1, 100);
    if (v.isEmpty()) {
      out.error(DiagnosticCode.SG010, n.span(), "priority " + shown(n) + " is outside 1..100");
    }
    return v;
  }

  /** A CIDR (a bare address is a host block); host bits set: warning SG111, cleared. */
  Optional<Cidr> cidr(AddressLit a) {
    Optional<Cidr.Written> written = Cidr.parseWritten(a.text());
    if (written.isEmpty()) {
      out.error(DiagnosticCode.SG014, a.span(), "malformed address or CIDR '"
          + clipped(a.text()) + "': " + AddressProblems.ofCidr(a.text()).orElse("?"));
      return Optional.empty();
    }
    Cidr lenient = written.get().cidr();
    if (written.get().hostBits()) {
      out.warning(
          DiagnosticCode.SG111,
          a.span(),
          "'" + a.text() + "' has host bits set; it means " + lenient);
    }
    return Optional.of(lenient);
  }

  /** A NIC address: a single address, or a CIDR of one address (/32, /128). */
  Optional<IpAddress> nicAddress(AddressLit a) {
    Optional<Cidr> c = Cidr.parse(a.text(), true);
    if (c.isEmpty()) {
      out.error(DiagnosticCode.SG014, a.span(), "malformed address '" + clipped(a.text())
          + "': " + AddressProblems.ofCidr(a.text()).orElse("?"));
      return Optional.empty();
    }
    if (!c.get().isHost()) {
      out.error(
          DiagnosticCode.SG015,
          a.span(),
          "a NIC address is a single address, not the block '" + a.text() + "'");
      return Optional.empty();
    }
    return Optional.of(c.get().network());
  }

  private static String shown(NumberLit n) {
    return clipped(n.value().toString());
  }

  static String clipped(String s) {
    return s.length() > 40 ? s.substring(0, 20) + "..." + s.substring(s.length() - 10) : s;
  }
}

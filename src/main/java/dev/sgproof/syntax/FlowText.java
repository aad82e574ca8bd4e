package dev.sgproof.syntax;

import dev.sgproof.model.Flow;
import dev.sgproof.model.IpAddress;
import dev.sgproof.model.IpVersion;
import dev.sgproof.model.PortRange;
import dev.sgproof.model.Protocols;
import java.util.Locale;
import java.util.Optional;

/**
 * A concrete flow as users write it on the command line (language.md, "Other commands"):
 * {@code PROTO SRC[:PORT] -> DST[:PORT]}, an IPv6 address with a port in brackets ({@code tcp
 * [2001:db8::1]:49152 -> [2001:db8::2]:443}), the protocol a name ({@code tcp udp icmp icmpv6
 * gre}) or a number 0..255. tcp and udp need the destination port; the source port defaults to
 * 49152. Other protocols take no port.
 */
public final class FlowText {
  /** The source port of a tcp or udp flow written without one. */
  public static final int DEFAULT_SOURCE_PORT = 49152;

  private FlowText() {}

  /** A parsed flow, or where (0-based column) and why the text is not one. */
  public record Result(Optional<Flow> flow, int column, String error) {
    static Result ok(Flow f) {
      return new Result(Optional.of(f), -1, "");
    }

    static Result error(int column, String why) {
      return new Result(Optional.empty(), column, why);
    }
  }

  public static Result parse(String text) {
    int arrow = text.indexOf("->");
    if (arrow < 0) {
      return Result.error(Math.max(0, text.length()), "expected '->' between the source and"
          + " the destination (PROTO SRC[:PORT] -> DST[:PORT])");
    }
    String left = text.substring(0, arrow);
    int at = skipSpace(left, 0);
    int protoEnd = at;
    while (protoEnd < left.length() && !Character.isWhitespace(left.charAt(protoEnd))) {
      protoEnd++;
    }
    if (protoEnd == at) {
      return Result.error(at, "expected a protocol (tcp, udp, icmp, icmpv6, gre or 0..255)");
    }
    String protoText = left.substring(at, protoEnd);
    int protocol = protocol(protoText);
    if (protocol < 0) {
      return Result.error(at, "'" + protoText + "' is not a protocol: expected tcp, udp, icmp,"
          + " icmpv6, gre or a number 0..255");
    }
    int srcAt = skipSpace(left, protoEnd);
    Endpoint src = endpoint(left, srcAt, trimEnd(left));
    if (src.error != null) {
      return Result.error(src.errorColumn, src.error);
    }
    int dstAt = skipSpace(text, arrow + 2);
    Endpoint dst = endpoint(text, dstAt, trimEnd(text));
    if (dst.error != null) {
      return Result.error(dst.errorColumn, dst.error);
    }
    if (src.address.version() != dst.address.version()) {
      return Result.error(dstAt, "the source is " + name(src.address.version())
          + " and the destination " + name(dst.address.version()) + ": a flow has one IP version");
    }
    if (!Protocols.fitsVersion(protocol, src.address.version())) {
      return Result.error(at, Protocols.name(protocol) + " flows are "
          + (protocol == Protocols.ICMP ? "IPv4" : "IPv6") + " only");
    }
    if (Protocols.hasPorts(protocol)) {
      if (dst.port < 0) {
        return Result.error(trimEnd(text), Protocols.name(protocol)
            + " needs a destination port (DST:PORT, or [IPv6]:PORT)");
      }
      int sport = src.port < 0 ? DEFAULT_SOURCE_PORT : src.port;
      return Result.ok(new Flow(src.address, dst.address, protocol, sport, dst.port));
    }
    if (src.port >= 0 || dst.port >= 0) {
      return Result.error(src.port >= 0 ? src.portColumn : dst.portColumn,
          Protocols.name(protocol) + " has no ports");
    }
    return Result.ok(new Flow(src.address, dst.address, protocol, Flow.NO_PORT, Flow.NO_PORT));
  }

  private static String name(IpVersion v) {
    return v == IpVersion.V4 ? "IPv4" : "IPv6";
  }

  private static int protocol(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "tcp": return Protocols.TCP;
      case "udp": return Protocols.UDP;
      case "icmp": return Protocols.ICMP;
      case "icmpv6": return Protocols.ICMPV6;
      case "gre": return Protocols.GRE;
      default:
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
          return -1;
        }
        int n = Integer.parseInt(s);
        return n <= Protocols.MAX ? n : -1;
    }
  }

  private static final class Endpoint {
    IpAddress address;
    int port = -1;
    int portColumn = -1;
    String error;
    int errorColumn;

    static Endpoint failed(int column, String why) {
      Endpoint e = new Endpoint();
      e.error = why;
      e.errorColumn = column;
      return e;
    }
  }

  /** {@code ADDR}, {@code ADDR:PORT} (IPv4), {@code [ADDR]:PORT} or {@code [ADDR]} (IPv6). */
  private static Endpoint endpoint(String text, int from, int to) {
    if (from >= to) {
      return Endpoint.failed(from, "expected an address");
    }
    String s = text.substring(from, to);
    String addr;
    String port = null;
    int portAt = -1;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return Endpoint.failed(from, "'[' without ']': write an IPv6 address with a port as"
            + " [ADDR]:PORT");
      }
      addr = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return Endpoint.failed(from + close + 1, "expected ':PORT' after ']'");
        }
        port = rest.substring(1);
        portAt = from + close + 2;
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':') && s.contains(".")) {
      int colon = s.indexOf(':');
      addr = s.substring(0, colon);
      port = s.substring(colon + 1);
      portAt = from + colon + 1;
    } else {
      addr = s;
    }
    Optional<IpAddress> a = IpAddress.parse(addr);
    if (a.isEmpty()) {
      return Endpoint.failed(from, "'" + addr + "' is not an IPv4 or IPv6 address"
          + (s.indexOf(' ') >= 0 ? "" : addr.contains("/") ? " (a flow has single addresses,"
              + " not CIDRs)" : ""));
    }
    Endpoint e = new Endpoint();
    e.address = a.get();
    if (port != null) {
      if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
          || Integer.parseInt(port) < PortRange.MIN || Integer.parseInt(port) > PortRange.MAX) {
        return Endpoint.failed(portAt, "'" + port + "' is not a port: expected 1..65535");
      }
      e.port = Integer.parseInt(port);
      e.portColumn = portAt;
    }
    return e;
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int trimEnd(String s) {
    int i = s.length();
    while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
      i--;
    }
    return i;
  }
}

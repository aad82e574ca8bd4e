package dev.sgproof.model;

import java.util.Optional;

/**
 * Why a text is not an address or CIDR: the reason {@link Cidr#parse} and {@link IpAddress#parse}
 * refuse it, in words ("the prefix /33 is longer than 32"). Empty exactly when the text parses.
 */
public final class AddressProblems {
  private AddressProblems() {}

  /** Why {@code text} is not an address or CIDR ({@code ADDR} or {@code ADDR/PREFIX}). */
  public static Optional<String> ofCidr(String text) {
    if (Cidr.parse(text, true).isPresent()) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    String addr = slash >= 0 ? text.substring(0, slash) : text;
    Optional<IpAddress> a = IpAddress.parse(addr);
    if (a.isEmpty()) {
      return Optional.of(address(addr).orElse("not an address"));
    }
    String p = text.substring(slash + 1);
    int bits = a.get().version().bits();
    if (p.isEmpty()) {
      return Optional.of("nothing follows '/': give a prefix length 0.." + bits);
    }
    if (!p.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of("the prefix '" + clipped(p) + "' is not a number 0.." + bits);
    }
    return Optional.of("the prefix /" + clipped(p) + " is longer than " + bits);
  }

  /** Why {@code text} is not an address. */
  public static Optional<String> ofAddress(String text) {
    return IpAddress.parse(text).isPresent()
        ? Optional.empty()
        : Optional.of(address(text).orElse("not an address"));
  }

  private static Optional<String> address(String text) {
    if (text.isEmpty()) {
      return Optional.of("the address is empty");
    }
    if (text.length() > 64) {
      return Optional.of("too long to be an address (" + text.length() + " characters)");
    }
    return text.indexOf(':') >= 0 ? v6(text) : v4(text, "an IPv4 address");
  }

  private static Optional<String> v4(String text, String what) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.of(what + " has 4 parts separated by '.', not " + parts.length);
    }
    for (String p : parts) {
      if (p.isEmpty()) {
        return Optional.of(what + " has an empty part");
      }
      for (int i = 0; i < p.length(); i++) {
        if (p.charAt(i) < '0' || p.charAt(i) > '9') {
          return Optional.of("'" + shown(p.charAt(i)) + "' is not a digit");
        }
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        return Optional.of("part " + clipped(p) + " has a leading zero");
      }
      if (p.length() > 3 || Integer.parseInt(p) > 255) {
        return Optional.of("part " + clipped(p) + " is above 255");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> v6(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return Optional.of("'::' appears more than once");
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    boolean headIsLast = doubleColon < 0 || tail.isEmpty();
    int[] count = new int[1];
    Optional<String> why = groups(head, headIsLast, count);
    if (why.isEmpty() && doubleColon >= 0) {
      why = groups(tail, true, count);
    }
    if (why.isPresent()) {
      return why;
    }
    if (doubleColon < 0 && count[0] != 8) {
      return Optional.of("an IPv6 address without '::' has 8 groups, not " + count[0]);
    }
    if (doubleColon >= 0 && count[0] > 7) {
      return Optional.of("an IPv6 address with '::' has at most 7 groups, not " + count[0]);
    }
    return Optional.empty();
  }

  /** Mirrors {@link IpAddress}'s parsing of one side of "::"; counts the 16-bit groups. */
  private static Optional<String> groups(String side, boolean last, int[] count) {
    if (side.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = side.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (last && i == parts.length - 1 && p.indexOf('.') >= 0) {
        Optional<String> why = v4(p, "the IPv4 address at the end");
        if (why.isPresent()) {
          return Optional.of("in the IPv4 address at the end: " + why.get());
        }
        count[0] += 2;
        continue;
      }
      if (p.isEmpty()) {
        return Optional.of("a group between two ':' is empty (only '::' may stand for zeros)");
      }
      for (int k = 0; k < p.length(); k++) {
        if (Character.digit(p.charAt(k), 16) < 0) {
          return Optional.of("'" + shown(p.charAt(k)) + "' is not a hex digit");
        }
      }
      if (p.length() > 4) {
        return Optional.of("group " + clipped(p) + " has more than 4 hex digits");
      }
      count[0]++;
    }
    return Optional.empty();
  }

  private static String shown(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
  }

  private static String clipped(String s) {
    return s.length() > 12 ? s.substring(0, 12) + "..." : s;
  }
}

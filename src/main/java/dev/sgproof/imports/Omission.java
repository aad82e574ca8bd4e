package dev.sgproof.imports;

import java.util.Objects;

/**
 * Something of the input that the spec cannot say, so that a verdict on the spec can be false for
 * the real cloud: a rule that is not modelled, a group whose rules or type the input lacks, a
 * membership in a group that is not in the input, a network interface whose groups are unknown, a
 * prefix delegated to a network interface. {@code import} refuses the input while there is one,
 * unless {@code --allow-partial}.
 *
 * @param file the input file
 * @param path the JSON path in it
 * @param kind what leaving it out can falsify
 * @param subject what is left out, e.g. {@code rule sgr-1 of security group sg-1 (ingress allow
 *     tcp 22 from 10.0.0.0/8)}
 * @param why why, and what the user can add to the input to have it imported
 */
public record Omission(String file, String path, Kind kind, String subject, String why) {
  /** What a left-out item can make false. */
  public enum Kind {
    /**
     * An allow rule: the real cloud permits at least what the spec permits, maybe more. Proofs of
     * {@code unreachable}, {@code isolated} and {@code only}, and refutations of {@code
     * reachable}, {@code interconnected} and {@code only}, can be false.
     */
    ALLOW_RULE,
    /**
     * A deny rule: the real cloud permits at most what the spec permits (a deny of a higher
     * priority hides allows below it). Proofs of {@code reachable}, {@code interconnected} and
     * {@code only}, and refutations of {@code unreachable}, {@code isolated} and {@code only}, can
     * be false.
     */
    DENY_RULE,
    /** Anything else: the spec can permit more or less than the real cloud; any verdict. */
    OTHER
  }

  public Omission {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(why, "why");
  }

  /** One line, escaped: {@code file: path: SEVERITY: SUBJECT not imported: WHY}. */
  public String line(String severity) {
    return Escape.text(file) + ": " + Escape.text(path) + ": " + severity + ": "
        + Escape.text(subject) + " not imported: " + Escape.text(why);
  }

  @Override
  public String toString() {
    return line("error");
  }
}

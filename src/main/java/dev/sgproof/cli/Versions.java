package dev.sgproof.cli;

import picocli.CommandLine;

/** The sgproof version from the jar manifest (or "dev" when run from classes). */
public final class Versions implements CommandLine.IVersionProvider {

  public static String sgproof() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"sgproof " + sgproof()};
  }
}

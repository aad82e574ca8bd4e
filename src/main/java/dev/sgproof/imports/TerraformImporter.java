package dev.sgproof.imports;

/** Placeholder. */
public final class TerraformImporter {
  private final Account account;

  public TerraformImporter(Account account) {
    this.account = account;
  }

  public String read(String file, String text) {
    throw new ImportException(file, "$", "not yet");
  }
}

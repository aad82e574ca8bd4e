package dev.sgproof.imports;

/**
 * Input that cannot be imported: names the file and the JSON path, e.g. {@code groups.json:
 * $.Permissions.Permission[3].PortRange: "200/1" is not a valid range}; a file-level problem has
 * an empty path ({@code nope.json: does not exist}). The message is one line: every part is
 * escaped ({@link Escape}).
 */
public final class ImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final String path;
  private final String reason;

  public ImportException(String file, String path, String reason) {
    super(Escape.text(file) + ": " + (path.isEmpty() ? "" : Escape.text(path) + ": ")
        + Escape.text(reason));
    this.file = file;
    this.path = path;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}

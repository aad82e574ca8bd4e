package dev.sgproof.shard;

/** Shards that cannot be merged (an input error: exit 2), with a message for the user. */
public final class MergeException extends Exception {
  private static final long serialVersionUID = 1L;

  public MergeException(String message) {
    super(message);
  }
}

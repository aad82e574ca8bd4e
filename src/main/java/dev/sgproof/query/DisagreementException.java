package dev.sgproof.query;

/**
 * An engine's answer that the concrete evaluator does not confirm. This is an internal error
 * (exit 3), never a verdict for the user.
 */
public final class DisagreementException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DisagreementException(String message) {
    super(message);
  }
}

package dev.berth.server;

/**
 * Endpoint text that can never be bound. Its message is one line naming the input, the
 * problem and what to write instead, fit to show a user as is.
 */
public final class InvalidEndpointException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String input;

  InvalidEndpointException(String input, String problem, String remedy) {
    super("invalid endpoint '" + input + "': " + problem + (remedy.isEmpty() ? "" : "; " + remedy));
    this.input = input;
  }

  /** The text that was rejected, exactly as given. */
  public String input() {
    return input;
  }
}

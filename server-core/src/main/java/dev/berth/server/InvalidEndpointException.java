package dev.berth.server;

/**
 * Endpoint text that can never be bound. Its message is one line naming the input, the
 * problem and what to write instead, fit to show a user as is.
 */
public final class InvalidEndpointException extends IllegalArgumentException {

  /** Serialization version. */
  private static final long serialVersionUID = 1L;

  /** The rejected text, as given. */
  private final String input;

  InvalidEndpointException(String input, String problem, String remedy) {
    super("invalid endpoint '" + printable(input) + "': " + printable(problem) + (remedy.isEmpty() ? "" : "; " + printable(remedy)));
    this.input = input;
  }

  /** Control characters shown escaped, so the message stays one line whatever was typed. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /**
   * The text that was rejected, exactly as given.
   *
   * @return the input
   */
  public String input() {
    return input;
  }
}

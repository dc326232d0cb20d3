package dev.berth.server.internal;

/**
 * How server-core's lines name the options a reader can change: by default the API's names
 * ({@code maxConnections}, {@code headerTimeout}), so an embedder's log points at its own
 * builder; a launcher with its own vocabulary (the berth CLI's flags) sets its words once at
 * start-up, before any server is built.
 *
 * @param maxConnections the connection cap's name
 * @param headerTimeout the header deadline's name
 * @param jdkTransport how a user turns the native transport off
 * @param stackTrace how a user asks for a failure's stack trace
 */
public record OptionWords(String maxConnections, String headerTimeout, String jdkTransport, String stackTrace) {

  /** The API's words. */
  public static final OptionWords API = new OptionWords("ConnectionLimits.maxConnections", "ConnectionLimits.headerTimeout",
      "BerthServerBuilder.nativeTransport(false)", "log BindFailure.cause()");

  private static volatile OptionWords current = API;

  /** The words lines use now. */
  public static OptionWords current() {
    return current;
  }

  /** Sets the words for this process, e.g. the CLI's flags. */
  public static void use(OptionWords words) {
    current = java.util.Objects.requireNonNull(words, "words");
  }
}

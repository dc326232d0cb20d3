package dev.berth.server;

import java.util.List;
import java.util.Locale;

/**
 * What a user asked to listen on: a TCP host and port, or a unix socket path.
 *
 * <p>There is exactly one parser and one canonical text form, and they round-trip:
 * {@code Endpoint.parse(e.toString()).equals(e)}. Text that could never bind (a port
 * outside 0-65535, a malformed IP literal, an illegal host name) is rejected here, with
 * a message naming the input, so that nothing invalid ever reaches the socket layer.
 */
public sealed interface Endpoint permits TcpEndpoint, UnixEndpoint {

  /** The prefix that marks a unix socket endpoint: {@code unix:/run/app.sock}. */
  String UNIX_PREFIX = "unix:";

  /**
   * Parses {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code unix:PATH}.
   *
   * @param text the endpoint as a user wrote it
   * @return the endpoint
   * @throws InvalidEndpointException naming the input, the problem and the expected form
   */
  static Endpoint parse(String text) {
    if (text == null) {
      throw new InvalidEndpointException("null", "no endpoint given", "use HOST:PORT, [IPV6]:PORT or unix:PATH");
    }
    if (text.regionMatches(true, 0, UNIX_PREFIX, 0, UNIX_PREFIX.length())) {
      return UnixEndpoint.parse(text, text.substring(UNIX_PREFIX.length()));
    }
    return TcpEndpoint.parse(text);
  }

  /**
   * Parses each text; the first invalid one throws. Does not check for duplicates.
   *
   * @param texts endpoint texts
   * @return the endpoints, in order
   */
  static List<Endpoint> parseAll(List<String> texts) {
    return texts.stream().map(Endpoint::parse).toList();
  }

  /** The canonical text form, which {@link #parse} accepts back. */
  @Override
  String toString();

  /**
   * The key under which two endpoints in one start count as the same: the canonical
   * text, except that every TCP port 0 is distinct (each asks for its own port).
   *
   * @param other another endpoint of the same start
   * @return true when both ask for the same listener
   */
  default boolean duplicates(Endpoint other) {
    if (this instanceof TcpEndpoint a && a.port() == 0) {
      return false;
    }
    return toString().toLowerCase(Locale.ROOT).equals(other.toString().toLowerCase(Locale.ROOT));
  }
}

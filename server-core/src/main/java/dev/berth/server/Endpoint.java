package dev.berth.server;

import java.util.List;
import java.util.Locale;

/**
 * What a user asked to listen on: a TCP host and port, a unix socket path, or a listening
 * socket handed over by systemd or a parent ({@link InheritedEndpoint}).
 *
 * <p>There is exactly one parser and one canonical text form, and they round-trip:
 * {@code Endpoint.parse(e.toString()).equals(e)}. Text that could never bind (a port
 * outside 0-65535, a malformed IP literal, an illegal host name) is rejected here, with
 * a message naming the input, so that nothing invalid ever reaches the socket layer.
 */
public sealed interface Endpoint permits TcpEndpoint, UnixEndpoint, InheritedEndpoint {

  /** The prefix that marks a unix socket endpoint: {@code unix:/run/app.sock}. */
  String UNIX_PREFIX = "unix:";

  /**
   * Parses {@code HOST:PORT}, {@code [IPV6]:PORT}, {@code unix:PATH}, or {@code systemd},
   * {@code systemd:NAME}, {@code fd:N} (a host named {@code systemd} or {@code fd} needs a trailing dot);
   * a TCP endpoint may be written {@code https://HOST:PORT} (TLS) or {@code http://HOST:PORT} (plain).
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
    if (InheritedEndpoint.looksInherited(text)) {
      return InheritedEndpoint.parse(text);
    }
    return TcpEndpoint.parseWithScheme(text);
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
    return socketText(this).equals(socketText(other));
  }

  /** https://127.0.0.1:8443 and 127.0.0.1:8443 are one socket: the scheme does not count. */
  private static String socketText(Endpoint endpoint) {
    String text = endpoint instanceof TcpEndpoint tcp ? tcp.address() : endpoint.toString();
    return text.toLowerCase(Locale.ROOT);
  }
}

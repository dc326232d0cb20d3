package dev.berth.server;

import dev.berth.server.internal.bind.HostSyntax;
import java.util.Objects;

/**
 * A TCP endpoint: a host (IPv4 literal, IPv6 literal, or a DNS name) and a port, where 0
 * asks the OS for a free port; served over TLS when written {@code https://HOST:PORT}.
 *
 * @param host the host in canonical form: IPv4 dotted quad, IPv6 compressed per RFC 5952
 *     (without brackets), or a lower-case DNS name
 * @param port 0 to 65535
 * @param tls whether it serves HTTPS (needs TLS material, see {@link TlsMaterial})
 */
public record TcpEndpoint(String host, int port, boolean tls) implements Endpoint {

  /** The scheme prefix of a TLS endpoint. */
  public static final String HTTPS_PREFIX = "https://";
  /** Accepted and dropped: {@code http://HOST:PORT} is the plain {@code HOST:PORT}. */
  static final String HTTP_PREFIX = "http://";

  private static final String FORMS = HostSyntax.FORMS;

  /**
   * Validates and canonicalizes, like {@link Endpoint#parse}.
   *
   * @param host an IP literal (IPv6 without brackets) or a DNS name
   * @param port 0 to 65535
   * @param tls whether it serves HTTPS
   * @throws InvalidEndpointException for a port out of range or an invalid host
   */
  public TcpEndpoint {
    Objects.requireNonNull(host, "host");
    String text = HostSyntax.bracketIfV6(host) + ":" + port;
    if (port < 0 || port > 65535) {
      throw new InvalidEndpointException(text, "port " + port + " is out of range 0-65535", "");
    }
    host = HostSyntax.canonicalHost(text, host);
  }

  /**
   * A plain HTTP endpoint.
   *
   * @param host an IP literal (IPv6 without brackets) or a DNS name
   * @param port 0 to 65535
   */
  public TcpEndpoint(String host, int port) {
    this(host, port, false);
  }

  /**
   * Builds an endpoint from a host and port, validating both like {@link Endpoint#parse}.
   *
   * @param host an IP literal (IPv6 without brackets) or a DNS name
   * @param port 0 to 65535
   * @return the endpoint
   */
  public static TcpEndpoint of(String host, int port) {
    return new TcpEndpoint(host, port);
  }

  /** {@code https://HOST:PORT} is TLS; {@code http://HOST:PORT} and {@code HOST:PORT} are plain. */
  static TcpEndpoint parseWithScheme(String text) {
    String trimmed = text.strip();
    for (String scheme : new String[] {HTTPS_PREFIX, HTTP_PREFIX}) {
      if (trimmed.regionMatches(true, 0, scheme, 0, scheme.length())) {
        String rest = trimmed.substring(scheme.length());
        if (rest.regionMatches(true, 0, Endpoint.UNIX_PREFIX, 0, Endpoint.UNIX_PREFIX.length())) {
          throw new InvalidEndpointException(text, "a unix socket endpoint takes no scheme", "write it as " + rest + " (unix sockets serve plain HTTP)");
        }
        if (rest.endsWith("/")) {
          rest = rest.substring(0, rest.length() - 1);
        }
        TcpEndpoint parsed = parse(text, rest);
        return new TcpEndpoint(parsed.host(), parsed.port(), scheme.equals(HTTPS_PREFIX));
      }
    }
    return parse(text);
  }

  static TcpEndpoint parse(String text) {
    return parse(text, text);
  }

  private static TcpEndpoint parse(String text, String hostAndPort) {
    String trimmed = hostAndPort.strip();
    if (trimmed.isEmpty()) {
      throw new InvalidEndpointException(text, "empty endpoint", FORMS);
    }
    String host;
    String portText;
    if (trimmed.startsWith("[")) {
      int close = trimmed.indexOf(']');
      if (close < 0) {
        throw new InvalidEndpointException(text, "IPv6 address has no closing ']'", "write it as [::1]:8080");
      }
      host = trimmed.substring(1, close);
      String rest = trimmed.substring(close + 1);
      if (!rest.startsWith(":")) {
        throw new InvalidEndpointException(text, "no port after the IPv6 address", "write it as [" + host + "]:8080");
      }
      portText = rest.substring(1);
      if (!HostSyntax.looksLikeIpv6(host)) {
        throw new InvalidEndpointException(text, "'" + host + "' in brackets is not an IPv6 address", "brackets are only for IPv6 literals, e.g. [::1]:8080");
      }
    } else {
      int colon = trimmed.lastIndexOf(':');
      if (colon < 0) {
        throw new InvalidEndpointException(text, "no port", "add one, e.g. " + trimmed + ":8080");
      }
      host = trimmed.substring(0, colon);
      portText = trimmed.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new InvalidEndpointException(text, "an IPv6 address needs brackets", "write it as [" + host + "]:" + portText);
      }
      if (host.isEmpty()) {
        throw new InvalidEndpointException(text, "no host before the port", "name one, e.g. 127.0.0.1:" + portText + " (or 0.0.0.0:" + portText + " for all IPv4 interfaces)");
      }
    }
    int port = parsePort(text, portText);
    return new TcpEndpoint(HostSyntax.canonicalHost(text, host), port);
  }

  static int parsePort(String input, String portText) {
    if (portText.isEmpty()) {
      throw new InvalidEndpointException(input, "no port after ':'", "give a port from 0 to 65535 (0 picks a free one)");
    }
    boolean negative = portText.startsWith("-");
    String digits = negative ? portText.substring(1) : portText;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidEndpointException(input, "port '" + portText + "' is not a number", "give a port from 0 to 65535 (0 picks a free one)");
    }
    if (negative || digits.length() > 5 || Integer.parseInt(digits) > 65535) {
      throw new InvalidEndpointException(input, "port " + portText + " is out of range 0-65535", "give a port from 0 to 65535 (0 picks a free one)");
    }
    return Integer.parseInt(digits);
  }

  /**
   * Whether the host is a wildcard address.
   *
   * @return true for 0.0.0.0 and ::, which listen on every interface
   */
  public boolean isWildcard() {
    return host.equals("0.0.0.0") || host.equals("::");
  }

  /**
   * Whether the host is an IP literal, so binding needs no name resolution.
   *
   * @return true for an IPv4 or IPv6 literal
   */
  public boolean isIpLiteral() {
    return HostSyntax.isIpv4(host) || host.indexOf(':') >= 0;
  }

  /**
   * The socket part, without the scheme: what two endpoints on the same socket share.
   *
   * @return {@code HOST:PORT}, an IPv6 host in brackets
   */
  public String address() {
    return HostSyntax.bracketIfV6(host) + ":" + port;
  }

  @Override
  public String toString() {
    return (tls ? HTTPS_PREFIX : "") + address();
  }
}

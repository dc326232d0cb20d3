package dev.berth.server;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A unix domain socket path. Whether the path can be used (directory present, length
 * within the kernel's limit, nothing else there) is a fact about the host, so it is
 * checked at bind time and reported as a {@link FailureReason#SOCKET_PATH} failure, not
 * rejected here.
 *
 * @param path the socket path, normalized
 */
public record UnixEndpoint(Path path) implements Endpoint {

  /**
   * Normalizes the path.
   *
   * @param path the socket path
   */
  public UnixEndpoint {
    Objects.requireNonNull(path, "path");
    path = path.normalize();
  }

  /**
   * Builds an endpoint for a path.
   *
   * @param path the socket path
   * @return the endpoint
   */
  public static UnixEndpoint of(Path path) {
    return new UnixEndpoint(path);
  }

  static UnixEndpoint parse(String input, String pathText) {
    if (pathText.isEmpty()) {
      throw new InvalidEndpointException(input, "no socket path after 'unix:'", "write e.g. unix:/run/app.sock");
    }
    if (pathText.indexOf('\0') >= 0) {
      throw new InvalidEndpointException(input, "the path contains a NUL character", "write e.g. unix:/run/app.sock");
    }
    if (pathText.endsWith("/")) {
      throw new InvalidEndpointException(input, "the path names a directory", "name the socket file, e.g. unix:" + pathText + "app.sock");
    }
    Path path;
    try {
      path = Path.of(pathText).normalize();
    } catch (InvalidPathException e) {
      throw new InvalidEndpointException(input, "not a valid path: " + e.getReason(), "write e.g. unix:/run/app.sock");
    }
    // Checked on the normalized text, which is what toString() gives back to parse().
    String normalized = path.toString();
    Path last = path.getFileName();
    if (normalized.isEmpty() || last == null || last.toString().equals("..")) {
      throw new InvalidEndpointException(input, "the path names a directory", "name the socket file, e.g. unix:/run/app.sock");
    }
    if (normalized.startsWith("@")) {
      throw new InvalidEndpointException(input, "abstract-namespace sockets are not supported", "use a filesystem path, e.g. unix:/run/app.sock");
    }
    return new UnixEndpoint(path);
  }

  @Override
  public String toString() {
    return UNIX_PREFIX + path;
  }
}

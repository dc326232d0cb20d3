package dev.berth.cli;

import dev.berth.server.BerthServerBuilder;
import dev.berth.server.ConnectionLimits;
import dev.berth.server.internal.engine.ServerSettings;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s limits against hostile or broken clients, and the mode of the unix sockets
 * it creates. The defaults are server-core's safe ones (declared in {@link ServerSettings}, which the help
 * text reads); an option given here replaces one.
 */
final class ServerLimits {

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Close a connection that sends and receives nothing for this long; 0s never closes. Default: " + ServerSettings.DEFAULT_IDLE_TIMEOUT_SECONDS + "s.")
  Duration idleTimeout;

  @Option(names = "--max-request-line", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "Longest request line (method, target, version); longer gets 414. Sizes: 512B, 8KiB, 10MiB. Default: " + ServerSettings.DEFAULT_MAX_REQUEST_LINE_LENGTH / 1024 + "KiB.")
  Long maxRequestLine;

  @Option(names = "--max-header-size", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "Largest header block; larger gets 431. Default: " + ServerSettings.DEFAULT_MAX_HEADER_SIZE / 1024 + "KiB.")
  Long maxHeaderSize;

  @Option(names = "--max-body-size", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "Largest Content-Length accepted; larger gets 413 before the application sees it. Default: " + ServerSettings.DEFAULT_MAX_BODY_SIZE / (1024 * 1024) + "MiB.")
  Long maxBodySize;

  @Option(names = "--max-connections", paramLabel = "N",
      description = "At most N connections open at once; at the cap berth stops accepting (new connections wait in the"
          + " kernel's backlog) until one closes. Default: the open-file limit (LimitNOFILE=) minus those in use minus 64.")
  Integer maxConnections;

  @Option(names = "--header-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Close a connection whose request line and headers are not complete this long after it opened or"
          + " after its previous response (408 if it sent part of a request); 0s turns it off. Default: " + ServerSettings.DEFAULT_HEADER_TIMEOUT_SECONDS + "s.")
  Duration headerTimeout;

  @Option(names = "--socket-mode", paramLabel = "MODE", converter = SocketModeConverter.class,
      description = "Permissions of unix socket files berth creates, in octal. Default: 0660.")
  Set<PosixFilePermission> socketMode;

  /** Range checks that the converters cannot make alone; usage errors, before any bind. */
  void check() {
    if (idleTimeout != null && idleTimeout.toMillis() > Integer.MAX_VALUE) {
      throw usage("--idle-timeout " + DurationText.format(idleTimeout) + " is too long (at most 24 days)");
    }
    if (maxConnections != null && maxConnections < 1) {
      throw usage("--max-connections " + maxConnections + " is out of range; give 1 or more");
    }
    requireHeaderLimit(maxRequestLine, "--max-request-line");
    requireHeaderLimit(maxHeaderSize, "--max-header-size");
  }

  BerthServerBuilder applyTo(BerthServerBuilder builder) {
    if (idleTimeout != null) {
      builder.idleTimeout(idleTimeout);
    }
    if (maxRequestLine != null) {
      builder.maxRequestLineLength(maxRequestLine.intValue());
    }
    if (maxHeaderSize != null) {
      builder.maxHeaderSize(maxHeaderSize.intValue());
    }
    if (maxBodySize != null) {
      builder.maxBodySize(maxBodySize);
    }
    ConnectionLimits connections = ConnectionLimits.defaults();
    if (maxConnections != null) {
      connections = connections.withMaxConnections(maxConnections);
    }
    if (headerTimeout != null) {
      connections = connections.withHeaderTimeout(headerTimeout);
    }
    builder.connectionLimits(connections);
    if (socketMode != null) {
      builder.unixSocketPermissions(socketMode);
    }
    return builder;
  }

  /** Netty needs at least a few bytes and keeps the whole line or header block in memory: 64B to 1MiB. */
  private void requireHeaderLimit(Long bytes, String option) {
    if (bytes != null && (bytes < 64 || bytes > 1 << 20)) {
      throw usage(option + " " + SizeText.format(bytes) + " is out of range; give 64B to 1MiB");
    }
  }

  private static UsageError usage(String message) {
    return new UsageError(message);
  }
}

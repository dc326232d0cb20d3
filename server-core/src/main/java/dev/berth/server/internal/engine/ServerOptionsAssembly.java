package dev.berth.server.internal.engine;

import dev.berth.server.BerthServerBuilder;
import dev.berth.server.BerthServer;
import dev.berth.server.Endpoint;
import dev.berth.server.internal.tls.TlsEndpoints;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the {@link HttpServerOptions} every listener gets, with one precedence rule per
 * option, so that a template passed for one reason (compression, TLS) never silently drops
 * Berth's safe defaults: for each guarded option, a builder setter wins; else the
 * template's value if the template set it; else Berth's default.
 *
 * <p>"Set" means different from a fresh {@code HttpServerOptions}: Vert.x keeps no record of
 * which setters ran, so a template that sets an option to Vert.x's own default value (say
 * an idle timeout of 0) looks unset, and Berth's default applies. The builder's setter is
 * the way to ask for such a value ({@code idleTimeout(Duration.ZERO)}).
 */
public final class ServerOptionsAssembly {

  private static final HttpServerOptions VERTX_DEFAULTS = new HttpServerOptions();

  private ServerOptionsAssembly() {}

  public static HttpServerOptions assemble(ServerSettings s) {
    HttpServerOptions template = s.serverTemplate();
    HttpServerOptions options = template != null ? template : new HttpServerOptions();
    Duration idle = idleTimeout(s, template);
    options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setIdleTimeout((int) idle.toMillis());
    options.setMaxInitialLineLength(maxRequestLine(s));
    options.setMaxHeaderSize(s.maxHeaderSize() != null ? s.maxHeaderSize()
        : template != null && template.getMaxHeaderSize() != VERTX_DEFAULTS.getMaxHeaderSize()
            ? template.getMaxHeaderSize() : BerthServer.DEFAULT_MAX_HEADER_SIZE);
    // HTTP/2 has its own setting (Vert.x's default: 8 KiB whatever the HTTP/1 limit): the same number, so
    // --max-header-size means one thing on both protocols (HTTP/2 counts 32 bytes more per field).
    options.getInitialSettings().setMaxHeaderListSize(options.getMaxHeaderSize());
    return options.setReusePort(reusePort(s));
  }

  /** The request-line limit in force: the builder's, else the template's if it set one, else Berth's default. */
  public static int maxRequestLine(ServerSettings s) {
    HttpServerOptions template = s.serverTemplate();
    return s.maxRequestLineLength() != null ? s.maxRequestLineLength()
        : template != null && template.getMaxInitialLineLength() != VERTX_DEFAULTS.getMaxInitialLineLength()
            ? template.getMaxInitialLineLength() : BerthServer.DEFAULT_MAX_REQUEST_LINE_LENGTH;
  }

  public static Duration idleTimeout(ServerSettings s, HttpServerOptions template) {
    if (s.idleTimeout() != null) {
      return s.idleTimeout();
    }
    if (template != null && (template.getIdleTimeout() != VERTX_DEFAULTS.getIdleTimeout()
        || template.getIdleTimeoutUnit() != VERTX_DEFAULTS.getIdleTimeoutUnit())) {
      return Duration.ofMillis(template.getIdleTimeoutUnit().toMillis(template.getIdleTimeout()));
    }
    return BerthServer.DEFAULT_IDLE_TIMEOUT;
  }

  public static boolean reusePort(ServerSettings s) {
    if (s.reusePort() != null) {
      return s.reusePort();
    }
    HttpServerOptions template = s.serverTemplate();
    return template != null && template.isReusePort() != VERTX_DEFAULTS.isReusePort() ? template.isReusePort() : false;
  }

  /**
   * Whether an endpoint's listeners speak TLS, so that a report's URL says {@code https}: an
   * {@code https://} endpoint (TLS from {@link BerthServerBuilder#tls}, applied per endpoint by
   * {@link TlsEndpoints#optionsFor}), or any TCP endpoint when the template turned SSL on for all.
   */
  public static boolean tls(ServerSettings s, Endpoint endpoint) {
    if (TlsEndpoints.isTls(endpoint)) {
      return true;
    }
    HttpServerOptions template = s.serverTemplate();
    return template != null && template.isSsl();
  }
}

package dev.berth.server;

import dev.berth.server.internal.engine.ServerSettings;
import dev.berth.server.internal.lifecycle.ServeSettings;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Options for a {@link BerthServer}, from {@link BerthServer#builder()}; the defaults are the safe ones (no port
 * sharing, no retries, the limits of {@link BerthServer}'s constants). {@link #build()} fixes them into an
 * immutable value: changing the builder afterwards does not change a server built from it. Not thread-safe.
 */
public final class BerthServerBuilder {
  private final ServerSettings.Builder settings = ServerSettings.builder();
  private final List<ServeListener> serveListeners = new ArrayList<>();
  private ServeOutput output = ServeOutput.stderr();
  private boolean reloadTlsOnSighup = true;

  BerthServerBuilder() {}

  /** Adds endpoints given as text ({@code 127.0.0.1:8080}, {@code [::1]:0}, {@code unix:/run/app.sock}).
   * @param texts endpoint texts, parsed by {@link Endpoint#parse}
   * @return this builder
   * @throws InvalidEndpointException for text that can never bind */
  public BerthServerBuilder bind(String... texts) {
    settings.endpoints(List.of(texts).stream().map(Endpoint::parse).toList());
    return this;
  }

  /** Adds endpoints.
   * @param more the endpoints
   * @return this builder */
  public BerthServerBuilder bind(Endpoint... more) {
    settings.endpoints(List.of(more));
    return this;
  }

  /** Adds endpoints.
   * @param more the endpoints
   * @return this builder */
  public BerthServerBuilder bind(List<Endpoint> more) {
    settings.endpoints(more);
    return this;
  }

  /** The request handler (a vertx-web {@code Router} is one); shorthand for
   * {@code application(BerthApplication.of(handler))}.
   * @param handler serves every request once the server is ready
   * @return this builder */
  public BerthServerBuilder handler(Handler<HttpServerRequest> handler) {
    settings.application(BerthApplication.of(Objects.requireNonNull(handler, "handler")));
    return this;
  }

  /** The application to start after binding and serve.
   * @param application builds the handler before binding, starts after it
   * @return this builder */
  public BerthServerBuilder application(BerthApplication application) {
    settings.application(Objects.requireNonNull(application, "application"));
    return this;
  }

  /** Uses this Vert.x instance; the server never closes it.
   * @param vertx the instance; host names resolve with its resolver
   * @return this builder */
  public BerthServerBuilder vertx(Vertx vertx) {
    settings.vertx(Objects.requireNonNull(vertx, "vertx"));
    return this;
  }

  /** Options for the Vert.x instance the server creates (and closes) when none is given.
   * @param options copied; later changes to them do not apply
   * @return this builder */
  public BerthServerBuilder vertxOptions(VertxOptions options) {
    settings.vertxOptions(Objects.requireNonNull(options, "options"));
    return this;
  }

  /** Prefer native epoll over NIO for a Vert.x instance the server creates.
   * @param prefer true for epoll
   * @return this builder */
  public BerthServerBuilder nativeTransport(boolean prefer) {
    settings.preferNative(prefer);
    return this;
  }

  /** Event loops serving each endpoint: they share its one listening socket on purpose (the one sharing Berth
   * does; a bound endpoint reports it as {@code instances}). Default 1.
   * @param count 1 or more
   * @return this builder */
  public BerthServerBuilder instances(int count) {
    settings.instances((int) atLeast(count, 1, "instances"));
    return this;
  }

  /** SO_REUSEPORT; off by default. When on, another process can bind the same port and the
   * kernel splits connections between the two: a conflict can then not be detected.
   * @param on whether to set SO_REUSEPORT (native transport only)
   * @return this builder */
  public BerthServerBuilder reusePort(boolean on) {
    settings.reusePort(on);
    return this;
  }

  /** Further attempts after the first, only when the address is in use. Default 0.
   * @param retries 0 or more
   * @return this builder */
  public BerthServerBuilder bindRetries(int retries) {
    settings.bindRetries((int) atLeast(retries, 0, "bind retries"));
    return this;
  }

  /** Pause between bind attempts. Default 500 ms.
   * @param delay not negative
   * @return this builder */
  public BerthServerBuilder bindRetryDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("bind retry delay must not be negative, got " + delay);
    }
    settings.bindRetryDelay(delay);
    return this;
  }

  /** Told of every failed attempt that will be retried, before the pause (e.g. to log "address in use, retrying").
   * Called on a Vert.x thread; must not block.
   * @param listener gets the endpoint and the failure, whose {@code attempts()} counts so far
   * @return this builder */
  public BerthServerBuilder onRetry(BiConsumer<Endpoint, BindFailure> listener) {
    settings.retryListener(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Whether to probe IP-literal and unix endpoints with plain JDK sockets before starting Vert.x (default on),
   * so a failure is reported without the event loops' start-up cost. Applies only when the server creates its
   * Vert.x instance; the real bind still decides when the probe finds nothing wrong.
   * @param on whether to probe
   * @return this builder */
  public BerthServerBuilder preflight(boolean on) {
    settings.preflight(on);
    return this;
  }

  /** Template for every HTTP server (compression, TLS, ...). Host and port are Berth's. For idle timeout,
   * request-line and header limits and reuse-port, the precedence is: this builder's setter, else the template's
   * value if it differs from a fresh {@code HttpServerOptions}, else Berth's safe default. A template with SSL on
   * makes every TCP endpoint's URL {@code https://}.
   * @param options copied; later changes to them do not apply
   * @return this builder */
  public BerthServerBuilder httpServerOptions(HttpServerOptions options) {
    settings.serverTemplate(Objects.requireNonNull(options, "options"));
    return this;
  }

  /** Close a connection that has sent and received nothing for this long ({@link Duration#ZERO}
   * = never). Default {@link BerthServer#DEFAULT_IDLE_TIMEOUT}.
   * @param timeout the idle time, at most {@code Integer.MAX_VALUE} milliseconds
   * @return this builder */
  public BerthServerBuilder idleTimeout(Duration timeout) {
    settings.idleTimeout(Objects.requireNonNull(timeout, "timeout"));
    return this;
  }

  /** Longest request line; longer get 414. Default {@link BerthServer#DEFAULT_MAX_REQUEST_LINE_LENGTH}.
   * @param bytes the limit
   * @return this builder */
  public BerthServerBuilder maxRequestLineLength(int bytes) {
    settings.maxRequestLineLength(bytes);
    return this;
  }

  /** Largest header block; larger get 431. Default {@link BerthServer#DEFAULT_MAX_HEADER_SIZE}.
   * @param bytes the limit
   * @return this builder */
  public BerthServerBuilder maxHeaderSize(int bytes) {
    settings.maxHeaderSize(bytes);
    return this;
  }

  /** Largest request body: a larger Content-Length gets 413 up front, a chunked body 413 (or a close, if answered
   * already) as it grows past it, an HTTP/2 upload RST_STREAM CANCEL. Default {@link BerthServer#DEFAULT_MAX_BODY_SIZE}.
   * @param bytes not negative
   * @return this builder */
  public BerthServerBuilder maxBodySize(long bytes) {
    settings.maxBodySize(atLeast(bytes, 0, "max body size"));
    return this;
  }

  /** How many connections at once, and how long a client may take to send its headers.
   * @param limits default {@link ConnectionLimits#defaults()}
   * @return this builder */
  public BerthServerBuilder connectionLimits(ConnectionLimits limits) {
    settings.connectionLimits(Objects.requireNonNull(limits, "limits"));
    return this;
  }

  /** Permissions of the unix socket files this server creates. Default owner and group read and write: {@code PosixFilePermissions.fromString("rw-rw----")}.
   * @param permissions the file mode
   * @return this builder */
  public BerthServerBuilder unixSocketPermissions(Set<PosixFilePermission> permissions) {
    settings.socketPermissions(permissions);
    return this;
  }

  /** The certificate and key of every {@code https://} endpoint, checked before anything binds (a problem fails
   * those endpoints with {@link FailureReason#TLS_MATERIAL} or {@link FailureReason#TLS_UNREADABLE}) and
   * reloadable with {@link BerthServer#reloadTls()}.
   * @param material from {@link TlsMaterial}'s factories
   * @return this builder */
  public BerthServerBuilder tls(TlsMaterial material) {
    settings.tls(Objects.requireNonNull(material, "material"));
    return this;
  }

  /** Told of each step of {@link BerthServer#serveUntilStopped} (bound, ready, overload, TLS reloaded, ...), after earlier ones.
   * @param listener added after earlier ones
   * @return this builder */
  public BerthServerBuilder listener(ServeListener listener) {
    serveListeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Where {@link BerthServer#serveUntilStopped} says what happens, and where a server says its overload lines (also when
   * only started); default {@link ServeOutput#stderr()}.
   * @param lines where the lines go
   * @return this builder */
  public BerthServerBuilder output(ServeOutput lines) {
    this.output = Objects.requireNonNull(lines, "lines");
    return this;
  }

  /** Whether SIGHUP reloads TLS in {@link BerthServer#serveUntilStopped}; default on (off keeps the JVM's SIGHUP: exit 129).
   * @param on false leaves SIGHUP to the JVM
   * @return this builder */
  public BerthServerBuilder reloadTlsOnSighup(boolean on) {
    this.reloadTlsOnSighup = on;
    return this;
  }

  /** Meters in a Micrometer registry, and a {@code /metrics} endpoint if it has one (bound all or none with the rest).
   * @param metrics from {@link BerthMetrics}'s factories
   * @return this builder */
  public BerthServerBuilder metrics(BerthMetrics metrics) {
    settings.metrics(Objects.requireNonNull(metrics, "metrics"));
    return this;
  }

  /** Checks the endpoints as a whole and fixes the settings.
   * @return a new server, not yet started
   * @throws InvalidEndpointException for a duplicate endpoint, or two that can never bind together (the same
   *     port on overlapping addresses), an {@code https://} endpoint without {@link #tls} or {@link #tls} without one
   * @throws IllegalStateException without endpoints or an application */
  public BerthServer build() {
    return new BerthServer(settings.build(), new ServeSettings(serveListeners, output, reloadTlsOnSighup));
  }

  private static long atLeast(long value, long least, String what) {
    if (value < least) {
      throw new IllegalArgumentException(what + " must be at least " + least + ", got " + value);
    }
    return value;
  }
}

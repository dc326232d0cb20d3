package dev.berth.server;

import dev.berth.server.internal.engine.ServerEngine;
import dev.berth.server.internal.engine.ServerSettings;
import dev.berth.server.internal.lifecycle.ServeLoop;
import dev.berth.server.internal.lifecycle.ServeSettings;
import dev.berth.server.internal.lifecycle.Events;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * An HTTP server on one or more endpoints that binds all of them or none, says exactly
 * where it listens, and says exactly why when it cannot.
 *
 * <pre>{@code
 * BerthServer server = BerthServer.builder()
 *     .bind("127.0.0.1:0")
 *     .handler(request -> request.response().end("hello"))
 *     .build();
 * int status = server.serveUntilStopped(Duration.ofSeconds(10));
 * }</pre>
 * ({@code status} is what the program's one exit call gives the OS: docs/embedding.md's
 * {@code ProductionMain} shows the whole {@code main}.)
 *
 * <p>A bind failure is a value, not an exception: {@link #start()} completes with a
 * {@link BindReport} whether or not every endpoint bound, and {@link ExitCode#of(BindReport)}
 * gives the process status for it. The future fails only for an application that fails to
 * start ({@link ApplicationStartException}) and for endpoints that turn out to overlap once
 * their names resolve ({@link InvalidEndpointException}, a usage error). Invalid, duplicate
 * or overlapping literal endpoints are rejected earlier, by {@link BerthServerBuilder#build()}.
 *
 * <p>Thread-safe: start, stop and the accessors may be called from any thread.
 */
public final class BerthServer {

  /** Default for {@link BerthServerBuilder#idleTimeout}: 60 seconds. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(ServerSettings.DEFAULT_IDLE_TIMEOUT_SECONDS);
  /** Default for {@link BerthServerBuilder#maxRequestLineLength}: 4096 bytes. */
  public static final int DEFAULT_MAX_REQUEST_LINE_LENGTH = ServerSettings.DEFAULT_MAX_REQUEST_LINE_LENGTH;
  /** Default for {@link BerthServerBuilder#maxHeaderSize}: 8192 bytes. */
  public static final int DEFAULT_MAX_HEADER_SIZE = ServerSettings.DEFAULT_MAX_HEADER_SIZE;
  /** Default for {@link BerthServerBuilder#maxBodySize}: 10 MiB. */
  public static final long DEFAULT_MAX_BODY_SIZE = ServerSettings.DEFAULT_MAX_BODY_SIZE;

  /** Where a server is in its life; it moves only forward, and is never started twice. */
  public enum State {
    /** Built, not started. */
    NEW,
    /** Binding, or starting the application. */
    STARTING,
    /** Every endpoint bound and the application started: serving. */
    RUNNING,
    /** Draining and closing after {@link #stop}. */
    STOPPING,
    /** Stopped after running. */
    STOPPED,
    /** The start failed (a bind failure, the application, overlapping endpoints); nothing is bound. */
    FAILED
  }

  private final ServerEngine engine;
  private final ServeSettings serving;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final Promise<Void> startSettled = Promise.promise();
  private volatile Consumer<OverloadNotice> overloadListener = notice -> { };
  private volatile Consumer<OverloadNotice> lifecycleOverload;

  BerthServer(ServerSettings settings, ServeSettings serving) {
    this.engine = new ServerEngine(settings);
    this.serving = serving;
    lifecycleOverload = notice -> serving.output().event(Events.overload(notice)); // serveUntilStopped says them in order instead
    engine.flood().listener(notice -> {
      overloadListener.accept(notice);
      lifecycleOverload.accept(notice);
    });
  }

  /**
   * A builder; at least one endpoint and a handler or application are required.
   *
   * @return a new builder with the safe defaults
   */
  public static BerthServerBuilder builder() {
    return new BerthServerBuilder();
  }

  /**
   * Binds every endpoint, then starts the application, then serves. Completes with the
   * report: check {@link BindReport#succeeded()}. On failure nothing is left bound (and a
   * Vert.x instance this server created is closed).
   *
   * @return the report; a failed future for {@link ApplicationStartException}, for
   *     {@link InvalidEndpointException} (names that resolve to overlapping addresses), or
   *     an {@link IllegalStateException} when called a second time
   */
  public Future<BindReport> start() {
    if (!state.compareAndSet(State.NEW, State.STARTING)) {
      return Future.failedFuture(new IllegalStateException("start() may be called once; this server is " + state.get()));
    }
    Future<BindReport> started;
    try {
      started = engine.start(this);
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    return started.andThen(ar -> {
      state.set(ar.succeeded() && ar.result().succeeded() ? State.RUNNING : State.FAILED);
      startSettled.tryComplete();
    });
  }

  /**
   * Blocking {@link #start()}, for code not on a Vert.x thread.
   *
   * @return the report
   * @throws ApplicationStartException when the application's start failed
   * @throws InvalidEndpointException when endpoints overlap once their names resolve
   */
  public BindReport startAndWait() {
    requireNotOnVertxThread("startAndWait()");
    return await(start());
  }

  /**
   * The one serve lifecycle, the one {@code berth serve} runs: starts, says where it listens
   * (or why it cannot) through the builder's {@link BerthServerBuilder#output output}, tells
   * the {@link BerthServerBuilder#listener listeners} each step (bound, ready, overload, TLS
   * reloaded or kept, stopping, stopped), reloads TLS on SIGHUP (unless turned off), serves
   * until SIGTERM or SIGINT, drains for up to {@code drainTimeout}, and returns the status of
   * the exit-code contract: 0 after a clean stop, 64 for endpoints that overlap once resolved,
   * 70 when the application fails to start, a bind failure's code otherwise; a second signal
   * while draining returns 128 + its number at once. Pass it to your one {@code System.exit}:
   * without it, the JVM exits 143 after SIGTERM.
   *
   * @param drainTimeout how long in-flight requests may finish after the signal
   * @return the process exit status
   */
  public int serveUntilStopped(Duration drainTimeout) {
    requireNotOnVertxThread("serveUntilStopped()");
    return new ServeLoop(this, drainTimeout, serving, listener -> lifecycleOverload = listener).run();
  }

  /**
   * The connection cap in force once started.
   *
   * @return {@link ConnectionLimits#maxConnections()}, or the default computed from the
   *     descriptor limit; 0 before {@link #start()}
   */
  public int maxConnections() {
    return engine.flood().maxConnections();
  }

  /**
   * Tells the listener each overload line as the builder's {@link BerthServerBuilder#output output} says it (cap reached,
   * accept failing, slow connections shed; at most one per kind every 10 s), with its counts. Called on a Vert.x thread.
   *
   * @param listener told each {@link OverloadNotice}; replaces an earlier one
   * @return this server
   */
  public BerthServer onOverload(Consumer<OverloadNotice> listener) {
    overloadListener = java.util.Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * The report of the start, once it completed.
   *
   * @return the report, or empty before {@link #start()} completed (and when the
   *     application failed before anything was bound)
   */
  public Optional<BindReport> report() {
    return Optional.ofNullable(engine.report());
  }

  /**
   * Where the server listens, one entry per endpoint, in the order given.
   *
   * @return the bound endpoints while {@link State#RUNNING}, else an empty list
   */
  public List<BindOutcome.Bound> addresses() {
    BindReport r = engine.report();
    return state.get() == State.RUNNING && r != null ? r.bound() : List.of();
  }

  /**
   * The first TCP endpoint's actual port (the one the OS chose behind port 0).
   *
   * @return the port
   * @throws IllegalStateException unless {@link State#RUNNING} with a TCP endpoint
   */
  public int port() {
    State now = state.get();
    if (now != State.RUNNING) {
      throw new IllegalStateException("no port: the server is " + now + "; port() is known while it is RUNNING");
    }
    return addresses().stream().filter(b -> b.port() >= 0).findFirst()
        .orElseThrow(() -> new IllegalStateException("no port: every endpoint of this server is a unix socket")).port();
  }

  /**
   * The Vert.x instance: the one given to the builder, or the one this server created.
   *
   * @return the instance
   * @throws IllegalStateException before {@link #start()} when none was given (it does not exist yet)
   */
  public Vertx vertx() {
    Vertx v = engine.vertx();
    if (v == null) {
      throw new IllegalStateException("no Vert.x instance yet: the server creates one in start(); this server is " + state.get());
    }
    return v;
  }

  /**
   * Where the server is in its life.
   *
   * @return the current state
   */
  public State state() {
    return state.get();
  }

  /**
   * Whether the server is serving requests.
   *
   * @return true while {@link State#RUNNING}
   */
  public boolean isRunning() {
    return state.get() == State.RUNNING;
  }

  /**
   * Stops accepting, lets in-flight requests finish for up to {@code drainTimeout} (then
   * closes what is left), stops the application, removes socket files this server
   * created, and closes a Vert.x instance this server created. Called while the server is
   * {@link State#STARTING}, it waits until the start settles and then stops a server that
   * started. Before start, after a failed start, or a second time, it does nothing.
   *
   * @param drainTimeout how long in-flight requests may finish
   * @return completes when everything is closed
   */
  public Future<Void> stop(Duration drainTimeout) {
    if (state.get() == State.STARTING) {
      return startSettled.future().compose(x -> stop(drainTimeout));
    }
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      return Future.succeededFuture();
    }
    return engine.stop(drainTimeout).andThen(x -> state.set(State.STOPPED));
  }

  /**
   * Reads the TLS material again, checks it as at start, and swaps it into every
   * {@code https://} endpoint; on any problem the old material stays served and the future
   * fails with a {@link TlsMaterialException}. Open connections keep their session. On
   * success {@link #report()} shows the new certificate.
   *
   * @return what the TLS endpoints present from now on
   */
  public Future<CertificateFacts> reloadTls() {
    return isRunning() ? engine.reloadTls() : Future.failedFuture(new IllegalStateException("not running: this server is " + state.get()));
  }

  /**
   * Blocking {@link #stop(Duration)}.
   *
   * @param drainTimeout how long in-flight requests may finish
   */
  public void stopAndWait(Duration drainTimeout) {
    requireNotOnVertxThread("stopAndWait()");
    await(stop(drainTimeout));
  }

  ServerSettings settings() {
    return engine.settings();
  }

  private static void requireNotOnVertxThread(String method) {
    if (Context.isOnVertxThread()) {
      throw new IllegalStateException(method + " would block a Vert.x thread; use start() and stop()");
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }
}

package dev.berth.server.internal.engine;

import dev.berth.server.Endpoint;
import dev.berth.server.internal.bind.UnixSocketProbe;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every listening socket one server opened, in whatever state binding left it, so that
 * "close everything" (a failed start, a stop) has one place to look: the Vert.x servers,
 * the unix socket files Berth created (removed only while still ours), and the listen
 * claims that keep other servers of the instance off our addresses.
 */
public final class ListenerSet {

  /** The servers bound for one endpoint (one per instance), the socket file we created, our claim. */
  public record Listener(Endpoint endpoint, List<HttpServer> servers, Path socketFile, Object socketKey, Runnable releaseClaim) {}

  private final List<Listener> listeners = new ArrayList<>();

  public synchronized void add(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Stops accepting on every listener, lets in-flight requests finish for up to
   * {@code drainTimeout}, then removes our socket files and releases our claims.
   */
  public Future<Void> closeAll(Duration drainTimeout) {
    List<Listener> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(listeners);
      listeners.clear();
    }
    List<Future<Void>> closing = new ArrayList<>();
    for (Listener listener : toClose) {
      for (HttpServer server : listener.servers()) {
        closing.add(server.shutdown(drainTimeout.toMillis(), TimeUnit.MILLISECONDS));
      }
    }
    return Future.join(closing).transform(x -> {
      for (Listener listener : toClose) {
        removeSocketFileIfOurs(listener);
        listener.releaseClaim().run();
      }
      return Future.succeededFuture();
    });
  }

  private static void removeSocketFileIfOurs(Listener listener) {
    if (listener.socketFile() == null || listener.socketKey() == null) {
      return;
    }
    try {
      if (listener.socketKey().equals(UnixSocketProbe.fileKey(listener.socketFile()))) {
        Files.deleteIfExists(listener.socketFile());
      }
    } catch (IOException e) {
      Log.of(ListenerSet.class).log(Level.WARNING, "{0}: could not remove socket file: {1}", listener.socketFile(), e);
    }
  }
}

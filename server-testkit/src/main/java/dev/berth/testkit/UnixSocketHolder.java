package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a live server on a unix socket path, so a test can prove that a server under test refuses
 * the path instead of unlinking it and stealing it — and check afterwards, with {@link
 * #isReachable()}, that the original listener still answers.
 *
 * <p>Connections are accepted and closed at once by a daemon thread. {@link #close()} removes the
 * socket file only if it is still the one this holder created (same device, inode and inode change
 * time: an inode number freed meanwhile may already belong to another file), so it never deletes a
 * file that something else put there meanwhile. Thread-safe.
 */
public final class UnixSocketHolder implements AutoCloseable {
  private final Path path;
  private final ServerSocketChannel channel;
  private final List<Object> identity;
  private final Thread acceptor;
  private boolean closed;

  private UnixSocketHolder(Path path, ServerSocketChannel channel, List<Object> identity) {
    this.path = path;
    this.channel = channel;
    this.identity = identity;
    this.acceptor = new Thread(this::acceptLoop, "berth-unix-holder-" + path.getFileName());
    this.acceptor.setDaemon(true);
  }

  /** Binds and listens on {@code path}, which must not exist yet; fails if it cannot. */
  public static UnixSocketHolder hold(Path path) {
    Objects.requireNonNull(path, "path");
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      ch.bind(UnixDomainSocketAddress.of(path), 16);
      UnixSocketHolder holder = new UnixSocketHolder(path, ch, UnixSockets.identity(path));
      holder.acceptor.start();
      if (!UnixSockets.isLiveListener(path)) {
        holder.close();
        throw new IllegalStateException("unix socket " + path + " was bound but does not accept connections");
      }
      return holder;
    } catch (IOException | UnsupportedOperationException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // bind failed; nothing to release
        }
      }
      throw new IllegalStateException("cannot hold unix socket " + path + ": " + e, e);
    }
  }

  private void acceptLoop() {
    while (true) {
      try (SocketChannel accepted = channel.accept()) {
        Objects.requireNonNull(accepted);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!channel.isOpen()) {
          return;
        }
      }
    }
  }

  /** The socket path. */
  public Path path() {
    return path;
  }

  /** True if a client can connect to {@link #path()} right now (whoever listens there). */
  public boolean isReachable() {
    return UnixSockets.isLiveListener(path);
  }

  /** Stops listening and removes the file if it is still ours; safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
      acceptor.join(2000);
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && identity.equals(UnixSockets.identity(path))) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release unix socket " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "UnixSocketHolder[unix:" + path + "]";
  }
}

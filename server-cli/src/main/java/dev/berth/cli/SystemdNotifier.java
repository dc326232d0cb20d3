package dev.berth.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Tells systemd (Type=notify) about readiness and failure through $NOTIFY_SOCKET. The JDK
 * cannot send unix datagrams, so this uses Netty's epoll datagram channel, connected first
 * (a packet written to a merely registered channel fails). Best effort: a notification that
 * cannot be sent is logged, never fatal. Without NOTIFY_SOCKET it does nothing.
 */
final class SystemdNotifier implements AutoCloseable {

  private static final long SEND_TIMEOUT_MILLIS = 2000;

  private final String socketPath;
  private EventLoopGroup group;
  private Channel channel;
  private boolean broken;

  private SystemdNotifier(String socketPath) {
    this.socketPath = socketPath;
  }

  static SystemdNotifier fromEnvironment() {
    String path = System.getenv("NOTIFY_SOCKET");
    return new SystemdNotifier(path == null || path.isEmpty() ? null : path);
  }

  boolean isEnabled() {
    return socketPath != null;
  }

  /** Sends one datagram of newline-separated assignments, e.g. {@code READY=1\nSTATUS=...}. */
  synchronized void send(String... assignments) {
    if (socketPath == null || broken) {
      return;
    }
    String message = String.join("\n", assignments) + "\n";
    try {
      if (channel == null) {
        connect();
      }
      if (!channel.writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8))
          .await(SEND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      broken = true;
      Say.warn("cannot notify systemd at NOTIFY_SOCKET=" + socketPath + ": " + e);
    }
  }

  private void connect() throws InterruptedException {
    Epoll.ensureAvailability();
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    // An '@' names an abstract-namespace socket (untested; see docs/operations.md).
    String path = socketPath.startsWith("@") ? "\0" + socketPath.substring(1) : socketPath;
    var connected = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
        .handler(new ChannelInboundHandlerAdapter())
        .connect(new DomainSocketAddress(path));
    if (!connected.await(SEND_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("connect timed out");
    }
    if (!connected.isSuccess()) {
      throw new IllegalStateException("connect failed: " + connected.cause(), connected.cause());
    }
    channel = connected.channel();
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(SEND_TIMEOUT_MILLIS);
    }
    if (group != null) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(SEND_TIMEOUT_MILLIS);
    }
  }
}

package dev.berth.server.internal.inherit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vert.x's epoll transport, plus one thing Vert.x 5 has no API for: an HTTP server whose
 * listening socket is a descriptor this process inherited. Everything else is delegated.
 *
 * <p>How, in short (docs/operations.md has the design note): each inherited socket is
 * registered under a made-up unix socket path in a directory that cannot exist
 * ({@code /proc/berth-inherited/...}), and Berth listens on that path. Vert.x then asks
 * this transport for a domain-socket channel factory, converts the path and binds; the
 * conversion marks the current thread, and the factory, called next on the same thread by
 * Netty's {@code ServerBootstrap.bind}, wraps the inherited descriptor in
 * {@code EpollServerSocketChannel(fd)} or {@code EpollServerDomainSocketChannel(fd)} and
 * swallows the bind (the socket is already bound and listening). The made-up path keeps
 * the failure mode safe: if the marker were ever missed, the bind would fail on a path that
 * cannot exist instead of binding an address of our own. {@code --instances} shares the
 * listener through Vert.x's own sharing key, the path.
 */
public final class InheritingTransport implements Transport {

  private static final String MARKER_DIR = "/proc/berth-inherited/";
  private static final AtomicInteger MARKERS = new AtomicInteger();

  /** One inherited socket: its descriptor, its family, and whether a channel now owns it. */
  public static final class Registration {
    final int fd;
    final boolean unix;
    final boolean tcpNoDelay;
    volatile boolean taken;
    /** The channel that owns the descriptor, once Vert.x listens. */
    volatile Channel channel;

    Registration(int fd, boolean unix, boolean tcpNoDelay) {
      this.fd = fd;
      this.unix = unix;
      this.tcpNoDelay = tcpNoDelay;
    }
  }

  private final Transport delegate;
  private final Map<String, Registration> byMarker = new ConcurrentHashMap<>();
  private final ThreadLocal<Registration> converting = new ThreadLocal<>();

  public InheritingTransport(Transport epoll) {
    this.delegate = epoll;
  }

  /** Registers a validated descriptor; listen on the returned path to serve it. */
  public String register(Registration registration) {
    String marker = MARKER_DIR + ProcessHandle.current().pid() + "-" + MARKERS.incrementAndGet() + "/fd-" + registration.fd;
    byMarker.put(marker, registration);
    return marker;
  }

  @Override
  public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
    Registration registration = address.isDomainSocket() ? byMarker.get(address.path()) : null;
    converting.set(registration);
    return delegate.convert(address);
  }

  @Override
  public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
    ChannelFactory<? extends ServerChannel> ordinary = delegate.serverChannelFactory(domainSocket);
    if (!domainSocket) {
      return ordinary;
    }
    return () -> {
      Registration registration = converting.get();
      converting.remove();
      if (registration == null) {
        return ordinary.newChannel();
      }
      registration.taken = true;
      ServerChannel channel = registration.unix
          ? new EpollServerDomainSocketChannel(registration.fd, true)
          : new EpollServerSocketChannel(registration.fd);
      channel.pipeline().addFirst(new AlreadyListening(registration.tcpNoDelay && !registration.unix));
      // No accept until the whole start succeeded (InheritedSockets.startAccepting): a start
      // that fails must leave queued connections to the next process, not take and drop them.
      channel.config().setAutoRead(false);
      registration.channel = channel;
      return channel;
    };
  }

  /**
   * Completes the bind without binding (the descriptor listens already; a second bind
   * would fail with EINVAL) and gives accepted TCP connections the TCP_NODELAY that Vert.x
   * applies only to listeners it believes are TCP.
   */
  private static final class AlreadyListening extends ChannelDuplexHandler {
    private final boolean tcpNoDelay;

    AlreadyListening(boolean tcpNoDelay) {
      this.tcpNoDelay = tcpNoDelay;
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
      promise.setSuccess();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (tcpNoDelay && msg instanceof Channel child) {
        child.config().setOption(ChannelOption.TCP_NODELAY, true);
      }
      ctx.fireChannelRead(msg);
    }
  }

  // Everything below is the epoll transport's own behaviour.

  @Override
  public boolean supportsDomainSockets() {
    return delegate.supportsDomainSockets();
  }

  @Override
  public boolean supportFileRegion() {
    return delegate.supportFileRegion();
  }

  @Override
  public boolean isAvailable() {
    return delegate.isAvailable();
  }

  @Override
  public Throwable unavailabilityCause() {
    return delegate.unavailabilityCause();
  }

  @Override
  public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
    return delegate.convert(address);
  }

  @Override
  public IoHandlerFactory ioHandlerFactory() {
    return delegate.ioHandlerFactory();
  }

  @Override
  public io.netty.channel.EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
    return delegate.eventLoopGroup(type, threads, factory, ioRatio);
  }

  @Override
  public DatagramChannel datagramChannel() {
    return delegate.datagramChannel();
  }

  // Vert.x's Transport still declares this overload with Netty's deprecated family type.
  @SuppressWarnings("deprecation")
  @Override
  public DatagramChannel datagramChannel(InternetProtocolFamily family) {
    return delegate.datagramChannel(family);
  }

  @Override
  public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
    return delegate.channelFactory(domainSocket);
  }

  @Override
  public void configure(DatagramChannel channel, DatagramSocketOptions options) {
    delegate.configure(channel, options);
  }

  @Override
  public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
    delegate.configure(options, domainSocket, bootstrap);
  }

  @Override
  public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
    delegate.configure(options, connectTimeout, domainSocket, bootstrap);
  }
}

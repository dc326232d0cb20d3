package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A loopback DNS server that answers every query with NXDOMAIN, so a test of "host does not
 * resolve" gets a fast, definite answer and its lookups never leave the machine.
 *
 * <p>Point a resolver you control at {@link #hostAndPort()} (Vert.x: {@code
 * AddressResolverOptions.addServer("127.0.0.1:P")}). glibc's resolv.conf cannot name a port, so a
 * child process that resolves through glibc only reaches this responder if it listens on port 53
 * (see {@link #startOn(String, int)}), inside a private network and mount namespace where
 * loopback is up and a resolv.conf naming it is bind-mounted over /etc/resolv.conf: {@link
 * OfflineDns#namespace()} sets all of that up in one call. Thread-safe.
 */
public final class NxdomainResponder implements AutoCloseable {
  private static final int RCODE_NXDOMAIN = 3;

  private final DatagramChannel channel;
  private final InetSocketAddress local;
  private final AtomicInteger answered = new AtomicInteger();
  private final List<String> names = new ArrayList<>();
  private final Thread loop;
  private volatile Consumer<String> onQuery;

  private NxdomainResponder(DatagramChannel channel) throws IOException {
    this.channel = channel;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.loop = new Thread(this::serve, "berth-nxdomain-" + local.getPort());
    this.loop.setDaemon(true);
    this.loop.start();
  }

  /** Starts on 127.0.0.1 with an ephemeral UDP port. */
  public static NxdomainResponder start() {
    return startOn("127.0.0.1", 0);
  }

  /** Starts on {@code host:port}, e.g. 127.0.0.1:53 when privileged and the port is free. */
  public static NxdomainResponder startOn(String host, int port) {
    DatagramChannel ch = null;
    try {
      InetAddress address = InetAddress.getByName(host);
      ch = DatagramChannel.open(PortHolder.familyOf(address) == StandardProtocolFamily.INET
          ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
      ch.bind(new InetSocketAddress(address, port));
      return new NxdomainResponder(ch);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // bind failed; nothing to release
        }
      }
      throw new IllegalStateException("cannot start DNS responder on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private void serve() {
    ByteBuffer in = ByteBuffer.allocate(4096);
    while (true) {
      try {
        in.clear();
        SocketAddress from = channel.receive(in);
        in.flip();
        byte[] reply = Dns.nxdomainReply(in, this::recordName);
        if (reply != null) {
          // counted before sending, so a client that got the reply always sees it counted
          answered.incrementAndGet();
          channel.send(ByteBuffer.wrap(reply), from);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (!channel.isOpen()) {
          return;
        }
      }
    }
  }

  private void recordName(String name) {
    synchronized (names) {
      names.add(name);
    }
    Consumer<String> listener = onQuery;
    if (listener != null) {
      listener.accept(name); // before the reply goes out, so whoever got NXDOMAIN finds the name recorded
    }
  }

  /** Also tells {@code listener} each name asked for, before answering; for the namespace child. */
  NxdomainResponder onQuery(Consumer<String> listener) {
    this.onQuery = listener;
    return this;
  }

  /** The UDP port. */
  public int port() {
    return local.getPort();
  }

  /** {@code 127.0.0.1:P} (brackets for IPv6), as resolver options take it. */
  public String hostAndPort() {
    return Hosts.endpoint(local.getAddress(), local.getPort());
  }

  /** True between start and {@link #close()}. */
  public boolean isRunning() {
    return channel.isOpen();
  }

  /** How many queries got an NXDOMAIN reply so far. */
  public int queriesAnswered() {
    return answered.get();
  }

  /** The names asked for so far, in order, without the trailing dot. */
  public List<String> queriedNames() {
    synchronized (names) {
      return List.copyOf(names);
    }
  }

  /**
   * Fails unless this responder was asked for {@code name} (without the trailing dot): proof that
   * the server under test really looked the name up here and got its NXDOMAIN from us, so a
   * "host unresolved" it reports is not from some other failure. As {@link OfflineDns#assertQueried}.
   */
  public void assertQueried(String name) {
    List<String> asked = queriedNames();
    if (!asked.contains(name)) {
      throw new AssertionError("the NXDOMAIN responder on " + hostAndPort() + " was never asked for " + name
          + " (it was asked for " + asked + "): the server did not look it up here, so a failure it"
          + " reported is not from this DNS server");
    }
  }

  /**
   * Writes {@code dir/resolv.conf} naming this responder's address; glibc will query it on port 53
   * only, so it is useful when {@link #port()} is 53. Returns the file.
   */
  public Path writeResolvConf(Path dir) {
    Path file = dir.resolve("resolv.conf");
    String text = "# written by berth server-testkit NxdomainResponder; glibc always uses port 53,"
        + " this responder listens on " + hostAndPort() + "\n"
        + "nameserver " + Hosts.literal(local.getAddress()) + "\n"
        + "options timeout:1 attempts:1\n";
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Stops answering; safe to call twice. */
  @Override
  public void close() {
    try {
      channel.close();
      loop.join(2000);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close DNS responder " + hostAndPort(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "NxdomainResponder[" + hostAndPort() + "]";
  }
}

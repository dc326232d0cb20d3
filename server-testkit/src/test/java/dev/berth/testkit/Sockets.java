package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Optional;

/** Test helper: what a plain JDK server gets when it binds somewhere, as an error message or nothing. */
final class Sockets {
  private Sockets() {}

  /** Empty if {@code host:port} could be bound (and was released again), else the bind error. */
  static Optional<String> bindError(String host, int port) {
    try (ServerSocketChannel ch = ServerSocketChannel.open(
        PortHolder.familyOf(InetAddress.getByName(host)))) {
      ch.bind(new InetSocketAddress(host, port), 1);
      return Optional.empty();
    } catch (BindException e) {
      return Optional.of("BindException: " + e.getMessage());
    } catch (IOException e) {
      return Optional.of(e.toString());
    }
  }

  /**
   * Returns once {@code host:port} can be bound, retrying for up to 2 s: a child being spawned by
   * another test thread may hold a copy of a just-closed socket until it execs.
   */
  static void awaitBindableAfterRelease(String host, int port) {
    Await.until(host + ":" + port + " bindable after its release", Duration.ofSeconds(2), () -> {
      assertThat(bindError(host, port)).isEmpty();
      return true;
    });
  }

  /** Same, with a default (dual-stack) JDK socket, as most servers open it. */
  static Optional<String> defaultBindError(String host, int port) {
    try (ServerSocketChannel ch = ServerSocketChannel.open()) {
      ch.bind(new InetSocketAddress(host, port), 1);
      return Optional.empty();
    } catch (BindException e) {
      return Optional.of("BindException: " + e.getMessage());
    } catch (IOException e) {
      return Optional.of(e.toString());
    }
  }

  static boolean ipv6Available() {
    try (ServerSocketChannel ch = ServerSocketChannel.open(java.net.StandardProtocolFamily.INET6)) {
      ch.bind(new InetSocketAddress("::1", 0));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}

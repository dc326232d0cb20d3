package dev.berth.testkit.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The child side of {@code Privilege.privilegedBindRefusal()}: tries one bind and reports how the
 * OS answered, by exit code (0 refused with permission denied, 1 bound, 2 failed otherwise). Not
 * API.
 */
public final class BindProbeMain {
  private BindProbeMain() {}

  public static void main(String[] args) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 1);
      System.out.println("BOUND " + s.getLocalSocketAddress());
      System.exit(1);
    } catch (BindException e) {
      System.out.println("REFUSED " + e.getMessage());
      System.exit(e.getMessage() != null && e.getMessage().contains("Permission denied") ? 0 : 2);
    } catch (IOException | RuntimeException e) {
      System.out.println("FAILED " + e);
      System.exit(2);
    }
  }
}

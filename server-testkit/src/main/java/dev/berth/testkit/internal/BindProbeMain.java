package dev.berth.testkit.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The child side of {@code Privilege.privilegedBindRefusal()}: tries one bind and reports how the
 * OS answered as one line on stdout, {@code REFUSED}, {@code BOUND} or {@code FAILED}, followed by
 * the OS's words. It never calls System.exit: the verdict is the line, so a JVM that failed to start
 * cannot be mistaken for one. Not API.
 */
public final class BindProbeMain {
  private BindProbeMain() {}

  public static void main(String[] args) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 1);
      System.out.println("BOUND " + s.getLocalSocketAddress());
    } catch (BindException e) {
      System.out.println("REFUSED " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      System.out.println("FAILED " + e);
    }
  }
}

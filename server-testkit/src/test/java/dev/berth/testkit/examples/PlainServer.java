package dev.berth.testkit.examples;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Someone's server, not Berth: binds HOST PORT and reports a failure with a sysexits-style exit
 * code (75 in use, 77 permission denied, 78 address not available or host unknown, 1 otherwise).
 * The examples test it from outside, as they would test any server (quoted in docs/testkit.md, so
 * the examples there need nothing beyond the published testkit).
 */
// tag::plain-server[]
public final class PlainServer {
  private PlainServer() {}

  public static void main(String[] args) throws InterruptedException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(java.net.InetAddress.getByName(args[0]), Integer.parseInt(args[1])));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("stopping")));
      System.err.println("listening on " + socket.getLocalSocketAddress());
      Thread.sleep(Long.MAX_VALUE);
    } catch (BindException e) {
      System.err.println("cannot bind " + args[0] + ":" + args[1] + ": " + e.getMessage());
      String m = String.valueOf(e.getMessage());
      System.exit(m.contains("in use") ? 75 : m.contains("Permission denied") ? 77 : 78);
    } catch (UnknownHostException e) {
      System.err.println("cannot resolve " + args[0]);
      System.exit(78);
    } catch (IOException e) {
      System.err.println("failed: " + e);
      System.exit(1);
    }
  }
}
// end::plain-server[]

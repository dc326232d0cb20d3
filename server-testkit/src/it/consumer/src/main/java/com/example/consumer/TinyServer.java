package com.example.consumer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Someone else's server: binds HOST PORT, exits 75 when the address is in use, 1 on other errors. */
public final class TinyServer {
  private TinyServer() {}

  public static void main(String[] args) throws Exception {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
      System.err.println("tiny server listening on " + socket.getLocalSocketAddress());
      Thread.sleep(Long.MAX_VALUE);
    } catch (BindException e) {
      System.err.println("cannot bind " + args[0] + ":" + args[1] + ": " + e.getMessage());
      System.exit(75);
    } catch (IOException e) {
      System.err.println("failed: " + e);
      System.exit(1);
    }
  }
}

package dev.berth.testkit.internal;

import dev.berth.testkit.PortHolder;
import java.io.IOException;

/**
 * The child side of {@code ForeignPortHolder}: holds a port in its own process, prints {@code
 * HOLDING <port>} once the hold is verified, and exits when its stdin closes (the parent closed it
 * or died). Not API.
 */
public final class HoldPortMain {
  private HoldPortMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: HoldPortMain HOST PORT");
      return; // the parent sees the process end before HOLDING, with this line on stderr
    }
    try (PortHolder holder = PortHolder.hold(args[0], Integer.parseInt(args[1]))) {
      System.out.println("HOLDING " + holder.port());
      System.out.flush();
      while (System.in.read() != -1) {
        // hold until the parent closes our stdin
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("cannot hold " + args[0] + ":" + args[1] + ": " + e.getMessage());
    }
  }
}

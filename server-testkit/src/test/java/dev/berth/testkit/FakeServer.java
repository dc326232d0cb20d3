package dev.berth.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in server for harness tests, run as a real child JVM: {@code exit CODE MESSAGE} prints
 * MESSAGE to stderr and exits with CODE; {@code serve [READY_FILE]} prints "listening" lines to
 * stderr and stdout, creates READY_FILE after a short delay, and runs until killed.
 */
public final class FakeServer {
  private FakeServer() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "exit":
        for (int i = 1; i <= 30; i++) {
          System.err.println("log line " + i);
        }
        System.err.println(args[2]);
        System.exit(Integer.parseInt(args[1]));
        break;
      case "serve":
        System.out.println("stdout says hello");
        System.out.flush();
        Thread.sleep(200);
        if (args.length > 1) {
          Files.writeString(Path.of(args[1]), "ready\n");
        }
        System.err.println("listening on 127.0.0.1:1234");
        Thread.sleep(Long.MAX_VALUE);
        break;
      default:
        System.err.println("unknown mode " + args[0]);
        System.exit(2);
    }
  }
}

package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The NXDOMAIN responder inside {@link OfflineDns#namespace()}'s private network namespace, which
 * the test JVM cannot reach: it binds 127.0.0.1:53 there, appends every name asked for to a file
 * the test reads (before answering), marks itself ready with a second file, and exits when its
 * parent (the server the namespace shell became) is gone. In this package, not {@code internal},
 * because it hooks the responder's package-private query listener.
 *
 * <p>Arguments: {@code QUERIES-FILE READY-FILE}.
 */
final class NamespaceResponderMain {
  private NamespaceResponderMain() {}

  public static void main(String[] args) throws Exception {
    Path queries = Path.of(args[0]);
    Path ready = Path.of(args[1]);
    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
    try (NxdomainResponder dns = NxdomainResponder.startOn("127.0.0.1", 53).onQuery(name -> append(queries, name))) {
      Files.writeString(ready, dns.hostAndPort() + "\n", StandardCharsets.US_ASCII);
      if (parent == null) {
        return;
      }
      parent.onExit().join();
    }
  }

  private static synchronized void append(Path file, String name) {
    try {
      Files.writeString(file, name + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

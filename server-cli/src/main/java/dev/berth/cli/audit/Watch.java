package dev.berth.cli.audit;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What to look for while a start that should fail runs. Any part may be null.
 *
 * @param listenedOnFailing true for a set of {@link ListeningSockets} that includes an endpoint that should have failed
 * @param servedOnFailing an HTTP probe of an endpoint that should have failed (checked less often: it connects)
 * @param liveUnix a live server's unix socket path, to see whether it is taken over
 * @param firstPort the first of two endpoints (free), to time how long it listened
 */
record Watch(Predicate<Set<String>> listenedOnFailing, BooleanSupplier servedOnFailing, Path liveUnix, Integer firstPort) {

  static Watch port(int port) {
    return new Watch(s -> ListeningSockets.hasPort(s, port), null, null, null);
  }
}

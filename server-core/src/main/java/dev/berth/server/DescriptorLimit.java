package dev.berth.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/**
 * The process's open-file limit and use, so the default connection cap can stay below it:
 * every accepted connection costs one descriptor, and an accept that finds none left fails
 * with EMFILE, which Netty reports only as a warning with a stack trace. The figures are the
 * ones the JVM itself sees (HotSpot raises the soft limit to the hard one at start-up, so
 * the soft limit read here is the one that counts).
 */
final class DescriptorLimit {

  /**
   * Descriptors kept back for berth itself beyond what is open when serving starts: report
   * files, unix-socket publishing, the holder lookup in /proc, log files, jars the JVM opens
   * later, sd_notify, a few pipes.
   */
  static final int RESERVE = 64;

  /** The smallest default cap, however tight the limit: a server that accepts nothing is no use. */
  static final int MINIMUM_DEFAULT_CAP = 16;

  private DescriptorLimit() {}

  /** RLIMIT_NOFILE as this process sees it, when the platform says. */
  static OptionalLong max() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /**
   * Descriptors open in this process now, when the platform says. Empty when the count
   * itself needs a descriptor that is not there: the JDK lists /proc/self/fd and throws an
   * InternalError on EMFILE, exactly when an accept-failure line asks for the count.
   */
  static OptionalLong open() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      try {
        long open = unix.getOpenFileDescriptorCount();
        return open >= 0 ? OptionalLong.of(open) : OptionalLong.empty();
      } catch (RuntimeException | InternalError e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }

  /**
   * The default cap: the limit, minus what is open now, minus {@link #RESERVE}; at least
   * {@link #MINIMUM_DEFAULT_CAP}. Unlimited (Integer.MAX_VALUE) where the limit is unknown.
   */
  static int defaultCap() {
    OptionalLong max = max();
    if (max.isEmpty()) {
      return Integer.MAX_VALUE;
    }
    long free = max.getAsLong() - open().orElse(0) - RESERVE;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(MINIMUM_DEFAULT_CAP, free));
  }

  /** For lines: "descriptor limit 2048, 131 open", or what is known of it. */
  static String describe() {
    OptionalLong max = max();
    OptionalLong open = open();
    return (max.isPresent() ? "descriptor limit " + max.getAsLong() : "descriptor limit unknown")
        + (open.isPresent() ? ", " + open.getAsLong() + " open" : "");
  }
}

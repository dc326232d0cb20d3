package dev.berth.server.internal.limits;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's open-file limit and use, so the default connection cap can stay below it:
 * every accepted connection costs one descriptor, and an accept that finds none left fails
 * with EMFILE, which Netty reports only as a warning with a stack trace. The figures are the
 * ones the JVM itself sees (HotSpot raises the soft limit to the hard one at start-up, so
 * the soft limit read here is the one that counts).
 */
public final class DescriptorLimit {

  /**
   * Descriptors kept back for berth itself beyond what is open when serving starts: report
   * files, unix-socket publishing, the holder lookup in /proc, log files, jars the JVM opens
   * later, sd_notify, a few pipes.
   */
  public static final int RESERVE = 64;

  /** The smallest default cap, however tight the limit: a server that accepts nothing is no use. */
  public static final int MINIMUM_DEFAULT_CAP = 16;

  private static final Path LIMITS = Path.of("/proc/self/limits");
  private static final String OPEN_FILES = "Max open files";
  private static final File FDS = new File("/proc/self/fd");

  /** The limit as last read from /proc (null before the first read). */
  private static volatile OptionalLong lastMax;

  private DescriptorLimit() {}

  /**
   * RLIMIT_NOFILE as this process sees it, when the platform says: the soft limit from
   * /proc/self/limits on Linux (the figure the platform MXBean gives, without starting the
   * JDK's management layer, which cost every start about 15 ms), else the MXBean's. When no
   * descriptor is left to read the file with (EMFILE, exactly when an accept-failure line asks),
   * the last figure read; the MXBean is never started then, as loading its library needs a
   * descriptor too.
   */
  public static OptionalLong max() {
    try {
      for (String line : Files.readAllLines(LIMITS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(OPEN_FILES)) {
          String soft = line.substring(OPEN_FILES.length()).trim().split("\\s+")[0];
          OptionalLong read = soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
          lastMax = read;
          return read;
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // not Linux, or no descriptor left to read it with
    }
    OptionalLong last = lastMax;
    if (last != null || FDS.getParentFile().isDirectory()) {
      return last != null ? last : OptionalLong.empty();
    }
    try {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
        long max = unix.getMaxFileDescriptorCount();
        return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
      }
    } catch (RuntimeException | LinkageError unavailable) {
      // no management library here
    }
    return OptionalLong.empty();
  }

  /**
   * Descriptors open in this process now, when the platform says: the entries of
   * /proc/self/fd, less the one the listing itself opens (as the platform MXBean counts).
   * Empty when the count itself needs a descriptor that is not there (EMFILE), exactly when
   * an accept-failure line asks for it.
   */
  public static OptionalLong open() {
    String[] entries = FDS.list();
    if (entries != null) {
      return OptionalLong.of(Math.max(0, entries.length - 1));
    }
    if (FDS.getParentFile().isDirectory()) {
      return OptionalLong.empty();
    }
    try {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
        long open = unix.getOpenFileDescriptorCount();
        return open >= 0 ? OptionalLong.of(open) : OptionalLong.empty();
      }
    } catch (RuntimeException | LinkageError | InternalError e) {
      // no management library here, or no descriptor to list with
    }
    return OptionalLong.empty();
  }

  /**
   * The default cap: the limit, minus what is open now, minus {@link #RESERVE}; at least
   * {@link #MINIMUM_DEFAULT_CAP}. Unlimited (Integer.MAX_VALUE) where the limit is unknown.
   */
  public static int defaultCap() {
    OptionalLong max = max();
    if (max.isEmpty()) {
      return Integer.MAX_VALUE;
    }
    long free = max.getAsLong() - open().orElse(0) - RESERVE;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(MINIMUM_DEFAULT_CAP, free));
  }

  /** For lines: "descriptor limit 2048, 131 open", or what is known of it. */
  public static String describe() {
    OptionalLong max = max();
    OptionalLong open = open();
    return (max.isPresent() ? "descriptor limit " + max.getAsLong() : "descriptor limit unknown")
        + (open.isPresent() ? ", " + open.getAsLong() + " open" : "");
  }
}

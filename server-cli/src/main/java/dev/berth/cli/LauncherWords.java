package dev.berth.cli;

import dev.berth.server.internal.OptionWords;
import dev.berth.server.internal.inherit.ListenFds;
import java.util.HashMap;
import java.util.Map;

/**
 * What server-core learns from the berth launcher before any server is built: the flag names
 * its lines should name (core's own lines name the builder's options), and where the
 * bin/berth script put systemd's LISTEN_* variables ({@code berth.listen.*} properties, so
 * that the application and its children do not inherit them).
 */
final class LauncherWords {

  static final OptionWords FLAGS = new OptionWords("--max-connections", "--header-timeout", "--no-native-transport",
      "rerun with --verbose");

  private LauncherWords() {}

  static void install() {
    OptionWords.use(FLAGS);
    ListenFds.environmentFrom(LauncherWords::listenVariables);
  }

  private static Map<String, String> listenVariables() {
    String fds = System.getProperty("berth.listen.fds");
    if (fds == null) {
      return System.getenv();
    }
    Map<String, String> moved = new HashMap<>();
    moved.put("LISTEN_FDS", fds);
    moved.put("LISTEN_PID", System.getProperty("berth.listen.pid", ""));
    moved.put("LISTEN_FDNAMES", System.getProperty("berth.listen.fdnames", ""));
    return moved;
  }
}

package dev.berth.server.internal.bind;

import dev.berth.server.TcpEndpoint;
import dev.berth.server.UnixEndpoint;
import dev.berth.server.BindFailure;
import dev.berth.server.Endpoint;
import dev.berth.server.InheritedEndpoint;
import dev.berth.server.internal.ApiAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds which process holds a busy port or socket path, from /proc, so an "in use"
 * message can name it. Best effort: other users' processes are visible only to root,
 * and outside Linux this finds nothing.
 */
public final class HolderLookup {

  private static final Path PROC = Path.of("/proc");
  private static final String LISTEN = "0A";

  private HolderLookup() {}

  public static Optional<BindFailure.Holder> holderOf(Endpoint endpoint) {
    if (endpoint instanceof InheritedEndpoint) {
      return Optional.empty(); // berth binds no address for it, so nobody can hold one against it
    }
    // A process that exits or closes descriptors while we read /proc can hide the holder for
    // a moment (measured in a 16-process race: about one lookup in six came back empty).
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<BindFailure.Holder> found = lookOnce(endpoint);
      if (found.isPresent()) {
        return found;
      }
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return Optional.empty();
  }

  private static Optional<BindFailure.Holder> lookOnce(Endpoint endpoint) {
    try {
      Set<String> inodes = endpoint instanceof TcpEndpoint tcp ? tcpListenInodes(tcp.port()) : unixInodes(((UnixEndpoint) endpoint).path());
      return inodes.isEmpty() ? Optional.empty() : processWith(inodes);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Set<String> tcpListenInodes(int port) throws IOException {
    Set<String> inodes = new HashSet<>();
    String hexPort = ":" + hex4(port);
    for (String table : List.of("net/tcp", "net/tcp6")) {
      Path file = PROC.resolve(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        String[] f = fields(line);
        if (f.length > 9 && f[1].endsWith(hexPort) && LISTEN.equals(f[3])) {
          inodes.add(f[9]);
        }
      }
    }
    return inodes;
  }

  private static Set<String> unixInodes(Path path) throws IOException {
    Set<String> inodes = new HashSet<>();
    String wanted = path.toAbsolutePath().toString();
    for (String line : Files.readAllLines(PROC.resolve("net/unix"), StandardCharsets.UTF_8)) {
      String[] f = fields(line);
      // Num RefCount Protocol Flags Type St Inode Path; flags 00010000 = listening.
      // Berth's own sockets show under their private name (see UnixSocketPublisher).
      if (f.length >= 8 && (f[7].equals(wanted) || UnixSocketPublisher.isPrivateNameOf(f[7], path.toAbsolutePath()))
          && f[3].equals("00010000")) {
        inodes.add(f[6]);
      }
    }
    return inodes;
  }

  private static Optional<BindFailure.Holder> processWith(Set<String> inodes) throws IOException {
    Set<String> targets = new HashSet<>();
    for (String inode : inodes) {
      targets.add("socket:[" + inode + "]");
    }
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
      for (Path process : processes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
          for (Path fd : fds) {
            try {
              if (targets.contains(Files.readSymbolicLink(fd).toString())) {
                long pid = Long.parseLong(process.getFileName().toString());
                return Optional.of(ApiAccess.get().holder(pid, commandLine(process)));
              }
            } catch (IOException gone) {
              // the descriptor closed while we looked
            }
          }
        } catch (IOException | SecurityException | java.nio.file.DirectoryIteratorException notOurs) {
          // another user's process, or it exited while we listed its descriptors
        }
      }
    }
    return Optional.empty();
  }

  private static String commandLine(Path process) {
    try {
      byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
      String text = withoutControls(new String(raw, StandardCharsets.UTF_8)).trim();
      return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    } catch (IOException e) {
      return "";
    }
  }

  // Plain loops below, not String.format, split or replaceAll: this runs once, cold, on the
  // path a supervisor waits on, where compiling a regex or starting a Formatter cost more than
  // reading /proc (about 14 ms of 21, from -Xlog:class+load timestamps).

  /** A port as /proc/net/tcp writes it: four upper-case hex digits. */
  private static String hex4(int port) {
    String hex = Integer.toHexString(port).toUpperCase(Locale.ROOT);
    return "0000".substring(hex.length()) + hex;
  }

  /** The whitespace-separated fields of a /proc/net line. */
  private static String[] fields(String line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        fields.add(line.substring(start, i));
      }
    }
    return fields.toArray(new String[0]);
  }

  private static boolean isNumber(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Each run of control characters (the NULs between arguments) as one space. */
  private static String withoutControls(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inRun = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (!inRun) {
          out.append(' ');
        }
        inRun = true;
      } else {
        out.append(c);
        inRun = false;
      }
    }
    return out.toString();
  }
}

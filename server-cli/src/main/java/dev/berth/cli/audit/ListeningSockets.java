package dev.berth.cli.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process tree really listens on, read from /proc (its descriptors' socket inodes
 * looked up in the tables of its own network namespace), never from a connect: a held port
 * completes a client's handshake without anyone accepting, so a connect proves nothing.
 * Linux only; elsewhere the set is empty.
 */
final class ListeningSockets {
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)\\]");
  private static final String TCP_LISTEN = "0A";
  private static final int UNIX_ACCEPTING = 0x10000;

  private ListeningSockets() {}

  /** {@code 127.0.0.1:8080}, {@code [::1]:8080}, {@code unix:/run/app.sock}, for {@code pid} and its descendants. */
  static Set<String> of(long pid) {
    Set<Long> inodes = new HashSet<>();
    ProcessHandle.of(pid).ifPresent(root -> {
      inodes.addAll(socketInodes(root.pid()));
      root.descendants().forEach(child -> inodes.addAll(socketInodes(child.pid())));
    });
    Set<String> out = new LinkedHashSet<>();
    if (inodes.isEmpty()) {
      return out;
    }
    Path net = Path.of("/proc", Long.toString(pid), "net");
    tcp(net.resolve("tcp"), inodes, false, out);
    tcp(net.resolve("tcp6"), inodes, true, out);
    for (String line : lines(net.resolve("unix"))) {
      String[] c = line.trim().split("\\s+");
      if (c.length >= 8 && isHex(c[3]) && (Integer.parseInt(c[3], 16) & UNIX_ACCEPTING) != 0
          && inodes.contains(parseLong(c[6]))) {
        out.add("unix:" + c[7]);
      }
    }
    return out;
  }

  /** True when {@code listening} has a TCP socket on {@code port}, whatever its address. */
  static boolean hasPort(Set<String> listening, int port) {
    String suffix = ":" + port;
    return listening.stream().anyMatch(s -> !s.startsWith("unix:") && s.endsWith(suffix));
  }

  private static Set<Long> socketInodes(long pid) {
    Set<Long> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(Long.parseLong(m.group(1)));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException | SecurityException e) {
      // gone, or not ours to read
    }
    return inodes;
  }

  private static void tcp(Path table, Set<Long> inodes, boolean v6, Set<String> out) {
    for (String line : lines(table)) {
      String[] c = line.trim().split("\\s+");
      if (c.length < 10 || !TCP_LISTEN.equals(c[3]) || !inodes.contains(parseLong(c[9]))) {
        continue;
      }
      String[] local = c[1].split(":");
      int port = Integer.parseInt(local[1], 16);
      out.add((v6 ? "[" + v6Address(local[0]) + "]" : v4Address(local[0])) + ":" + port);
    }
  }

  private static String v4Address(String hex) {
    long n = Long.parseLong(hex, 16);
    return (n & 0xFF) + "." + (n >> 8 & 0xFF) + "." + (n >> 16 & 0xFF) + "." + (n >> 24 & 0xFF);
  }

  /** Four little-endian 32-bit words; printed uncompressed but for the two usual cases. */
  private static String v6Address(String hex) {
    StringBuilder s = new StringBuilder();
    for (int w = 0; w < 4; w++) {
      String word = hex.substring(w * 8, w * 8 + 8);
      for (int b = 3; b >= 0; b -= 2) {
        if (s.length() > 0) {
          s.append(':');
        }
        s.append(Integer.toHexString(Integer.parseInt(word.substring(b * 2, b * 2 + 2) + word.substring(b * 2 - 2, b * 2), 16)));
      }
    }
    String full = s.toString();
    if (full.equals("0:0:0:0:0:0:0:0")) {
      return "::";
    }
    if (full.equals("0:0:0:0:0:0:0:1")) {
      return "::1";
    }
    return full;
  }

  private static List<String> lines(Path table) {
    try {
      List<String> all = Files.readAllLines(table);
      return all.isEmpty() ? all : all.subList(1, all.size());
    } catch (IOException | SecurityException e) {
      return List.of();
    }
  }

  private static boolean isHex(String s) {
    return s.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

package dev.berth.testkit;

import java.net.Inet6Address;
import java.net.InetAddress;

/** One canonical text for addresses, so fixtures print endpoints the way Berth parses them. */
final class Hosts {
  private Hosts() {}

  /** {@code 127.0.0.1}, or an RFC 5952 compressed IPv6 literal such as {@code ::1}. */
  static String literal(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLen - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(groups[i]));
    }
    return s.toString();
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  static String endpoint(InetAddress address, int port) {
    String literal = literal(address);
    return (address instanceof Inet6Address ? "[" + literal + "]" : literal) + ":" + port;
  }
}

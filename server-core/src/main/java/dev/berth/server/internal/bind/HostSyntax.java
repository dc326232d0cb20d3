package dev.berth.server.internal.bind;

import dev.berth.server.internal.ApiAccess;
import dev.berth.server.InvalidEndpointException;
import dev.berth.server.TcpEndpoint;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host text rules, kept strict so that a typo is a usage error at parse time and never
 * a DNS lookup or a bind on some unintended address.
 */
public final class HostSyntax {

  /** The forms a TCP endpoint takes, as the remedy of a syntax error. */
  public static final String FORMS = "use HOST:PORT, [IPV6]:PORT or unix:PATH, e.g. 127.0.0.1:8080";

  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

  private HostSyntax() {}

  public static String bracketIfV6(String host) {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  public static boolean isIpv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (part.length() > 1 && part.charAt(0) == '0') {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  public static boolean looksLikeIpv6(String host) {
    return host.indexOf(':') >= 0 && IPV6_CHARS.matcher(host).matches();
  }

  /** Validates a host given bare (no brackets) and returns its canonical form. */
  public static String canonicalHost(String input, String host) {
    if (host.isEmpty()) {
      throw ApiAccess.get().invalidEndpoint(input, "empty host", FORMS);
    }
    if (host.indexOf(':') >= 0) {
      return canonicalIpv6(input, host);
    }
    if (DIGITS_AND_DOTS.matcher(host).matches()) {
      if (!isIpv4(host)) {
        throw ApiAccess.get().invalidEndpoint(input, "'" + host + "' is not a valid IPv4 address",
            "use four numbers 0-255 without leading zeros, e.g. 127.0.0.1");
      }
      return host;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.length() > 253) {
      throw ApiAccess.get().invalidEndpoint(input, "host name is longer than 253 characters", "use a shorter name or an IP address");
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw ApiAccess.get().invalidEndpoint(input, "'" + host + "' is not a valid host name",
            "use letters, digits and '-' in dot-separated labels, or an IP address");
      }
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      throw ApiAccess.get().invalidEndpoint(input, "'" + host + "' is neither an IPv4 address nor a host name",
          "use four numbers 0-255 (127.0.0.1) or a name whose last label is not all digits");
    }
    return name;
  }

  private static String canonicalIpv6(String input, String host) {
    if (!IPV6_CHARS.matcher(host).matches()) {
      throw ApiAccess.get().invalidEndpoint(input, "'" + host + "' is not a valid IPv6 address", "write e.g. [::1]:8080");
    }
    int percent = host.indexOf('%');
    String address = percent < 0 ? host : host.substring(0, percent);
    String scope = percent < 0 ? "" : host.substring(percent);
    byte[] bytes;
    try {
      // A literal containing only hex digits, ':' and '.' is never looked up in DNS.
      InetAddress parsed = InetAddress.getByName("[" + address + "]");
      if (!(parsed instanceof Inet6Address)) {
        return parsed.getHostAddress();
      }
      bytes = parsed.getAddress();
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw ApiAccess.get().invalidEndpoint(input, "'" + host + "' is not a valid IPv6 address", "write e.g. [::1]:8080");
    }
    return compress(bytes) + scope;
  }

  /** RFC 5952 text: lower case, no leading zeros, the longest run (>= 2) of zero groups as '::'. */
  public static String compress(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}

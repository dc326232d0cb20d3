package dev.berth.server.internal.http1;

import java.util.Locale;

/**
 * The few RFC 9110 character classes the framing checks need (token, optional whitespace,
 * authority), written out once so that the request head and chunk extensions are judged by
 * the same rules.
 */
public final class Tokens {

  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
  private static final String REG_NAME_SYMBOLS = "-._~%!$&'()*+,;=";

  private Tokens() {}

  public static boolean isTchar(byte b) {
    char c = (char) (b & 0xff);
    return c < 0x80 && (Character.isLetterOrDigit(c) || TCHAR_SYMBOLS.indexOf(c) >= 0);
  }

  public static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff || !isTchar((byte) s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Strips spaces and horizontal tabs only: a vertical tab or form feed is not whitespace in HTTP. */
  public static String trimOws(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  /** {@code host [":" port]} as in RFC 3986 (reg-name, IPv4 or bracketed IP literal), no userinfo; empty is allowed. */
  public static boolean isAuthority(String s) {
    String host = s;
    String port = "";
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        return false;
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return false;
      }
      port = rest.isEmpty() ? "" : rest.substring(1);
      if (host.isEmpty() || !host.chars().allMatch(c -> c == ':' || c == '.' || isAsciiAlnum(c))) {
        return false;
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon >= 0) {
        host = s.substring(0, colon);
        port = s.substring(colon + 1);
      }
      if (!host.chars().allMatch(c -> isAsciiAlnum(c) || REG_NAME_SYMBOLS.indexOf(c) >= 0)) {
        return false;
      }
    }
    return port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Lower-case host, and the port only when it is given and not the scheme's default. */
  public static String normalAuthority(String authority, String scheme) {
    String s = authority.toLowerCase(Locale.ROOT);
    int colon = s.lastIndexOf(':');
    if (colon >= 0 && colon > s.lastIndexOf(']')) {
      String port = s.substring(colon + 1).replaceFirst("^0+(?=.)", "");
      String defaultPort = scheme.equals("https") ? "443" : "80";
      s = port.isEmpty() || port.equals(defaultPort) ? s.substring(0, colon) : s.substring(0, colon + 1) + port;
    }
    return s;
  }

  private static boolean isAsciiAlnum(int c) {
    return c < 0x80 && Character.isLetterOrDigit(c);
  }
}

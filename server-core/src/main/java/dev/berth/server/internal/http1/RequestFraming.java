package dev.berth.server.internal.http1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a complete request head (request line and header fields up to the empty line, every
 * line ending in CRLF) as RFC 9112 says it must be read, and decides how its body is framed.
 * Request smuggling lives in the gap between two parsers that read the same bytes
 * differently; Netty repairs some ambiguous heads (it drops Content-Length beside chunked,
 * unfolds obsolete line folding, ignores a Transfer-Encoding it does not know), so a proxy in
 * front and berth would disagree. Here every such head is refused instead of repaired.
 *
 * <p>One rule goes beyond the RFC, which tells an origin server to ignore Host when the target
 * is in absolute form: berth refuses the request when the target's authority and Host differ
 * (host compared without case, a missing or default port equal to the scheme's default), so
 * a proxy that routes by Host and an application that reads the target cannot disagree.
 */
public final class RequestFraming {

  public enum Body { NONE, LENGTH, CHUNKED }

  /**
   * How the body after an accepted head is delimited ({@code length} only for LENGTH), and
   * whether the client waits for {@code 100 Continue} before sending it.
   */
  public record Framing(Body body, long length, boolean expectsContinue) {}

  private record RequestLine(String method, String target, boolean http11) {}

  private static final class Fields {
    final List<String> host = new ArrayList<>();
    final List<String> contentLength = new ArrayList<>();
    final List<String> transferEncoding = new ArrayList<>();
    boolean expect;
  }

  private RequestFraming() {}

  /** The framing of {@code head}, or why it is refused. */
  public static Framing judge(byte[] head, int maxLine, int maxHeaders) throws RefusedRequest {
    int lineEnd = endOfLine(head, 0);
    if (lineEnd > maxLine) {
      throw new RefusedRequest(414, "request line longer than " + maxLine + " bytes");
    }
    RequestLine line = requestLine(head, lineEnd);
    Fields fields = new Fields();
    int size = 0;
    for (int start = lineEnd + 2, end; (end = endOfLine(head, start)) > start; start = end + 2) {
      size += end - start + 2;
      if (size > maxHeaders) {
        throw new RefusedRequest(431, "header fields longer than " + maxHeaders + " bytes");
      }
      field(head, start, end, fields);
    }
    return framing(line, fields);
  }

  private static RequestLine requestLine(byte[] b, int end) throws RefusedRequest {
    int sp1 = indexOf(b, ' ', 0, end);
    int sp2 = sp1 < 0 ? -1 : indexOf(b, ' ', sp1 + 1, end);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || indexOf(b, ' ', sp2 + 1, end) >= 0) {
      throw RefusedRequest.badRequest("request line is not METHOD SP TARGET SP VERSION");
    }
    for (int i = 0; i < sp1; i++) {
      if (!Tokens.isTchar(b[i])) {
        throw RefusedRequest.badRequest("invalid character in the method");
      }
    }
    for (int i = sp1 + 1; i < sp2; i++) {
      int c = b[i] & 0xff;
      if (c <= 0x20 || c >= 0x7f || c == '#') {
        throw RefusedRequest.badRequest("invalid character in the request target");
      }
    }
    String version = ascii(b, sp2 + 1, end);
    if (!isVersionSyntax(version)) {
      throw RefusedRequest.badRequest("malformed HTTP version");
    }
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new RefusedRequest(505, "HTTP version not supported");
    }
    String method = ascii(b, 0, sp1);
    String target = ascii(b, sp1 + 1, sp2);
    boolean asterisk = target.equals("*");
    if (asterisk && !method.equals("OPTIONS")) {
      throw RefusedRequest.badRequest("the * target is only for OPTIONS");
    }
    if (method.equals("CONNECT") ? !Tokens.isAuthority(target) || target.isEmpty()
        : !asterisk && !target.startsWith("/") && scheme(target) == null) {
      throw RefusedRequest.badRequest("request target is not in origin, absolute, authority or * form");
    }
    return new RequestLine(method, target, version.equals("HTTP/1.1"));
  }

  /** HTTP/DIGIT.DIGIT, checked by hand: a regex here compiled once per request (a profile of wrk's load showed it). */
  private static boolean isVersionSyntax(String v) {
    return v.length() == 8 && v.startsWith("HTTP/") && isDigit(v.charAt(5)) && v.charAt(6) == '.' && isDigit(v.charAt(7));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void field(byte[] b, int start, int end, Fields fields) throws RefusedRequest {
    String name = fieldName(b, start, end);
    String value = Tokens.trimOws(new String(b, start + name.length() + 1, end - start - name.length() - 1, StandardCharsets.ISO_8859_1));
    switch (name) {
      case "host" -> fields.host.add(value);
      case "content-length" -> fields.contentLength.add(value);
      case "transfer-encoding" -> fields.transferEncoding.add(value);
      case "expect" -> fields.expect = true;
      default -> { }
    }
  }

  /**
   * Checks one field line (no CRLF) of a head or a trailer section: no obsolete folding, a
   * token right before the colon, no control character in the value. Returns the name in
   * lower case.
   */
  public static String fieldName(byte[] b, int start, int end) throws RefusedRequest {
    if (b[start] == ' ' || b[start] == '\t') {
      throw RefusedRequest.badRequest("obsolete line folding");
    }
    int colon = indexOf(b, ':', start, end);
    if (colon <= start) {
      throw RefusedRequest.badRequest("header line without a name and colon");
    }
    for (int i = start; i < colon; i++) {
      if (!Tokens.isTchar(b[i])) {
        throw RefusedRequest.badRequest("invalid character in a header name");
      }
    }
    for (int i = colon + 1; i < end; i++) {
      int c = b[i] & 0xff;
      if (c != '\t' && (c < 0x20 || c == 0x7f)) {
        throw RefusedRequest.badRequest("invalid character in a header value");
      }
    }
    return ascii(b, start, colon).toLowerCase(Locale.ROOT);
  }

  private static Framing framing(RequestLine line, Fields fields) throws RefusedRequest {
    if (fields.host.size() > 1) {
      throw RefusedRequest.badRequest("more than one Host header");
    }
    if (line.http11() && fields.host.isEmpty()) {
      throw RefusedRequest.badRequest("HTTP/1.1 request without Host");
    }
    String host = fields.host.isEmpty() ? null : fields.host.get(0);
    if (host != null && !Tokens.isAuthority(host)) {
      throw RefusedRequest.badRequest("malformed Host");
    }
    String scheme = scheme(line.target());
    if (scheme != null && !line.method().equals("CONNECT")) {
      String rest = line.target().substring(scheme.length() + 3);
      int cut = rest.length();
      for (char c : new char[] {'/', '?'}) {
        cut = rest.indexOf(c) >= 0 ? Math.min(cut, rest.indexOf(c)) : cut;
      }
      String authority = rest.substring(0, cut);
      if (authority.isEmpty() || !Tokens.isAuthority(authority)) {
        throw RefusedRequest.badRequest("malformed authority in the absolute-form target");
      }
      if (host != null && !Tokens.normalAuthority(authority, scheme).equals(Tokens.normalAuthority(host, scheme))) {
        throw RefusedRequest.badRequest("absolute-form target names a different host than Host");
      }
    }
    if (!fields.transferEncoding.isEmpty()) {
      if (!line.http11()) {
        throw RefusedRequest.badRequest("Transfer-Encoding in an HTTP/1.0 request");
      }
      if (!fields.contentLength.isEmpty()) {
        throw RefusedRequest.badRequest("both Transfer-Encoding and Content-Length");
      }
      transferCodings(fields.transferEncoding);
      return new Framing(Body.CHUNKED, -1, fields.expect);
    }
    if (fields.contentLength.size() > 1) {
      throw RefusedRequest.badRequest("more than one Content-Length");
    }
    if (fields.contentLength.isEmpty()) {
      return new Framing(Body.NONE, 0, fields.expect);
    }
    String length = fields.contentLength.get(0);
    if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw RefusedRequest.badRequest("malformed Content-Length");
    }
    long n = Long.parseLong(length);
    return n == 0 ? new Framing(Body.NONE, 0, fields.expect) : new Framing(Body.LENGTH, n, fields.expect);
  }

  /**
   * Accepts exactly one plain {@code chunked}, last. Other codings before it are valid HTTP
   * that berth does not decode (Vert.x hands the application still-encoded bytes): 501.
   */
  private static void transferCodings(List<String> values) throws RefusedRequest {
    List<String> codings = new ArrayList<>();
    for (String value : values) {
      for (String element : value.split(",", -1)) {
        String coding = Tokens.trimOws(element);
        int semicolon = coding.indexOf(';');
        String name = Tokens.trimOws(semicolon < 0 ? coding : coding.substring(0, semicolon));
        if (!Tokens.isToken(name)) {
          throw RefusedRequest.badRequest("malformed Transfer-Encoding");
        }
        codings.add(name.toLowerCase(Locale.ROOT) + (semicolon < 0 ? "" : ";"));
      }
    }
    if (!codings.get(codings.size() - 1).equals("chunked")) {
      throw RefusedRequest.badRequest("the final transfer coding is not chunked");
    }
    if (codings.stream().filter(c -> c.startsWith("chunked")).count() > 1) {
      throw RefusedRequest.badRequest("chunked applied more than once");
    }
    if (codings.size() > 1) {
      throw new RefusedRequest(501, "transfer coding " + codings.get(0).replace(";", "") + " is not supported");
    }
  }

  /** "http" or "https" when the target is in absolute form with that scheme, else null. */
  private static String scheme(String target) {
    String lower = target.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") ? "http" : lower.startsWith("https://") ? "https" : null;
  }

  /** Where the line starting at {@code from} ends (the index of its CR); the head's length if it does not. */
  private static int endOfLine(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return b.length;
  }

  private static int indexOf(byte[] b, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static String ascii(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
  }
}

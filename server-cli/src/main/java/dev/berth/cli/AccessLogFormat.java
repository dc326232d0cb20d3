package dev.berth.cli;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One access-log line per request: the combined log format of Apache and nginx (what
 * goaccess, awstats and most log shippers read without configuration), or with
 * {@code --log-format json} one JSON object with ECS field names, like berth's other JSON lines.
 */
final class AccessLogFormat {

  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneId.systemDefault());

  private AccessLogFormat() {}

  /** What one finished request left behind, taken on the event loop when it ends. */
  record Entry(long epochMillis, String client, String method, String uri, String protocol, int status,
      long bytes, String referer, String userAgent, long durationNanos) {

    static Entry of(HttpServerRequest request, long startNanos, long epochMillis) {
      SocketAddress remote = request.remoteAddress();
      String client = remote == null ? null : remote.hostAddress() != null ? remote.hostAddress() : remote.path();
      return new Entry(epochMillis, client, request.method().name(), request.uri(), AccessLogFormat.protocol(request.version()),
          request.response().getStatusCode(), request.response().bytesWritten(),
          request.getHeader("Referer"), request.getHeader("User-Agent"), System.nanoTime() - startNanos);
    }
  }

  static String combined(Entry e) {
    StringBuilder line = new StringBuilder(160);
    line.append(e.client() == null || e.client().isEmpty() ? "-" : e.client()).append(" - - [")
        .append(CLF_TIME.format(Instant.ofEpochMilli(e.epochMillis()))).append("] \"");
    quoted(line, e.method() + " " + e.uri() + " " + e.protocol());
    line.append("\" ").append(e.status()).append(' ').append(e.bytes() == 0 ? "-" : Long.toString(e.bytes())).append(" \"");
    quoted(line, e.referer() == null ? "-" : e.referer());
    line.append("\" \"");
    quoted(line, e.userAgent() == null ? "-" : e.userAgent());
    return line.append('"').toString();
  }

  static String json(Entry e) {
    JsonObject line = new JsonObject()
        .put("@timestamp", Instant.ofEpochMilli(e.epochMillis()).toString())
        .put("log.logger", "berth.access")
        .put("client.address", e.client())
        .put("http.request.method", e.method())
        .put("url.original", e.uri())
        .put("http.version", e.protocol().replace("HTTP/", ""))
        .put("http.response.status_code", e.status())
        .put("http.response.body.bytes", e.bytes())
        .put("event.duration", e.durationNanos());
    if (e.referer() != null) {
      line.put("http.request.referrer", e.referer());
    }
    if (e.userAgent() != null) {
      line.put("user_agent.original", e.userAgent());
    }
    return line.encode();
  }

  private static String protocol(HttpVersion version) {
    return switch (version) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2.0";
    };
  }

  /** Inside quotes, a quote, a backslash or a control byte is escaped as nginx does (\xHH), so a line stays one line. */
  private static void quoted(StringBuilder line, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
        line.append(String.format("\\x%02X", (int) c));
      } else {
        line.append(c);
      }
    }
  }
}

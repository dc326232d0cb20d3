package dev.berth.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The HTTP date form (IMF-fixdate, RFC 9110 5.6.7), to the second. The JDK's
 * RFC_1123_DATE_TIME writes a one-digit day ("1 Dec"), which IMF-fixdate does not allow.
 */
final class HttpDates {

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /** The Date header's value, formatted once per second (it is sent on every file response). */
  private static volatile Object[] current = {-1L, ""};

  private HttpDates() {}

  static String now() {
    long second = System.currentTimeMillis() / 1000;
    Object[] cached = current;
    if ((long) cached[0] != second) {
      cached = new Object[] {second, format(second * 1000)};
      current = cached;
    }
    return (String) cached[1];
  }

  static String format(long epochMillis) {
    return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Seconds since the epoch, or -1 when the text is not an IMF-fixdate (the header is then ignored). */
  static long parseSeconds(String text) {
    if (text == null) {
      return -1;
    }
    try {
      return ZonedDateTime.parse(text.trim(), IMF_FIXDATE).toEpochSecond();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}

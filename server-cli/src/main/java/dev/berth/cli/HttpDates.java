package dev.berth.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP date form (IMF-fixdate, RFC 9110 5.6.7), to the second. The JDK's
 * RFC_1123_DATE_TIME writes a one-digit day ("1 Dec"), which IMF-fixdate does not allow.
 */
final class HttpDates {

  /**
   * Day and month names given as maps, as the JDK's own RFC_1123_DATE_TIME does: a pattern with a
   * locale ("EEE", "MMM") loads the locale providers and their resource bundles on the first
   * request, about 30 classes on the way to a start's first answer.
   */
  private static final DateTimeFormatter IMF_FIXDATE = new DateTimeFormatterBuilder()
      .appendText(ChronoField.DAY_OF_WEEK, names("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
      .appendLiteral(", ")
      .appendValue(ChronoField.DAY_OF_MONTH, 2)
      .appendLiteral(' ')
      .appendText(ChronoField.MONTH_OF_YEAR,
          names("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))
      .appendLiteral(' ')
      .appendValue(ChronoField.YEAR, 4)
      .appendLiteral(' ')
      .appendValue(ChronoField.HOUR_OF_DAY, 2)
      .appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .appendLiteral(':')
      .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .appendLiteral(" GMT")
      .toFormatter(Locale.ROOT)
      .withChronology(IsoChronology.INSTANCE)
      .withZone(ZoneOffset.UTC);

  private static Map<Long, String> names(String... names) {
    Map<Long, String> map = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(i + 1L, names[i]);
    }
    return map;
  }

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

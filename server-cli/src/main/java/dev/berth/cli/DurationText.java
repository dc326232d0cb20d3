package dev.berth.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations berth's options take: a number with a unit ({@code 300ms}, {@code 2s},
 * {@code 1.5s}, {@code 1m}, {@code 1h}) or ISO-8601 ({@code PT0.3S}). A bare number is
 * refused, because "5" could mean seconds or milliseconds and guessing wrong is silent.
 */
final class DurationText {

  private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
  private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?");

  private DurationText() {}

  /**
   * @throws IllegalArgumentException with a one-line message naming the text and the fix
   */
  static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (BARE_NUMBER.matcher(t).matches()) {
      throw new IllegalArgumentException("'" + text + "' has no unit; write e.g. " + t + "s or " + t + "ms (or ISO-8601 such as PT" + t + "S)");
    }
    Matcher m = WITH_UNIT.matcher(t);
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      double millis = amount * switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
      if (millis > Long.MAX_VALUE / 2) {
        throw new IllegalArgumentException("'" + text + "' is too long");
      }
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
    if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw new IllegalArgumentException("'" + text + "' is negative; durations must be 0 or more");
        }
        return d;
      } catch (DateTimeParseException e) {
        // fall through to the generic message
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a duration; write a number with a unit (300ms, 2s, 1m, 1h) or ISO-8601 (PT0.3S)");
  }

  /** Short human form: {@code 300ms}, {@code 2s}, {@code 1.5s}. */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 != 0 || millis == 0) {
      return millis + "ms";
    }
    return (millis / 1000) + "s";
  }
}

package dev.berth.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the byte sizes berth's limit options take: a whole number with a binary unit
 * ({@code 512B}, {@code 8KiB}, {@code 10MiB}, {@code 1GiB}). A bare number is refused, like
 * a bare duration: "10" for a body limit is far more likely a forgotten "MiB" than ten bytes,
 * and guessing wrong is silent. Decimal units (KB, MB) are refused too rather than guessed.
 */
final class SizeText {

  private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,19})\\s*(b|kib|mib|gib)");
  private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL_UNIT = Pattern.compile("(\\d+)\\s*([kmg])b?");

  private SizeText() {}

  /**
   * @throws IllegalArgumentException with a one-line message naming the text and the fix
   */
  static long parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (BARE_NUMBER.matcher(t).matches()) {
      throw new IllegalArgumentException("'" + text + "' has no unit; write e.g. " + t + "B, " + t + "KiB or " + t + "MiB");
    }
    Matcher decimal = DECIMAL_UNIT.matcher(t);
    if (decimal.matches()) {
      throw new IllegalArgumentException("'" + text + "' uses a decimal unit; write " + decimal.group(1)
          + decimal.group(2).toUpperCase(Locale.ROOT) + "iB (binary: 1KiB = 1024 bytes)");
    }
    Matcher m = WITH_UNIT.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write a whole number with a unit: 512B, 8KiB, 10MiB, 1GiB");
    }
    long shift = switch (m.group(2)) {
      case "b" -> 0;
      case "kib" -> 10;
      case "mib" -> 20;
      default -> 30;
    };
    try {
      long amount = Long.parseLong(m.group(1));
      if (amount > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return amount << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
  }

  /** Short human form: the largest binary unit that divides the size exactly. */
  static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB"};
    int u = 0;
    long n = bytes;
    while (u < units.length - 1 && n != 0 && n % 1024 == 0) {
      n /= 1024;
      u++;
    }
    return n + units[u];
  }
}

package dev.berth.cli.audit;

import java.util.Locale;

/** How numbers read in every form of the report. */
final class Format {
  private Format() {}

  static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }
}

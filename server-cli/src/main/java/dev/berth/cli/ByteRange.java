package dev.berth.cli;

/**
 * One {@code Range: bytes=...} request against a file of known size (RFC 9110 14.1.2):
 * {@code a-b}, {@code a-} or the last {@code n} bytes {@code -n}. Several ranges, another
 * unit or bad syntax are ignored (the whole file is sent, which the RFC allows); a range
 * that starts past the end is unsatisfiable (416).
 */
record ByteRange(long first, long last) {

  /** Marks a syntactically fine range that no byte of the file satisfies. */
  static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  long length() {
    return last - first + 1;
  }

  /** The range to send, {@link #UNSATISFIABLE}, or null to send the whole file. */
  static ByteRange parse(String header, long size) {
    if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
      return null;
    }
    String spec = header.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    try {
      if (from.isEmpty()) {
        long suffix = digits(to);
        if (suffix == 0 || size == 0) {
          return UNSATISFIABLE;
        }
        return new ByteRange(Math.max(0, size - suffix), size - 1);
      }
      long first = digits(from);
      long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
      if (last < first) {
        return null;
      }
      if (first >= size) {
        return UNSATISFIABLE;
      }
      return new ByteRange(first, Math.min(last, size - 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long digits(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException(text);
    }
    return text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
  }
}

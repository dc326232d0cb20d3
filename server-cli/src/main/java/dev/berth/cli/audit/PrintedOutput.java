package dev.berth.cli.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a run printed, reduced to what a reader of the table needs: its first meaningful line
 * (an error-looking line, the last line of a Python traceback, else the first line), how many
 * lines it printed, and whether a stack trace was among them.
 *
 * @param firstLine the first meaningful line, or empty
 * @param lines non-blank lines on stderr and stdout together
 * @param stackTrace a Java or Python stack trace was printed
 */
record PrintedOutput(String firstLine, int lines, boolean stackTrace) {
  private static final Pattern ERROR = Pattern.compile(
      "(?i)error|exception|fail|refus|denied|in use|cannot|can't|could not|unable|invalid|not found|no such|not available"
          + "|unknown|expired|mismatch|does not|permission|EADDR|EACCES");
  private static final Pattern JAVA_FRAME = Pattern.compile("^\\s+at [\\w$.]+\\(.*\\)$|^Caused by: |^Exception in thread ");
  private static final int MAX = 300;
  /** A log line's leading time stamp, which says nothing about the failure. */
  private static final Pattern STAMP = Pattern.compile("^\\[?\\d{4}-\\d\\d-\\d\\d[ T][\\d:.,]+(?:\\s?(?:Z|[+-]\\d\\d:?\\d\\d))?\\]?\\s*");

  static PrintedOutput of(List<String> stderr, List<String> stdout) {
    List<String> all = new ArrayList<>();
    stderr.stream().filter(l -> !l.isBlank()).forEach(all::add);
    stdout.stream().filter(l -> !l.isBlank()).forEach(all::add);
    boolean trace = false;
    String traceLast = null;
    for (int i = 0; i < all.size(); i++) {
      String line = all.get(i);
      if (JAVA_FRAME.matcher(line).find()) {
        trace = true;
      }
      if (line.startsWith("Traceback (most recent call last)")) {
        trace = true;
        for (int j = i + 1; j < all.size(); j++) {
          String next = all.get(j);
          if (!next.startsWith(" ") && !next.startsWith("\t")) {
            traceLast = traceLast == null ? next : traceLast;
            break;
          }
        }
      }
    }
    String first = traceLast;
    if (first == null) {
      first = all.stream().filter(l -> ERROR.matcher(l).find()).findFirst().orElse(all.isEmpty() ? "" : all.get(0));
    }
    first = STAMP.matcher(first.strip()).replaceFirst("");
    return new PrintedOutput(first.length() > MAX ? first.substring(0, MAX - 1) + "…" : first, all.size(), trace);
  }
}

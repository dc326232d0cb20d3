package dev.berth.cli;

/** How berth writes its log lines to stderr: {@code --log-format text|json}. */
enum LogFormat {
  TEXT, JSON
}

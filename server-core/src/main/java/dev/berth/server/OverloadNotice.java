package dev.berth.server;

/**
 * One overload line, as {@link BerthServer#onOverload} is told it: the words server-core
 * also logs, and the counts behind them, so a caller can pass them on (sd_notify STATUS=,
 * structured logs, a health endpoint) without parsing the line.
 *
 * @param kind {@code cap} (the connection cap reached), {@code accept_failed} (accept failing,
 *     e.g. EMFILE) or {@code shed} (connections closed for slow request headers)
 * @param line the line, naming the limit and the fix
 * @param ended whether this line says the episode is over
 * @param count events since the previous line of this kind
 * @param total events in the episode so far
 * @param open connections open when the line was made
 * @param max the connection cap in force
 */
public record OverloadNotice(String kind, String line, boolean ended, long count, long total, int open, int max) {}

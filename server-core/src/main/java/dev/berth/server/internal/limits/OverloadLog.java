package dev.berth.server.internal.limits;

import dev.berth.server.internal.OptionWords;
import dev.berth.server.OverloadNotice;
import dev.berth.server.internal.ApiAccess;
import dev.berth.server.internal.engine.Log;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * One honest line per overload episode instead of a line (or a Netty stack trace) per
 * event: the first event of an episode is told at once, then a count every
 * {@link #INTERVAL} while it lasts, then one line when an interval passes without any. Each
 * line names the limit and the fix and is passed with its counts to the listener, which says
 * it through the server's one output ({@code ServeOutput}, where the CLI's {@code --log-format
 * json} takes its fields) and tells {@code onOverload}, the metrics and sd_notify STATUS=.
 */
public final class OverloadLog {

  public static final Duration INTERVAL = Duration.ofSeconds(10);


  private static final class Logs {
    static final System.Logger LOG = Log.of(OverloadLog.class);
  }

  /** Counts of one kind: since the last line, and in the whole episode. */
  private static final class Episode {
    boolean active;
    long startedNanos;
    long sinceLine;
    long total;
    String detail = "";
  }

  private final Map<OverloadNotice.Kind, Episode> episodes = new EnumMap<>(OverloadNotice.Kind.class);
  private final Consumer<OverloadNotice> listener;
  private final IntSupplier openConnections;
  private final int cap;
  private final Duration headerTimeout;

  public OverloadLog(Consumer<OverloadNotice> listener, IntSupplier openConnections, int cap, Duration headerTimeout) {
    this.listener = listener;
    this.openConnections = openConnections;
    this.cap = cap;
    this.headerTimeout = headerTimeout;
    for (OverloadNotice.Kind kind : OverloadNotice.Kind.values()) {
      episodes.put(kind, new Episode());
      // Built once now, unused: the first real line comes when descriptors may have run out,
      // and then neither a class file nor a string-concatenation call site may still load.
      first(kind, episodes.get(kind));
      still(kind, episodes.get(kind));
      ended(kind, episodes.get(kind));
    }
    Logs.LOG.isLoggable(System.Logger.Level.DEBUG);
  }

  /** Accepting paused because the cap was reached. */
  public void capReached() {
    event(OverloadNotice.Kind.CAP, "");
  }

  /** An accept failed; {@code what} is the OS's words, e.g. {@code EMFILE (24) Too many open files}. */
  public void acceptFailed(String what) {
    event(OverloadNotice.Kind.ACCEPT_FAILED, what);
  }

  /** A connection was closed for not completing its request headers in time. */
  public void shed() {
    event(OverloadNotice.Kind.SHED, "");
  }

  private void event(OverloadNotice.Kind kind, String detail) {
    String line;
    Episode e;
    synchronized (this) {
      e = episodes.get(kind);
      e.total++;
      e.detail = detail;
      if (e.active) {
        e.sinceLine++;
        return;
      }
      e.active = true;
      e.startedNanos = System.nanoTime();
      e.sinceLine = 0;
      line = first(kind, e);
    }
    emit(false, kind, line, 1, 1);
  }

  /** Called every {@link #INTERVAL}: a count for each episode that goes on, an end line for each that stopped. */
  public void tick() {
    for (OverloadNotice.Kind kind : OverloadNotice.Kind.values()) {
      String line;
      boolean ended;
      long count;
      long total;
      synchronized (this) {
        Episode e = episodes.get(kind);
        if (!e.active) {
          continue;
        }
        count = e.sinceLine;
        total = e.total;
        // The cap is a state: it goes on while it holds, even without a new event.
        boolean goesOn = count > 0 || (kind == OverloadNotice.Kind.CAP && openConnections.getAsInt() >= cap);
        if (goesOn) {
          line = still(kind, e);
          ended = false;
        } else {
          line = ended(kind, e);
          ended = true;
          e.active = false;
          e.total = 0;
        }
        e.sinceLine = 0;
      }
      emit(ended, kind, line, count, total);
    }
  }

  private String first(OverloadNotice.Kind kind, Episode e) {
    return switch (kind) {
      case CAP -> "connection cap reached: " + cap + " connections open (" + OptionWords.current().maxConnections() + " " + cap + "; "
          + DescriptorLimit.describe() + "); new connections wait in the kernel's backlog until one closes."
          + " To serve more at once raise LimitNOFILE= and " + OptionWords.current().maxConnections() + "; " + sheddingNote();
      case ACCEPT_FAILED -> "cannot accept connections: " + e.detail + " (" + DescriptorLimit.describe()
          + "); pausing accept for 1s, then retrying. Raise LimitNOFILE= or lower " + OptionWords.current().maxConnections();
      case SHED -> "closed a connection whose request headers were not complete in time (" + timeouts()
          + "): a slow or stalled client; counting such closes every " + text(INTERVAL) + " while they go on";
    };
  }

  private String still(OverloadNotice.Kind kind, Episode e) {
    return switch (kind) {
      case CAP -> "still at the connection cap (" + cap + " open) for " + text(elapsed(e)) + ", reached " + e.total
          + " times; new connections wait in the kernel's backlog"
          + " (raise LimitNOFILE= and " + OptionWords.current().maxConnections() + " to serve more at once)";
      case ACCEPT_FAILED -> "still cannot accept: " + e.sinceLine + " more failed accepts in the last " + text(INTERVAL)
          + " (" + e.detail + "; " + DescriptorLimit.describe() + "); raise LimitNOFILE= or lower " + OptionWords.current().maxConnections();
      case SHED -> "closed " + e.sinceLine + " more slow connections in the last " + text(INTERVAL)
          + " (request headers not complete in time: " + timeouts() + "), " + e.total + " in all";
    };
  }

  private String ended(OverloadNotice.Kind kind, Episode e) {
    return switch (kind) {
      case CAP -> "below the connection cap again (" + openConnections.getAsInt() + " of " + cap
          + " open); the cap was reached " + e.total + " times over " + text(elapsed(e));
      case ACCEPT_FAILED -> "accepting again: " + e.total + " accepts failed over " + text(elapsed(e));
      case SHED -> "no slow connection closed in the last " + text(INTERVAL) + "; " + e.total
          + " closed over " + text(elapsed(e));
    };
  }

  /** "headerTimeout 10s; 1s while at the connection cap" (see HeaderDeadline#PRESSURE_WAIT). */
  private String timeouts() {
    Duration pressure = headerTimeout.compareTo(HeaderDeadline.PRESSURE_WAIT) < 0 ? headerTimeout : HeaderDeadline.PRESSURE_WAIT;
    return OptionWords.current().headerTimeout() + " " + text(headerTimeout) + "; " + text(pressure) + " while at the connection cap";
  }

  private String sheddingNote() {
    return headerTimeout.isZero()
        ? OptionWords.current().headerTimeout() + " is off, so slow clients can hold every slot"
        : "clients that send no complete request headers within " + OptionWords.current().headerTimeout() + " " + text(headerTimeout)
            + " are closed, at the cap after " + text(headerTimeout.compareTo(HeaderDeadline.PRESSURE_WAIT) < 0
            ? headerTimeout : HeaderDeadline.PRESSURE_WAIT) + " when others wait";
  }

  private void emit(boolean ended, OverloadNotice.Kind kind, String line, long count, long total) {
    try {
      listener.accept(ApiAccess.get().overloadNotice(kind, line, ended, count, total,
          openConnections.getAsInt(), cap));
    } catch (RuntimeException ex) {
      Logs.LOG.log(System.Logger.Level.WARNING, "the overload listener threw: " + ex);
    }
  }

  private static Duration elapsed(Episode e) {
    return Duration.ofNanos(System.nanoTime() - e.startedNanos);
  }

  /** 10s, 1m30s, 250ms: the form the command line takes. */
  public static String text(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0 || ms == 0) {
      return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    return s >= 60 && s % 60 == 0 ? s / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
  }
}
